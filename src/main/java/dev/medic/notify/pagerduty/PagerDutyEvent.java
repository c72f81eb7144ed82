package dev.medic.notify.pagerduty;

import dev.medic.notify.NoticeText;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.medic.spi.Incident;
import dev.medic.spi.MessageKind;
import dev.medic.spi.Notice;
import dev.medic.spi.Severity;

/** The Events API v2 body of one notice: a {@code trigger} for escalations and approvals, a {@code resolve} for the all-clear. */
final class PagerDutyEvent {

  /** PagerDuty refuses a longer {@code payload.summary}. */
  static final int MAX_SUMMARY = 1024;

  private final ObjectMapper json;

  PagerDutyEvent(ObjectMapper json) {
    this.json = json;
  }

  /**
   * Derived from the incident, never random: the trigger, its resolve and a retry after a restart of
   * medic all name the same PagerDuty alert.
   */
  static String dedupKey(Incident incident) {
    return "medic-" + incident.id();
  }

  byte[] body(String routingKey, Notice notice) {
    Incident incident = notice.incident();
    ObjectNode event = json.createObjectNode();
    event.put("routing_key", routingKey);
    event.put("dedup_key", dedupKey(incident));
    if (notice.kind() == MessageKind.RESOLVED || notice.kind() == MessageKind.ACKNOWLEDGED) {
      // Resolve and acknowledge take nothing but the key: PagerDuty ignores any payload on them.
      event.put("event_action", notice.kind() == MessageKind.RESOLVED ? "resolve" : "acknowledge");
      return write(event);
    }
    event.put("event_action", "trigger");
    ObjectNode payload = event.putObject("payload");
    payload.put("summary", NoticeText.clip(NoticeText.alertSummary(notice), MAX_SUMMARY));
    payload.put("source", incident.target());
    payload.put("severity", incident.severity() == Severity.CRITICAL ? "critical" : "warning");
    payload.put("component", incident.target());
    payload.put("class", incident.condition());
    payload.put("timestamp", incident.openedAt().toString());
    ObjectNode details = payload.putObject("custom_details");
    details.put("incident_id", incident.id());
    details.put("condition", incident.condition());
    details.put("state", incident.state().key());
    details.put("reason", notice.reason());
    details.put("opened_at", incident.openedAt().toString());
    if (!notice.approvalId().isEmpty()) {
      details.put("approval_id", notice.approvalId());
    }
    event.put("client", "medic");
    return write(event);
  }

  private byte[] write(ObjectNode event) {
    try {
      return json.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the PagerDuty event", e);
    }
  }
}
