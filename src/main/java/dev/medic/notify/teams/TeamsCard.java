package dev.medic.notify.teams;

import dev.medic.notify.NoticeText;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.medic.spi.Incident;
import dev.medic.spi.MessageKind;
import dev.medic.spi.Notice;
import dev.medic.spi.Severity;

/**
 * The body a Workflows webhook expects: a {@code message} with one Adaptive Card 1.4 attachment holding a
 * bold title coloured by severity, the reason, and a fact set with the incident's details.
 */
final class TeamsCard {

  private TeamsCard() {}

  static ObjectNode of(Notice notice) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("type", "message");
    ObjectNode attachment = body.putArray("attachments").addObject();
    attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
    attachment.putNull("contentUrl");
    ObjectNode card = attachment.putObject("content");
    card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
    card.put("type", "AdaptiveCard");
    card.put("version", "1.4");
    ArrayNode blocks = card.putArray("body");
    blocks.addObject().put("type", "TextBlock").put("text", title(notice))
        .put("weight", "bolder").put("size", "medium").put("color", color(notice)).put("wrap", true);
    blocks.addObject().put("type", "TextBlock").put("text", reason(notice)).put("wrap", true);
    Incident i = notice.incident();
    ArrayNode facts = blocks.addObject().put("type", "FactSet").putArray("facts");
    fact(facts, "Target", i.target());
    fact(facts, "Condition", i.condition());
    fact(facts, "Severity", i.severity().key());
    fact(facts, "Incident", "#" + i.id());
    fact(facts, "Opened", i.openedAt().toString());
    return body;
  }

  private static void fact(ArrayNode facts, String title, String value) {
    facts.addObject().put("title", title).put("value", value);
  }

  /** Adaptive Card colour names: red for critical, amber for warning, green for the all-clear. */
  private static String color(Notice notice) {
    if (notice.kind() == MessageKind.RESOLVED) {
      return "good";
    }
    return notice.incident().severity() == Severity.CRITICAL ? "attention" : "warning";
  }

  private static String title(Notice notice) {
    Incident i = notice.incident();
    String label = switch (notice.kind()) {
      case ESCALATION -> "[" + i.severity().name() + "]";
      case APPROVAL_NEEDED -> "APPROVAL NEEDED [" + i.severity().name() + "]";
      case ACKNOWLEDGED -> "ACKNOWLEDGED";
      case RESOLVED -> "RESOLVED";
    };
    return label + " " + i.target() + " " + i.condition() + " (incident #" + i.id() + ")";
  }

  private static String reason(Notice notice) {
    String message = notice.incident().message();
    String why = !notice.reason().isBlank() ? notice.reason() : message == null ? "" : message;
    String text = notice.kind() == MessageKind.APPROVAL_NEEDED ? why + "; approve: POST /api/approvals/" + notice.approvalId() : why;
    return text + NoticeText.extraLines(notice);
  }
}
