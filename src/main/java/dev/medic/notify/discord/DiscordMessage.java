package dev.medic.notify.discord;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.medic.spi.Incident;
import dev.medic.spi.MessageKind;
import dev.medic.spi.Notice;
import dev.medic.spi.Severity;
import java.time.Instant;

/**
 * The body of one notice: {@code content} (the one-line summary), one embed with the details, and
 * {@code allowed_mentions} that parses nothing, so that an {@code @everyone} in incident text stays text.
 */
final class DiscordMessage {

  static final int CONTENT_MAX = 2000;
  static final int TITLE_MAX = 256;
  static final int DESCRIPTION_MAX = 4096;
  /** Discord allows 1024 per field value; less keeps the whole embed under its 6000-character total. */
  static final int FIELD_MAX = 256;

  static final int RED = 0xE74C3C;
  static final int ORANGE = 0xE67E22;
  static final int GREEN = 0x2ECC71;

  private static final String ELLIPSIS = "…";

  private DiscordMessage() {}

  static ObjectNode of(Notice notice, String username) {
    Incident i = notice.incident();
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    if (username != null) {
      body.put("username", username);
    }
    body.put("content", cut(summary(notice), CONTENT_MAX));
    ObjectNode embed = body.putArray("embeds").addObject();
    embed.put("title", cut(headline(notice), TITLE_MAX));
    embed.put("description", cut(details(notice), DESCRIPTION_MAX));
    embed.put("color", color(notice));
    embed.put("timestamp", when(notice).toString());
    ArrayNode fields = embed.putArray("fields");
    field(fields, "Target", i.target());
    field(fields, "Condition", i.condition());
    field(fields, "Incident", "#" + i.id());
    body.putObject("allowed_mentions").putArray("parse");
    return body;
  }

  private static void field(ArrayNode fields, String name, String value) {
    fields.addObject().put("name", name).put("value", cut(value, FIELD_MAX)).put("inline", true);
  }

  private static int color(Notice notice) {
    if (notice.kind() == MessageKind.RESOLVED) {
      return GREEN;
    }
    return notice.incident().severity() == Severity.CRITICAL ? RED : ORANGE;
  }

  /** When the all-clear came, or when the incident opened. */
  private static Instant when(Notice notice) {
    Incident i = notice.incident();
    if (notice.kind() == MessageKind.RESOLVED) {
      return i.resolvedAt() != null ? i.resolvedAt() : i.updatedAt() != null ? i.updatedAt() : i.openedAt();
    }
    return i.openedAt();
  }

  /** One line: {@code [CRITICAL] api http_error: ladder exhausted (incident #12)}. */
  static String summary(Notice notice) {
    return headline(notice) + ": " + why(notice) + " (incident #" + notice.incident().id() + ")" + approval(notice);
  }

  private static String headline(Notice notice) {
    Incident i = notice.incident();
    String label = switch (notice.kind()) {
      case ESCALATION -> "[" + i.severity().name() + "]";
      case APPROVAL_NEEDED -> "APPROVAL NEEDED [" + i.severity().name() + "]";
      case RESOLVED -> "RESOLVED";
    };
    return label + " " + i.target() + " " + i.condition();
  }

  private static String details(Notice notice) {
    String message = notice.incident().message();
    boolean extra = message != null && !message.isBlank() && !message.equals(why(notice));
    return why(notice) + (extra ? "\n" + message : "") + approval(notice);
  }

  private static String why(Notice notice) {
    String message = notice.incident().message();
    return !notice.reason().isBlank() ? notice.reason() : message == null ? "" : message;
  }

  private static String approval(Notice notice) {
    return notice.kind() == MessageKind.APPROVAL_NEEDED
        ? "; approve: POST /api/approvals/" + notice.ref() : "";
  }

  /** At most {@code max} chars, never splitting a surrogate pair. */
  static String cut(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = max - ELLIPSIS.length();
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + ELLIPSIS;
  }
}
