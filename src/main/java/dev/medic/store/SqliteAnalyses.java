package dev.medic.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.config.Redactor;
import dev.medic.spi.Analysis;
import dev.medic.spi.Verdict;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * Analyses in the SQLite store ({@code analyses}, V12). Inserts go through the store's write path:
 * an analysis made while the disk is full is held in memory, read back with the committed ones, and
 * written once the store accepts writes again.
 */
final class SqliteAnalyses implements Analyses {

  static final String TABLE = "analyses";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> TEXTS = new TypeReference<>() {};
  private static final TypeReference<List<Map<String, String>>> REFUSALS = new TypeReference<>() {};

  private final Jdbi jdbi;
  private final SqliteWrites writes;
  private final Supplier<Redactor> secrets;

  SqliteAnalyses(Jdbi jdbi, SqliteWrites writes, Supplier<Redactor> secrets) {
    this.jdbi = jdbi;
    this.writes = writes;
    this.secrets = secrets;
  }

  @Override
  public Analysis insert(Analysis raw) {
    Analysis a = raw.withTexts(secrets.get()::redact);
    long id = writes.insert(TABLE, () -> dbInsert(a), n -> new PendingWrite.InsertAnalysis(a.withId(n)));
    return a.withId(id);
  }

  /** Inserts with the analysis's own id if it has one (a held insert), else the next one. */
  long dbInsert(Analysis a) {
    String idColumn = a.id() > 0 ? "id, " : "";
    String idValue = a.id() > 0 ? ":id, " : "";
    Analysis.Usage u = a.usage();
    return jdbi.withHandle(h -> h.createUpdate("INSERT INTO analyses (" + idColumn + "incident_id, analyst, at,"
            + " verdict, root_target, root_condition, root_incident_id, summary, confidence, evidence, suggested,"
            + " refused, model, input_tokens, output_tokens, cost_usd, latency_ms, output, error) VALUES (" + idValue
            + ":incident, :analyst, :at, :verdict, :rootTarget, :rootCondition, :rootIncident, :summary, :confidence,"
            + " :evidence, :suggested, :refused, :model, :inputTokens, :outputTokens, :cost, :latency, :output,"
            + " :error)")
        .bind("id", a.id())
        .bind("incident", a.incidentId())
        .bind("analyst", a.analyst())
        .bind("at", a.at().toEpochMilli())
        .bind("verdict", a.verdict().name())
        .bind("rootTarget", a.rootTarget())
        .bind("rootCondition", a.rootCondition())
        .bind("rootIncident", a.rootIncidentId())
        .bind("summary", a.summary())
        .bind("confidence", a.confidence())
        .bind("evidence", json(a.evidence()))
        .bind("suggested", json(a.suggestedActions()))
        .bind("refused", json(a.refused().stream()
            .map(r -> Map.of("action", r.action() == null ? "" : r.action(), "reason", r.reason() == null ? "" : r.reason()))
            .toList()))
        .bind("model", u == null ? null : u.model())
        .bind("inputTokens", u == null ? null : u.inputTokens())
        .bind("outputTokens", u == null ? null : u.outputTokens())
        .bind("cost", u == null ? null : u.costUsd())
        .bind("latency", u == null ? null : u.latencyMs())
        .bind("output", a.output())
        .bind("error", a.error())
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one());
  }

  @Override
  public List<Analysis> forIncident(long incidentId) {
    return writes.held().consistent(() -> {
      List<Analysis> committed = jdbi.withHandle(h -> h.createQuery(
              "SELECT * FROM analyses WHERE incident_id = :incident ORDER BY at DESC, id DESC")
          .bind("incident", incidentId).map((rs, ctx) -> read(rs)).list());
      List<Analysis> held = writes.held().view(b -> b.analyses(a -> a.incidentId() == incidentId), List.of());
      return newestFirst(committed, held);
    });
  }

  @Override
  public int countSince(String analyst, Instant since) {
    return writes.held().consistent(() -> {
      int committed = jdbi.withHandle(h -> h.createQuery(
              "SELECT count(*) FROM analyses WHERE analyst = :analyst AND at >= :since")
          .bind("analyst", analyst).bind("since", since.toEpochMilli()).mapTo(Integer.class).one());
      int held = writes.held().view(b -> b.analyses(a -> a.analyst().equals(analyst) && !a.at().isBefore(since)).size(),
          0);
      return committed + held;
    });
  }

  private static List<Analysis> newestFirst(List<Analysis> committed, List<Analysis> held) {
    if (held.isEmpty()) {
      return committed;
    }
    return java.util.stream.Stream.concat(committed.stream(), held.stream())
        .sorted(java.util.Comparator.comparing(Analysis::at).thenComparingLong(Analysis::id).reversed())
        .toList();
  }

  private static Analysis read(ResultSet rs) throws SQLException {
    String model = rs.getString("model");
    long inputTokens = rs.getLong("input_tokens");
    boolean noUsage = rs.wasNull() && model == null;
    Analysis.Usage usage = noUsage ? null : new Analysis.Usage(model, inputTokens, rs.getLong("output_tokens"),
        rs.getDouble("cost_usd"), rs.getLong("latency_ms"));
    long rootIncident = rs.getLong("root_incident_id");
    Long rootIncidentId = rs.wasNull() ? null : rootIncident;
    List<Analysis.Refusal> refused = parse(rs.getString("refused"), REFUSALS).stream()
        .map(m -> new Analysis.Refusal(m.get("action"), m.get("reason"))).toList();
    return new Analysis(rs.getLong("id"), rs.getLong("incident_id"), rs.getString("analyst"),
        Instant.ofEpochMilli(rs.getLong("at")), Verdict.valueOf(rs.getString("verdict")), rs.getString("root_target"),
        rs.getString("root_condition"), rootIncidentId, rs.getString("summary"), rs.getDouble("confidence"),
        parse(rs.getString("evidence"), TEXTS), parse(rs.getString("suggested"), TEXTS), refused, usage,
        rs.getString("output"), rs.getString("error"));
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write analysis field as JSON", e);
    }
  }

  private static <T> T parse(String json, TypeReference<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable analysis field: " + e.getOriginalMessage(), e);
    }
  }
}
