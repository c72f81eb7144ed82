package dev.medic.heal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pause before the next attempt on a target: {@code backoff}, doubled for each failed attempt in
 * a row, at most {@code backoff_max}; back to none once an incident of the target opens at least
 * {@code backoff_reset} after the last one was resolved.
 */
final class Backoff {

  /** Failed attempts in a row on a target, and when its last incident was resolved. */
  private record Streak(int failed, Instant lastResolved) {}

  private final Map<String, Streak> byTarget = new ConcurrentHashMap<>();

  /** After a restart: each target's streak and last resolution, as the store recorded them. */
  void restore(Map<String, Integer> failedStreaks, Map<String, Instant> lastResolved) {
    java.util.Set<String> targets = new java.util.HashSet<>(failedStreaks.keySet());
    targets.addAll(lastResolved.keySet());
    for (String target : targets) {
      int streak = failedStreaks.getOrDefault(target, 0);
      if (streak > 0 || lastResolved.get(target) != null) {
        byTarget.put(target, new Streak(streak, lastResolved.get(target)));
      }
    }
  }

  void attempted(String target, boolean healed) {
    byTarget.compute(target, (t, b) -> new Streak(healed ? 0 : (b == null ? 0 : b.failed()) + 1,
        b == null ? null : b.lastResolved()));
  }

  void resolved(String target, Instant at) {
    byTarget.compute(target, (t, b) -> new Streak(b == null ? 0 : b.failed(), at));
  }

  /**
   * @param openedAt when the incident about to be worked opened
   */
  Duration before(String target, Instant openedAt, Duration base, Duration max, Duration reset) {
    Streak b = byTarget.get(target);
    if (b == null || b.failed() == 0) {
      return Duration.ZERO;
    }
    if (b.lastResolved() != null && Duration.between(b.lastResolved(), openedAt).compareTo(reset) >= 0) {
      // Reset only what was read: an attempt noted meanwhile by another incident of the target stands.
      byTarget.computeIfPresent(target, (t, now) -> now == b ? new Streak(0, now.lastResolved()) : now);
      return Duration.ZERO;
    }
    long factor = 1L << Math.min(20, b.failed() - 1);
    Duration wait = base.multipliedBy(factor);
    return wait.compareTo(max) > 0 ? max : wait;
  }
}
