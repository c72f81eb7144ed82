package dev.medic.notify.telegram;

import dev.medic.notify.NoticeText;
import dev.medic.spi.Incident;
import dev.medic.spi.Notice;
import java.util.Locale;

/**
 * The message a person reads in the chat: a bold first line saying what happened to what, the reason,
 * what to do for an approval, and the incident number. Written in MarkdownV2 with everything that comes
 * from the incident escaped.
 */
final class TelegramText {

  private TelegramText() {}

  /** The first line, plain: {@code [CRITICAL] api http_error}, {@code RESOLVED api http_error}. */
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

  static String markdown(Notice notice) {
    StringBuilder sb = new StringBuilder(MarkdownV2.bold(title(notice)));
    if (!notice.reason().isBlank()) {
      sb.append('\n').append(MarkdownV2.escape(notice.reason()));
    }
    if (!notice.approvalId().isEmpty()) {
      sb.append('\n').append(MarkdownV2.escape("approve: POST /api/approvals/" + notice.approvalId()));
    }
    sb.append('\n').append(MarkdownV2.escape("(incident #" + notice.incident().id() + ")"));
    sb.append(MarkdownV2.escape(NoticeText.extraLines(notice)));
    return sb.toString();
  }
}
