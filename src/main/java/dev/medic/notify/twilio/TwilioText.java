package dev.medic.notify.twilio;

import dev.medic.spi.Incident;
import dev.medic.spi.Notice;

/**
 * The SMS text: one line of at most {@link #MAX} characters, e.g.
 * {@code [CRITICAL] api http_error: ladder exhausted after restart_api (incident #12)}. 320 characters
 * is two to five segments, depending on the alphabet: enough to act on, bounded in cost.
 */
final class TwilioText {

  static final int MAX = 320;

  private static final String ELLIPSIS = "…";

  private TwilioText() {}

  static String of(Notice notice) {
    Incident i = notice.incident();
    String message = i.message();
    String why = !notice.reason().isBlank() ? notice.reason() : message == null ? "" : message;
    String text = switch (notice.kind()) {
      case ESCALATION -> "[" + i.severity().name() + "] " + i.target() + " " + i.condition() + ": " + why
          + " (incident #" + i.id() + ")";
      case APPROVAL_NEEDED -> "APPROVAL NEEDED [" + i.severity().name() + "] " + i.target() + " " + i.condition()
          + ": " + why + " (incident #" + i.id() + ") approve: POST /api/approvals/" + notice.approvalId();
      case ACKNOWLEDGED -> "ACKNOWLEDGED " + i.target() + " " + i.condition() + ": " + why + " (incident #" + i.id() + ")";
      case RESOLVED -> "RESOLVED " + i.target() + " " + i.condition() + ": " + why + " (incident #" + i.id() + ")";
    };
    return cut(text.strip().replaceAll("\\s+", " "));
  }

  /** At most {@link #MAX} chars, never splitting a surrogate pair. */
  private static String cut(String text) {
    if (text.length() <= MAX) {
      return text;
    }
    int end = MAX - ELLIPSIS.length();
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + ELLIPSIS;
  }
}
