package dev.medic.report;

import dev.medic.spi.Report;
import dev.medic.spi.Report.Verdict;
import dev.medic.spi.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The verdict of a report and the rules that gave it. ERRORS_INVESTIGATE when a target is down now,
 * an open incident has been escalated, or an incident was escalated in the window;
 * SUSPICIOUS_INVESTIGATE when incidents opened in the window (healed or not), a target's uptime in the
 * window is below {@link #UPTIME_FLOOR} %, or a healing attempt failed; otherwise ALL_GOOD. Each rule
 * that fires is one reason line.
 */
final class VerdictRules {

  /** Below this uptime in the window a target is suspicious. */
  static final double UPTIME_FLOOR = 99.0;

  record Judged(Verdict verdict, List<String> reasons) {}

  private VerdictRules() {}

  static Judged judge(List<Report.TargetLine> targets, Report.Counts counts, int hours) {
    String window = "in the last " + hours + "h";
    List<String> errors = new ArrayList<>();
    List<String> suspicious = new ArrayList<>();
    for (Report.TargetLine t : targets) {
      if (t.status() == Status.DOWN) {
        errors.add(t.name() + " is down now");
      }
      if (t.openIncident() != null && t.escalated()) {
        errors.add("incident #" + t.openIncident() + " (" + t.name() + " " + t.openCondition()
            + ") is open and escalated");
      }
    }
    if (counts.escalated() > 0) {
      errors.add(count(counts.escalated(), "incident") + " escalated " + window);
    }
    if (counts.opened() > 0) {
      suspicious.add(count(counts.opened(), "incident") + " opened " + window + " (" + counts.healed() + " healed)");
    }
    for (Report.TargetLine t : targets) {
      if (t.uptimePercent() != null && t.uptimePercent() < UPTIME_FLOOR) {
        suspicious.add(t.name() + " uptime " + percent(t.uptimePercent()) + " " + window + " (below "
            + percent(UPTIME_FLOOR) + ")");
      }
    }
    if (counts.healFailures() > 0) {
      suspicious.add(count(counts.healFailures(), "healing attempt") + " failed " + window);
    }
    Verdict verdict = !errors.isEmpty() ? Verdict.ERRORS_INVESTIGATE
        : !suspicious.isEmpty() ? Verdict.SUSPICIOUS_INVESTIGATE : Verdict.ALL_GOOD;
    List<String> reasons = new ArrayList<>(errors);
    reasons.addAll(suspicious);
    return new Judged(verdict, reasons);
  }

  /** Of two statuses, the one that says more is wrong: down, then degraded, then unknown, then up. */
  static Status worst(Status a, Status b) {
    return rank(a) >= rank(b) ? a : b;
  }

  private static int rank(Status s) {
    return switch (s) {
      case UP -> 0;
      case UNKNOWN -> 1;
      case DEGRADED -> 2;
      case DOWN -> 3;
    };
  }

  static String percent(double value) {
    return String.format(Locale.ROOT, "%.2f%%", value);
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
