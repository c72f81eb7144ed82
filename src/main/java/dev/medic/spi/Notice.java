package dev.medic.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One message about one incident, as every channel receives it. It is fixed when it is queued (the
 * incident as it stood then), stored in the outbox as JSON, and sent unchanged by every attempt.
 *
 * @param idempotencyKey the same on every attempt, so that a receiver can drop repeats
 * @param extra kind-specific fields (the {@code approval_id} of an approval request, the {@code reminder}
 *     number of a reminder, the {@code acknowledged_by} of an acknowledgement), may be empty
 */
public record Notice(String idempotencyKey, MessageKind kind, Incident incident, String reason, Map<String, Object> extra) {

  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          // Derived fields such as "open" are written for receivers, not read back.
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public Notice {
    reason = reason == null ? "" : reason;
    extra = extra == null ? Map.of() : Map.copyOf(extra);
  }

  /**
   * What tells apart two messages of one kind about one incident to one channel: the approval id, the
   * reminder's number ({@code reminder-2}), or empty. One message per (incident, channel, kind, ref).
   */
  public String ref() {
    Object reminder = extra.get("reminder");
    return reminder != null ? "reminder-" + reminder : approvalId();
  }

  /**
   * The other incidents this page stands for when pages close together were sent as one message:
   * one line each, {@code #13 web http_error [critical]: status 500}. Empty for a page of its own.
   */
  public List<String> grouped() {
    return texts("grouped");
  }

  /** For a root cause: the targets whose incidents are its symptoms; empty otherwise. */
  public List<String> affected() {
    return texts("affected");
  }

  /**
   * The incident's latest analysis as the page carries it ({@code analysis} in the extra fields:
   * analyst, verdict, root_target, root_condition, root_incident_id, summary, confidence,
   * suggested_actions), also after the outbox's JSON round trip; empty when the page carries none.
   */
  public java.util.Optional<Analysis> analysis() {
    if (!(extra.get("analysis") instanceof Map<?, ?> a) || !(a.get("analyst") instanceof String analyst)
        || !(a.get("verdict") instanceof String verdict)) {
      return java.util.Optional.empty();
    }
    try {
      Object root = a.get("root_incident_id");
      List<String> suggested = a.get("suggested_actions") instanceof List<?> l
          ? l.stream().map(Object::toString).toList() : List.of();
      return java.util.Optional.of(new Analysis(0, incident.id(), analyst, null, Verdict.valueOf(verdict),
          text(a.get("root_target")), text(a.get("root_condition")),
          root instanceof Number n ? n.longValue() : null, text(a.get("summary")),
          a.get("confidence") instanceof Number c ? c.doubleValue() : 0, List.of(), suggested, List.of(), null, null,
          null));
    } catch (IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }

  /** An extra field that holds a list, as texts (also after the outbox's JSON round trip); empty if absent. */
  private List<String> texts(String field) {
    return extra.get(field) instanceof List<?> list ? list.stream().map(Object::toString).toList() : List.of();
  }

  /** This page, standing also for {@code others} (one line each, as {@link #grouped()} gives them back). */
  public Notice groupedWith(List<Notice> others) {
    Map<String, Object> more = new LinkedHashMap<>(extra);
    more.put("grouped", others.stream().map(Notice::line).toList());
    return new Notice(idempotencyKey, kind, incident, reason, more);
  }

  /** {@code #13 web http_error [critical]: status 500}. */
  public String line() {
    return "#" + incident.id() + " " + incident.target() + " " + incident.condition() + " [" + incident.severity().key()
        + "]: " + reason;
  }

  /** The approval an {@code approval_needed} message asks for, or empty. */
  public String approvalId() {
    Object approval = extra.get("approval_id");
    return approval == null ? "" : approval.toString();
  }

  /** The JSON body: {@code event}, {@code idempotency_key}, {@code reason}, the extra fields, {@code incident}. */
  public Map<String, Object> payload() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("event", kind.key());
    body.put("idempotency_key", idempotencyKey);
    body.put("reason", reason);
    body.putAll(extra);
    body.put("incident", incident);
    return body;
  }

  public byte[] payloadBytes() {
    try {
      return JSON.writeValueAsBytes(payload());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the notice of incident #" + incident.id(), e);
    }
  }

  /** The notice as the outbox stores it. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the notice of incident #" + incident.id(), e);
    }
  }

  public static Notice fromJson(String json) {
    try {
      return JSON.readValue(json, Notice.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("unreadable outbox payload: " + e.getOriginalMessage(), e);
    }
  }
}
