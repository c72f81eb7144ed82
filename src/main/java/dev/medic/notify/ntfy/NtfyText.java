package dev.medic.notify.ntfy;

import dev.medic.notify.NoticeText;
import dev.medic.spi.Incident;
import dev.medic.spi.MessageKind;
import dev.medic.spi.Notice;
import dev.medic.spi.Severity;
import java.util.Locale;

/**
 * What the notification shows: a title saying what happened to what, a plain-text message with the
 * reason, what to do for an approval and the incident number, and the priority and tags that set
 * how loudly a phone announces it.
 */
final class NtfyText {

  private NtfyText() {}

  /** {@code [CRITICAL] api http_error}, {@code APPROVAL NEEDED api http_error}, {@code RESOLVED api http_error}. */
  static String title(Notice notice) {
    Incident i = notice.incident();
    String what = i.target() + " " + i.condition();
    return switch (notice.kind()) {
      case ESCALATION -> "[" + i.severity().key().toUpperCase(Locale.ROOT) + "] " + what;
      case APPROVAL_NEEDED -> "APPROVAL NEEDED " + what;
      case ACKNOWLEDGED -> "ACKNOWLEDGED " + what;
      case RESOLVED -> "RESOLVED " + what;
    };
  }

  static String message(Notice notice) {
    StringBuilder sb = new StringBuilder();
    if (!notice.reason().isBlank()) {
      sb.append(notice.reason()).append('\n');
    }
    if (!notice.approvalId().isEmpty()) {
      sb.append("approve: POST /api/approvals/").append(notice.approvalId()).append('\n');
    }
    return sb.append("(incident #").append(notice.incident().id()).append(')').append(NoticeText.extraLines(notice))
        .toString();
  }

  /** ntfy's priority names: a critical incident is urgent (5), a warning default (3), the all-clear low (2). */
  static String priority(Notice notice) {
    if (notice.kind() == MessageKind.RESOLVED || notice.kind() == MessageKind.ACKNOWLEDGED) {
      return "low";
    }
    return notice.incident().severity() == Severity.CRITICAL ? "urgent" : "default";
  }

  /** Emoji short codes ntfy shows before the title. */
  static String tags(Notice notice) {
    return switch (notice.kind()) {
      case RESOLVED -> "white_check_mark";
      case APPROVAL_NEEDED -> "raised_hand";
      case ACKNOWLEDGED -> "eyes";
      case ESCALATION -> notice.incident().severity() == Severity.CRITICAL ? "rotating_light" : "warning";
    };
  }
}
