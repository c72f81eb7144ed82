package dev.medic.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.spi.Incident;
import dev.medic.spi.IncidentState;
import dev.medic.spi.Severity;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Rows of the SQLite store and the records they hold, both ways. Times are epoch milliseconds. */
final class SqliteRows {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SqliteRows() {}

  /** An incident's columns by parameter name, id and created_at aside. */
  static Map<String, Object> columns(Incident i) {
    Map<String, Object> m = new HashMap<>();
    m.put("target", i.target());
    m.put("condition", i.condition());
    m.put("severity", i.severity().key());
    m.put("state", i.state().key());
    m.put("message", i.message() == null ? "" : i.message());
    m.put("opened", i.openedAt().toEpochMilli());
    m.put("updated", i.updatedAt().toEpochMilli());
    m.put("attempts", i.healingAttempts());
    m.put("tried", toJson(i.strategiesTried()));
    m.put("escalated", i.escalated() ? 1 : 0);
    m.put("rstatus", i.resolutionStatus());
    m.put("rdetails", i.resolutionDetails());
    m.put("resolved", i.resolvedAt() == null ? null : i.resolvedAt().toEpochMilli());
    m.put("rseconds", i.resolutionSeconds());
    return m;
  }

  static Incident incidentOf(ResultSet rs) throws SQLException {
    return new Incident(
        rs.getLong("id"),
        rs.getString("target"),
        rs.getString("condition"),
        Severity.valueOf(rs.getString("severity").toUpperCase(Locale.ROOT)),
        IncidentState.valueOf(rs.getString("state").toUpperCase(Locale.ROOT)),
        rs.getString("message"),
        Instant.ofEpochMilli(rs.getLong("opened_at")),
        Instant.ofEpochMilli(rs.getLong("updated_at")),
        rs.getInt("healing_attempts"),
        strategiesOf(rs.getString("strategies_tried")),
        rs.getInt("escalated") != 0,
        rs.getString("resolution_status"),
        rs.getString("resolution_details"),
        instantOrNull(rs, "resolved_at"));
  }

  static AuditEntry auditOf(ResultSet rs) throws SQLException {
    long inc = rs.getLong("incident_id");
    Long incident = rs.wasNull() ? null : inc;
    return new AuditEntry(
        rs.getLong("id"),
        Instant.ofEpochMilli(rs.getLong("at")),
        incident,
        rs.getString("target"),
        rs.getString("kind"),
        rs.getString("strategy"),
        rs.getString("result"),
        rs.getString("detail"),
        rs.getString("actor"));
  }

  static Approval approvalOf(ResultSet rs) throws SQLException {
    return new Approval(
        rs.getLong("id"),
        rs.getLong("incident_id"),
        rs.getString("target"),
        rs.getString("strategy"),
        rs.getString("action"),
        Approval.State.valueOf(rs.getString("state").toUpperCase(Locale.ROOT)),
        Instant.ofEpochMilli(rs.getLong("requested_at")),
        Instant.ofEpochMilli(rs.getLong("expires_at")),
        instantOrNull(rs, "decided_at"),
        rs.getString("decided_by"),
        rs.getString("reason"));
  }

  static HealingLedger.Attempt attemptOf(ResultSet rs) throws SQLException {
    return new HealingLedger.Attempt(
        rs.getLong("id"),
        rs.getLong("incident_id"),
        rs.getString("target"),
        rs.getString("strategy"),
        rs.getString("action"),
        Instant.ofEpochMilli(rs.getLong("started_at")));
  }

  /** A nullable column of epoch milliseconds. */
  static Instant instantOrNull(ResultSet rs, String column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
  }

  static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> strategiesOf(String json) {
    try {
      return json == null ? List.of() : JSON.readValue(json, new TypeReference<List<String>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt strategies_tried: " + json, e);
    }
  }

  /** Metrics of an observation; a row that does not parse has none rather than failing the read. */
  static Map<String, Double> metricsOf(String json) {
    try {
      return json == null ? Map.of() : JSON.readValue(json, new TypeReference<Map<String, Double>>() {});
    } catch (JsonProcessingException e) {
      return Map.of();
    }
  }
}
