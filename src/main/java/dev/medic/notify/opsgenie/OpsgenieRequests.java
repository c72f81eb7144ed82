package dev.medic.notify.opsgenie;

import dev.medic.notify.NoticeText;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.medic.spi.Incident;
import dev.medic.spi.MessageKind;
import dev.medic.spi.Notice;
import dev.medic.spi.Severity;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The Alert API request of one notice: escalations and approvals create an alert, the all-clear closes
 * it by its alias. The alias comes from the incident, so a retry or a restart of medic names the same alert.
 */
final class OpsgenieRequests {

  /** Opsgenie's limits: a longer message or description is refused or cut by Opsgenie itself. */
  static final int MAX_MESSAGE = 130;
  static final int MAX_DESCRIPTION = 15000;

  /** The path and body of one request. */
  record Call(URI url, byte[] body) {}

  private final ObjectMapper json;

  OpsgenieRequests(ObjectMapper json) {
    this.json = json;
  }

  static String alias(Incident incident) {
    return "medic-" + incident.id();
  }

  Call of(URI base, List<Map<String, String>> responders, List<String> tags, Notice notice) {
    Incident incident = notice.incident();
    String root = base.toString().replaceAll("/+$", "");
    if (notice.kind() == MessageKind.RESOLVED || notice.kind() == MessageKind.ACKNOWLEDGED) {
      ObjectNode close = json.createObjectNode();
      close.put("source", "medic");
      close.put("note", NoticeText.alertSummary(notice));
      String verb = notice.kind() == MessageKind.RESOLVED ? "close" : "acknowledge";
      // The alias is "medic-" and digits: nothing in it needs escaping in a path.
      return new Call(URI.create(root + "/v2/alerts/" + alias(incident) + "/" + verb + "?identifierType=alias"),
          write(close));
    }
    ObjectNode alert = json.createObjectNode();
    alert.put("message", NoticeText.clip(NoticeText.alertSummary(notice), MAX_MESSAGE));
    alert.put("alias", alias(incident));
    alert.put("description", NoticeText.clip(description(notice), MAX_DESCRIPTION));
    if (!responders.isEmpty()) {
      alert.set("responders", json.valueToTree(responders));
    }
    alert.set("tags", json.valueToTree(tags));
    ObjectNode details = alert.putObject("details");
    details.put("incident_id", Long.toString(incident.id()));
    details.put("target", incident.target());
    details.put("condition", incident.condition());
    details.put("severity", incident.severity().key());
    details.put("state", incident.state().key());
    details.put("reason", notice.reason());
    details.put("opened_at", incident.openedAt().toString());
    if (!notice.approvalId().isEmpty()) {
      details.put("approval_id", notice.approvalId());
    }
    alert.put("entity", incident.target());
    alert.put("source", "medic");
    alert.put("priority", incident.severity() == Severity.CRITICAL ? "P1" : "P3");
    return new Call(URI.create(root + "/v2/alerts"), write(alert));
  }

  /** The summary in full (the message is cut at 130 chars), then what the check last said. */
  private static String description(Notice notice) {
    String message = notice.incident().message();
    return message == null || message.isBlank() ? NoticeText.alertSummary(notice) : NoticeText.alertSummary(notice) + "\n\n" + message;
  }

  private byte[] write(ObjectNode body) {
    try {
      return json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the Opsgenie request", e);
    }
  }
}
