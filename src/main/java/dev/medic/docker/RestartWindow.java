package dev.medic.docker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * A container's restarts as seen across runs, to tell how many fell within the window. The engine's
 * restart count shows the restarts of its restart policy, even those between two runs; but a start
 * by hand, or by medic's own {@code docker_restart}, resets it to 0. So the window counts a running
 * total: the growth of the restart count, and a new start time the count does not explain as one
 * restart more. A container medic restarts and that dies again is then a crash loop too.
 */
final class RestartWindow {

  private record Sample(Instant at, long total) {}

  private final Duration within;
  private final Deque<Sample> samples = new ArrayDeque<>();
  private long total;
  private Integer lastCount;
  private Instant lastStarted;

  RestartWindow(Duration within) {
    this.within = within;
  }

  /** Restarts within the window, counting this run's look at the container. */
  int observe(Instant at, int count, Instant startedAt) {
    if (lastCount == null) {
      total = count;
    } else {
      long grown = count >= lastCount ? count - lastCount : count; // lower: reset by a start by hand
      boolean newStart = startedAt != null && lastStarted != null && !startedAt.equals(lastStarted);
      total += grown == 0 && newStart ? 1 : grown;
    }
    lastCount = count;
    if (startedAt != null) {
      lastStarted = startedAt;
    }
    samples.addLast(new Sample(at, total));
    // The baseline is the newest sample at or before the window's start: growth after it may have
    // happened inside the window, and a loop is better held a little long than dropped early.
    Instant horizon = at.minus(within);
    while (samples.size() > 1 && !secondSample().isAfter(horizon)) {
      samples.removeFirst();
    }
    return (int) Math.min(Integer.MAX_VALUE, total - samples.peekFirst().total());
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
    List<Sample> all = new ArrayList<>(samples);
    all.add(new Sample(at, Math.max(0, count - inWindow)));
    all.sort(Comparator.comparing(Sample::at));
    samples.clear();
    samples.addAll(all);
  }
}
