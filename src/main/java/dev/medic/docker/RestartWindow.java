package dev.medic.docker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A container's restart count as seen across runs, to tell how much it grew within the window. A
 * count that went down (the container was recreated, or started by hand, which resets it) starts
 * the series again.
 */
final class RestartWindow {

  private record Sample(Instant at, int count) {}

  private final Duration within;
  private final Deque<Sample> samples = new ArrayDeque<>();

  RestartWindow(Duration within) {
    this.within = within;
  }

  /** Restarts within the window, counting this sample. */
  int observe(Instant at, int count) {
    if (!samples.isEmpty() && count < samples.peekLast().count()) {
      samples.clear();
    }
    samples.addLast(new Sample(at, count));
    // The baseline is the newest sample at or before the window's start: growth after it may have
    // happened inside the window, and a loop is better held a little long than dropped early.
    Instant horizon = at.minus(within);
    while (samples.size() > 1 && !secondSample().isAfter(horizon)) {
      samples.removeFirst();
    }
    return count - samples.peekFirst().count();
  }

  private Instant secondSample() {
    var it = samples.iterator();
    it.next();
    return it.next().at();
  }

  /**
   * The first look at a container: when it was created within the window, every restart the engine
   * counted happened within it, so a loop already under way is seen on the first run.
   */
  void seed(Instant created, Instant now, int count) {
    if (created != null && !created.isBefore(now.minus(within)) && created.isBefore(now)) {
      samples.addLast(new Sample(created, 0));
    } else if (count > 0) {
      samples.addLast(new Sample(now.minusMillis(1), count)); // older restarts: growth counts from here
    }
  }

  /**
   * Continues from the last run before a restart of medic: at {@code at} the count was {@code count},
   * {@code inWindow} of it within the window. Its baseline is kept as the count at that time, so a
   * loop seen then is still one now, until the window passes without growth.
   */
  void resume(Instant at, int count, int inWindow) {
    java.util.List<Sample> all = new java.util.ArrayList<>(samples);
    all.add(new Sample(at, Math.max(0, count - inWindow)));
    all.sort(java.util.Comparator.comparing(Sample::at));
    samples.clear();
    samples.addAll(all);
  }

  boolean isEmpty() {
    return samples.isEmpty();
  }
}
