package dev.medic.analyze;

import java.util.Locale;
import java.util.Set;

/**
 * How strongly a condition says "this target itself is broken", for the rule analyst's tie-breaks:
 * a target that is down or refuses connections is a better root than one that is slow or answers
 * with errors, which is how a dependency's failure shows upstream.
 */
enum ConditionKind {
  /** Down, unreachable, refusing connections, exited: the target does not work at all. */
  HARD_DOWN,
  /** Out of something (connections, memory, disk, a stalled queue): it works, badly, for its own reason. */
  EXHAUSTION,
  /** Errors, slowness, log patterns: what a failing dependency looks like from its dependents. */
  SYMPTOM;

  private static final Set<String> HARD_WORDS = Set.of("down", "unreachable", "connection_error", "refused",
      "exited", "crash_loop", "missing", "unresolvable", "oom_killed", "expired", "unavailable", "not_running");
  private static final Set<String> EXHAUSTION_WORDS = Set.of("exhausted", "leak", "memory", "disk", "full",
      "stalled", "swap", "fds", "lock", "deadlock", "replication_lag", "idle_in_transaction", "cpu", "load",
      "restarting", "unhealthy", "paused", "queue");

  /**
   * Conditions a dependency cannot cause: a certificate's dates, a leak, a full disk belong to the
   * target that has them, whatever else is failing around it.
   */
  private static final Set<String> INTRINSIC_WORDS = Set.of("cert_", "memory_leak", "disk_", "swap_high",
      "fds_high", "oom_killed", "memory_high");

  static ConditionKind of(String condition) {
    String c = normalise(condition);
    if (HARD_WORDS.stream().anyMatch(c::contains)) {
      return HARD_DOWN;
    }
    if (EXHAUSTION_WORDS.stream().anyMatch(c::contains)) {
      return EXHAUSTION;
    }
    return SYMPTOM;
  }

  /** Whether the condition belongs to its own target, whatever its dependencies do. */
  static boolean intrinsic(String condition) {
    String c = normalise(condition);
    return INTRINSIC_WORDS.stream().anyMatch(c::contains);
  }

  private static final Set<String> DEGRADED_WORDS = Set.of("slow", "latency", "lag", "high", "expiring", "stalled",
      "leak", "low", "exhausted", "lock", "warning", "restarting", "unhealthy");

  /** Whether the condition means "works, but badly" rather than "does not work". */
  static boolean degradedOnly(String condition) {
    String c = normalise(condition);
    return of(condition) != HARD_DOWN && DEGRADED_WORDS.stream().anyMatch(c::contains);
  }

  /** Whether the condition is a target flapping between up and down. */
  static boolean flapping(String condition) {
    return normalise(condition).contains("flapping");
  }

  private static String normalise(String condition) {
    return condition == null ? "" : condition.toLowerCase(Locale.ROOT);
  }
}
