package dev.medic.notify.cdevents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.medic.spi.Incident;
import dev.medic.spi.MessageKind;
import dev.medic.spi.Notice;
import java.time.Instant;

/**
 * One notice as a CloudEvents 1.0 structured-mode event whose {@code data} is a CDEvents v0.4.1 incident
 * event. Follows the CDEvents spec's continuous-operations.md (subject {@code incident}: id, source,
 * description, environment, service, artifactId; predicates detected, reported, resolved) and
 * cloudevents-binding.md (the CloudEvent {@code id}, {@code source}, {@code type} and {@code time} repeat the
 * CDEvents context). {@code reported} also carries {@code ticketURI}, which the spec requires for that
 * event: medic's ticket is the approval to grant. artifactId is optional and medic knows none, so it is left out.
 */
final class CdEvent {

  static final String CDEVENTS_VERSION = "0.4.1";
  static final String DETECTED = "dev.cdevents.incident.detected.0.1.0";
  static final String REPORTED = "dev.cdevents.incident.reported.0.1.0";
  static final String RESOLVED = "dev.cdevents.incident.resolved.0.1.0";

  private final ObjectMapper json;

  CdEvent(ObjectMapper json) {
    this.json = json;
  }

  static String type(MessageKind kind) {
    return switch (kind) {
      case ESCALATION -> DETECTED;
      case APPROVAL_NEEDED, ACKNOWLEDGED -> REPORTED;
      case RESOLVED -> RESOLVED;
    };
  }

  /** When it happened: the all-clear at resolution, the others at the incident's last change. */
  static Instant time(Notice notice) {
    Incident incident = notice.incident();
    if (notice.kind() == MessageKind.RESOLVED && incident.resolvedAt() != null) {
      return incident.resolvedAt();
    }
    return incident.updatedAt() != null ? incident.updatedAt() : incident.openedAt();
  }

  byte[] body(String source, String environment, Notice notice) {
    Incident incident = notice.incident();
    String type = type(notice.kind());
    String time = time(notice).toString();
    ObjectNode event = json.createObjectNode();
    event.put("specversion", "1.0");
    event.put("id", notice.idempotencyKey());
    event.put("source", source);
    event.put("type", type);
    event.put("time", time);
    event.put("datacontenttype", "application/json");
    ObjectNode data = event.putObject("data");
    ObjectNode context = data.putObject("context");
    context.put("version", CDEVENTS_VERSION);
    context.put("id", notice.idempotencyKey());
    context.put("source", source);
    context.put("type", type);
    context.put("timestamp", time);
    ObjectNode subject = data.putObject("subject");
    subject.put("id", "incident-" + incident.id());
    subject.put("source", source);
    ObjectNode content = subject.putObject("content");
    content.put("description", description(notice));
    content.putObject("environment").put("id", environment);
    content.putObject("service").put("id", incident.target());
    if (notice.kind() == MessageKind.APPROVAL_NEEDED) {
      content.put("ticketURI", "/api/approvals/" + notice.approvalId());
    }
    try {
      return json.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the CDEvents event", e);
    }
  }

  /** {@code [CRITICAL] api http_error: ladder exhausted (incident #12)}, approvals say where to approve. */
  static String description(Notice notice) {
    Incident incident = notice.incident();
    String what = incident.target() + " " + incident.condition() + ": " + notice.reason()
        + " (incident #" + incident.id() + ")";
    return switch (notice.kind()) {
      case ESCALATION -> "[" + incident.severity().name() + "] " + what;
      case APPROVAL_NEEDED -> "APPROVAL NEEDED [" + incident.severity().name() + "] " + what
          + " approve: POST /api/approvals/" + notice.approvalId();
      case ACKNOWLEDGED -> "ACKNOWLEDGED " + what;
      case RESOLVED -> "RESOLVED " + what;
    };
  }
}
