package dev.medic.detect;

import dev.medic.config.DetectSettings;
import java.util.List;
import java.util.Locale;

/**
 * Flap detection as Nagios does it: the target's state (up, or not) after each of its last {@code
 * window} check runs, and the weighted percentage of those runs where the state changed. A change
 * weighs 0.8 at the oldest end of the window and 1.2 at the newest, linearly between, so recent
 * changes count more. At {@code high} percent or more the target starts flapping; it stops only
 * below {@code low}, so that a target hovering around one threshold does not flap about flapping.
 *
 * <p>Runs on every observation of every target: the window is a ring of bits, and a run that leaves
 * the state as it was while the target is not flapping costs one comparison (the percentage cannot
 * rise then: every change it holds moves one place older and weighs less). Nothing is allocated
 * unless a signal is given.
 */
final class FlapWatch {

  private static final double OLDEST_WEIGHT = 0.8;
  private static final double NEWEST_WEIGHT = 1.2;

  private final String target;
  private final DetectSettings.Flap settings;
  /** Bit i of the ring: run i was up. Full from the first run on (see {@link #record}). */
  private final long[] ring;
  /** Where the next run goes, which is also the oldest run held. */
  private int next;
  private boolean started;
  private boolean lastUp;
  private boolean flapping;

  FlapWatch(String target, DetectSettings.Flap settings) {
    this.target = target;
    this.settings = settings;
    this.ring = new long[(settings.window() + 63) / 64];
  }

  boolean flapping() {
    return flapping;
  }

  /** After a restart of medic with a {@code flapping} incident open: it holds until the runs say otherwise. */
  void assumeFlapping() {
    flapping = true;
  }

  /** The target's state after one of its check runs; a raise or clear of {@code flapping} goes to {@code signals}. */
  void record(boolean up, List<Signal> signals) {
    if (!started) {
      // The runs before the first count as the first one's state, as Nagios starts a history:
      // no changes yet, and the weights stay where they belong (the newest run weighs most).
      started = true;
      lastUp = up;
      java.util.Arrays.fill(ring, up ? -1L : 0L);
      return;
    }
    boolean changed = up != lastUp;
    lastUp = up;
    set(next, up);
    next = next + 1 == settings.window() ? 0 : next + 1;
    if (!changed && !flapping) {
      return;
    }
    double percent = percentChange();
    if (!flapping && percent >= settings.high()) {
      flapping = true;
      signals.add(new Signal.Raise(target, TargetDetector.FLAPPING, "state changed in " + format(percent)
          + "% of the last " + settings.window() + " runs (weighted; flapping from " + format(settings.high())
          + "%, settles below " + format(settings.low()) + "%)"));
    } else if (flapping && percent < settings.low()) {
      flapping = false;
      signals.add(new Signal.Clear(target, TargetDetector.FLAPPING, "state changed in " + format(percent)
          + "% of the last " + settings.window() + " runs, below " + format(settings.low()) + "%"));
    }
  }

  /** The weighted percentage of state changes across the window, 0..100. */
  double percentChange() {
    int n = settings.window();
    double step = (NEWEST_WEIGHT - OLDEST_WEIGHT) / (n - 2);
    double changes = 0;
    boolean previous = get(next);
    int i = next;
    for (int x = 1; x < n; x++) {
      i = i + 1 == n ? 0 : i + 1;
      boolean up = get(i);
      if (up != previous) {
        changes += OLDEST_WEIGHT + (x - 1) * step;
      }
      previous = up;
    }
    return changes * 100 / (n - 1);
  }

  private boolean get(int i) {
    return (ring[i >>> 6] & (1L << i)) != 0;
  }

  private void set(int i, boolean up) {
    if (up) {
      ring[i >>> 6] |= 1L << i;
    } else {
      ring[i >>> 6] &= ~(1L << i);
    }
  }

  private static String format(double percent) {
    String text = String.format(Locale.ROOT, "%.1f", percent);
    return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
  }
}
