package dev.medic.dashboard;

import dev.medic.spi.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One number for "how well is everything": the weighted share of targets that work.
 *
 * <p>Each target weighs 1, a critical one 3. A target that is up counts 1, degraded 0.5, down 0;
 * a target with no result yet is left out (it says nothing either way). The score is {@code 100 x
 * sum(weight x state) / sum(weight)}, rounded to one decimal. Green above 95, yellow from 90 to
 * 95, red below 90. With no target that has a result the score is null ("no results yet").
 *
 * @param score 0..100 with one decimal; null when no target has a result yet
 * @param level {@code green}, {@code yellow}, {@code red}, or {@code none} without a score
 * @param reasons every target not up, worst and heaviest first, then approvals waiting
 */
public record HealthScore(Double score, String level, List<String> reasons) {

  static final int CRITICAL_WEIGHT = 3;

  public HealthScore {
    reasons = List.copyOf(reasons);
  }

  public static HealthScore of(List<TargetState> targets, int approvalsWaiting) {
    double weighed = 0;
    double total = 0;
    List<TargetState> notUp = new ArrayList<>();
    for (TargetState t : targets) {
      Double state = stateOf(t.status());
      if (state == null) {
        continue;
      }
      int weight = t.critical() ? CRITICAL_WEIGHT : 1;
      weighed += weight * state;
      total += weight;
      if (t.status() != Status.UP) {
        notUp.add(t);
      }
    }
    notUp.sort(Comparator.comparing((TargetState t) -> stateOf(t.status()))
        .thenComparing(t -> t.critical() ? 0 : 1)
        .thenComparing(TargetState::name));
    List<String> reasons = new ArrayList<>();
    for (TargetState t : notUp) {
      reasons.add(reason(t));
    }
    if (approvalsWaiting > 0) {
      reasons.add(approvalsWaiting == 1 ? "1 approval is waiting for a person"
          : approvalsWaiting + " approvals are waiting for a person");
    }
    if (total == 0) {
      List<String> none = new ArrayList<>(List.of("no results yet"));
      none.addAll(reasons);
      return new HealthScore(null, "none", none);
    }
    double score = Math.round(1000.0 * weighed / total) / 10.0;
    return new HealthScore(score, level(score), reasons);
  }

  /** green above 95, yellow 90..95, red below 90. */
  static String level(double score) {
    if (score > 95) {
      return "green";
    }
    return score >= 90 ? "yellow" : "red";
  }

  /** What a status counts for; null for a target without a result. */
  private static Double stateOf(Status status) {
    return switch (status) {
      case UP -> 1.0;
      case DEGRADED -> 0.5;
      case DOWN -> 0.0;
      case UNKNOWN -> null;
    };
  }

  /** "db is down (critical): connection refused". */
  private static String reason(TargetState t) {
    String problem = t.problem();
    return t.name() + " is " + t.status().name().toLowerCase(java.util.Locale.ROOT)
        + (t.critical() ? " (critical)" : "") + (problem.isEmpty() ? "" : ": " + problem);
  }
}
