package dev.medic.dashboard;

import dev.medic.store.AuditEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what healing did out of the audit: each attempt's verdict, dry runs and escalations,
 * as lines of the healing log.
 */
final class HealLog {

  /** How the healer words an attempt: "restart-web attempt 1/3: restart process web". */
  private static final Pattern ATTEMPT = Pattern.compile("^(\\S+) attempt (\\d+)/(\\d+): (.*)$", Pattern.DOTALL);

  /** Audit entries worth reading back for this many log lines: the audit holds other kinds too. */
  static final int SCAN = 2000;

  private HealLog() {}

  /** The log's lines from audit entries (most recent first), at most {@code limit}. */
  static List<Overview.HealLine> lines(List<AuditEntry> entries, int limit) {
    List<Overview.HealLine> lines = new ArrayList<>();
    for (AuditEntry e : entries) {
      Overview.HealLine line = line(e);
      if (line != null) {
        lines.add(line);
        if (lines.size() == limit) {
          break;
        }
      }
    }
    return lines;
  }

  /** The log line an audit entry makes; null for entries that are not healing's. */
  static Overview.HealLine line(AuditEntry e) {
    String detail = e.detail() == null ? "" : e.detail();
    return switch (e.kind()) {
      case "attempt" -> attempt(e, detail);
      case "action" -> "dry-run".equals(e.result())
          ? new Overview.HealLine(e.at(), e.target(), e.incidentId(), "dry_run",
              e.target() + ": would run " + nonEmpty(e.strategy()) + ": " + detail + " (dry run)", null, null)
          : null;
      case "escalated" -> new Overview.HealLine(e.at(), e.target(), e.incidentId(), "escalated",
          e.target() + ": escalated to people: " + detail, null, null);
      default -> null;
    };
  }

  private static Overview.HealLine attempt(AuditEntry e, String detail) {
    String result = switch (e.result() == null ? "" : e.result()) {
      case "ok" -> "healed";
      case "no_effect" -> "no_effect";
      default -> "not_healed";
    };
    String verdict = switch (result) {
      case "healed" -> "healed";
      case "no_effect" -> "had no effect";
      default -> "did not heal";
    };
    Matcher m = ATTEMPT.matcher(detail);
    if (!m.matches()) {
      return new Overview.HealLine(e.at(), e.target(), e.incidentId(), result,
          e.target() + ": " + detail + " " + verdict, null, null);
    }
    return new Overview.HealLine(e.at(), e.target(), e.incidentId(), result,
        e.target() + ": " + m.group(1) + " (" + m.group(4) + ") " + verdict,
        Integer.valueOf(m.group(2)), Integer.valueOf(m.group(3)));
  }

  private static String nonEmpty(String s) {
    return s == null ? "" : s;
  }
}
