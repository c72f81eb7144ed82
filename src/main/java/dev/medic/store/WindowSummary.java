package dev.medic.store;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Uptime and latency of every target over the windows dashboards ask for, ending where the last
 * roll-up ended, computed once per roll-up so that reading them costs a map lookup. A window asked
 * for that ends within {@link #FRESH} after the roll-up's end is answered from here: such an
 * answer leaves out at most the last few minutes (not rolled yet), of windows an hour or longer.
 */
final class WindowSummary {

  static final List<Duration> WINDOWS =
      List.of(Duration.ofHours(1), Duration.ofHours(24), Duration.ofDays(7), Duration.ofDays(30));
  /** Roll-ups run every 5 minutes, a minute after the bucket ends: this leaves room for one late round. */
  static final Duration FRESH = Duration.ofMinutes(15);

  /** Both maps for one window, ready to hand out. */
  record Answer(Map<String, Double> uptime, Map<String, History.Latency> latency) {
    static Answer of(Map<String, Tally> byTarget) {
      Map<String, Double> uptime = new HashMap<>();
      Map<String, History.Latency> latency = new HashMap<>();
      byTarget.forEach((target, t) -> {
        uptime.put(target, t.uptime());
        latency.put(target, t.toLatency());
      });
      return new Answer(Map.copyOf(uptime), Map.copyOf(latency));
    }
  }

  private final long endMs;
  private final Map<Long, Answer> byLength;

  private WindowSummary(long endMs, Map<Long, Answer> byLength) {
    this.endMs = endMs;
    this.byLength = byLength;
  }

  /** @param totals runs per target over each window's length, all ending at {@code endMs} */
  static WindowSummary compute(long endMs, BiFunction<Long, List<Long>, Map<Long, Map<String, Tally>>> totals) {
    Map<Long, Answer> answers = new HashMap<>();
    totals.apply(endMs, WINDOWS.stream().map(Duration::toMillis).toList())
        .forEach((length, byTarget) -> answers.put(length, Answer.of(byTarget)));
    return new WindowSummary(endMs, Map.copyOf(answers));
  }

  /** The kept answer for [from, to), or null when this summary does not hold that window. */
  Answer answer(long from, long to) {
    if (to < endMs || to > endMs + FRESH.toMillis()) {
      return null;
    }
    return byLength.get(to - from);
  }
}
