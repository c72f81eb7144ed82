package dev.medic.notify.alertmanager;

import dev.medic.notify.NoticeText;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.medic.spi.Incident;
import dev.medic.spi.MessageKind;
import dev.medic.spi.Notice;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The body of Alertmanager 0.25's webhook receiver (version "4") for one notice: one alert, grouped by
 * incident, so the group key and fingerprint stay the same from the first message to the all-clear.
 */
final class AlertmanagerWebhook {

  /** What Alertmanager writes as {@code endsAt} while an alert fires (Go's zero time). */
  static final String NOT_ENDED = "0001-01-01T00:00:00Z";

  private final ObjectMapper json;

  AlertmanagerWebhook(ObjectMapper json) {
    this.json = json;
  }

  byte[] body(String receiver, String externalUrl, Notice notice) {
    Incident incident = notice.incident();
    boolean resolved = notice.kind() == MessageKind.RESOLVED;
    String status = resolved ? "resolved" : "firing";
    ObjectNode body = json.createObjectNode();
    body.put("receiver", receiver);
    body.put("status", status);
    ObjectNode alert = body.putArray("alerts").addObject();
    alert.put("status", status);
    labels(alert.putObject("labels"), incident);
    annotations(alert.putObject("annotations"), notice);
    alert.put("startsAt", incident.openedAt().toString());
    alert.put("endsAt", resolved ? ended(incident).toString() : NOT_ENDED);
    alert.put("generatorURL", externalUrl);
    alert.put("fingerprint", fingerprint(incident));
    body.putObject("groupLabels").put("incident", Long.toString(incident.id()));
    labels(body.putObject("commonLabels"), incident);
    annotations(body.putObject("commonAnnotations"), notice);
    body.put("externalURL", externalUrl);
    body.put("version", "4");
    body.put("groupKey", groupKey(incident));
    body.put("truncatedAlerts", 0);
    try {
      return json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the Alertmanager webhook body", e);
    }
  }

  /** Grouped by incident the way Alertmanager writes {@code group_by: [incident]}. */
  static String groupKey(Incident incident) {
    return "{}:{incident=\"" + incident.id() + "\"}";
  }

  /** 16 hex digits like Alertmanager's, derived from the incident so a retry after a restart keeps it. */
  static String fingerprint(Incident incident) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(("medic-incident-" + incident.id()).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static Instant ended(Incident incident) {
    if (incident.resolvedAt() != null) {
      return incident.resolvedAt();
    }
    return incident.updatedAt() != null ? incident.updatedAt() : incident.openedAt();
  }

  private static void labels(ObjectNode labels, Incident incident) {
    labels.put("alertname", incident.condition());
    labels.put("target", incident.target());
    labels.put("severity", incident.severity().key());
    labels.put("incident", Long.toString(incident.id()));
    labels.put("source", "medic");
  }

  private static void annotations(ObjectNode annotations, Notice notice) {
    annotations.put("summary", NoticeText.alertSummary(notice));
    annotations.put("description", notice.reason());
  }

}
