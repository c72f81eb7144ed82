package dev.medic.notify.slack;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.medic.spi.Incident;
import dev.medic.spi.MessageKind;
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
    body.put("text", SlackText.mrkdwn(summary(notice), TEXT_MAX));
    ArrayNode blocks = body.putArray("blocks");

    ObjectNode header = blocks.addObject().put("type", "header");
    header.putObject("text").put("type", "plain_text").put("text", SlackText.plain(headline(notice), HEADER_MAX));

    ObjectNode section = blocks.addObject().put("type", "section");
    section.putObject("text").put("type", "mrkdwn").put("text", SlackText.mrkdwn(details(notice), TEXT_MAX));

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

  /** The notice's reason, or the incident's own message when there is none. */
  private static String why(Notice notice) {
    String message = notice.incident().message();
    return !notice.reason().isBlank() ? notice.reason() : message == null ? "" : message;
  }

  private static String approval(Notice notice) {
    return notice.kind() == MessageKind.APPROVAL_NEEDED
        ? "; approve: POST /api/approvals/" + notice.ref() : "";
  }
}
