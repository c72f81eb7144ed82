package dev.medic.notify.slack;

import dev.medic.notify.NoticeText;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.medic.spi.Incident;
import dev.medic.spi.Notice;

/**
 * The Block Kit body of one notice: a {@code text} fallback (what notifications show) and {@code
 * blocks}: a header, a section with the reason, and a context line with the incident's facts.
 */
final class SlackMessage {

  /** Slack refuses a header block's plain_text over 150 characters. */
  static final int HEADER_MAX = 150;
  /** Slack refuses a section's text over 3000 characters; context elements have the same limit. */
  static final int TEXT_MAX = 3000;

  private SlackMessage() {}

  static ObjectNode of(Notice notice) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode body = f.objectNode();
    body.put("text", SlackText.mrkdwn(NoticeText.summary(notice), TEXT_MAX));
    ArrayNode blocks = body.putArray("blocks");

    ObjectNode header = blocks.addObject().put("type", "header");
    header.putObject("text").put("type", "plain_text").put("text", SlackText.plain(NoticeText.headline(notice), HEADER_MAX));

    ObjectNode section = blocks.addObject().put("type", "section");
    section.putObject("text").put("type", "mrkdwn").put("text", SlackText.mrkdwn(NoticeText.details(notice), TEXT_MAX));

    Incident i = notice.incident();
    ArrayNode facts = blocks.addObject().put("type", "context").putArray("elements");
    fact(facts, "Incident #" + i.id());
    fact(facts, "Target: " + i.target());
    fact(facts, "Condition: " + i.condition());
    fact(facts, "Severity: " + i.severity().key());
    fact(facts, "Opened: " + i.openedAt());
    return body;
  }

  private static void fact(ArrayNode elements, String text) {
    elements.addObject().put("type", "mrkdwn").put("text", SlackText.mrkdwn(text, TEXT_MAX));
  }

}
