package dev.medic.notify;

import dev.medic.spi.Incident;
import dev.medic.spi.MessageKind;
import dev.medic.spi.Notice;
import java.util.List;

/** How a message about an incident reads in a channel's own words: the parts channels share. */
public final class NoticeText {

  private NoticeText() {}

  /** {@code [CRITICAL] api http_error}, {@code APPROVAL NEEDED [WARNING] ...}, {@code ACKNOWLEDGED ...} or {@code RESOLVED ...}. */
  public static String headline(Notice notice) {
    Incident i = notice.incident();
    String label = switch (notice.kind()) {
      case ESCALATION -> "[" + i.severity().name() + "]";
      case APPROVAL_NEEDED -> "APPROVAL NEEDED [" + i.severity().name() + "]";
      case ACKNOWLEDGED -> "ACKNOWLEDGED";
      case RESOLVED -> "RESOLVED";
    };
    return label + " " + i.target() + " " + i.condition();
  }

  /** One line: {@code [CRITICAL] api http_error: ladder exhausted (incident #12)}, and where to approve. */
  public static String summary(Notice notice) {
    return headline(notice) + ": " + why(notice) + " (incident #" + notice.incident().id() + ")" + approval(notice);
  }

  /**
   * Why, then what the check last said when that is something else, then where to approve, then the
   * other incidents a grouped page stands for.
   */
  public static String details(Notice notice) {
    String message = notice.incident().message();
    boolean extra = message != null && !message.isBlank() && !message.equals(why(notice));
    return why(notice) + (extra ? "\n" + message : "") + approval(notice) + extraLines(notice);
  }

  /**
   * The incident's latest analysis ({@code Analysis: rules: db tcp_unreachable (#7), confidence
   * 0.80 — ERRORS_INVESTIGATE: ...}); for a root cause, the targets it took down with it ({@code
   * Affected (depend on it): api, web}); for a grouped page, {@code Also:} and one line per other
   * incident; else empty.
   */
  public static String extraLines(Notice notice) {
    List<String> affected = notice.affected();
    List<String> others = notice.grouped();
    return notice.analysis().map(a -> "\nAnalysis: " + a.line()).orElse("")
        + (affected.isEmpty() ? "" : "\nAffected (depend on it): " + String.join(", ", affected))
        + (others.isEmpty() ? "" : "\n\nAlso (" + others.size() + " more):\n" + String.join("\n", others));
  }

  /** The notice's reason, or the incident's own message when there is none. */
  public static String why(Notice notice) {
    String message = notice.incident().message();
    return !notice.reason().isBlank() ? notice.reason() : message == null ? "" : message;
  }

  private static String approval(Notice notice) {
    return notice.kind() == MessageKind.APPROVAL_NEEDED ? "; approve: POST /api/approvals/" + notice.approvalId() : "";
  }

  /**
   * The summary alerting tools show (PagerDuty, Opsgenie, Alertmanager): {@code [CRITICAL] api
   * http_error: reason (incident #12)}, {@code APPROVAL NEEDED [...] ... approve: POST
   * /api/approvals/7}, {@code RESOLVED api http_error: ...}.
   */
  public static String alertSummary(Notice notice) {
    Incident incident = notice.incident();
    String what = incident.target() + " " + incident.condition() + ": " + notice.reason()
        + " (incident #" + incident.id() + ")";
    String severity = "[" + incident.severity().name() + "] ";
    return switch (notice.kind()) {
      case ESCALATION -> severity + what;
      case APPROVAL_NEEDED -> "APPROVAL NEEDED " + severity + what + " approve: POST /api/approvals/" + notice.approvalId();
      case ACKNOWLEDGED -> "ACKNOWLEDGED " + what;
      case RESOLVED -> "RESOLVED " + what;
    };
  }

  /** At most {@code max} chars, never splitting a surrogate pair, marked with an ellipsis when cut. */
  public static String clip(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = max - 1;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "…";
  }
}
