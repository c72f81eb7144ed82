package dev.medic.notify.discord;

import dev.medic.notify.NoticeText;
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

  private DiscordMessage() {}

  static ObjectNode of(Notice notice, String username) {
    Incident i = notice.incident();
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    if (username != null) {
      body.put("username", username);
    }
    body.put("content", NoticeText.clip(NoticeText.summary(notice), CONTENT_MAX));
    ObjectNode embed = body.putArray("embeds").addObject();
    embed.put("title", NoticeText.clip(NoticeText.headline(notice), TITLE_MAX));
    embed.put("description", NoticeText.clip(NoticeText.details(notice), DESCRIPTION_MAX));
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
    fields.addObject().put("name", name).put("value", NoticeText.clip(value, FIELD_MAX)).put("inline", true);
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

}
