package dev.medic.analyze;

import dev.medic.config.MedicConfig;
import dev.medic.spi.Incident;
import dev.medic.spi.Observation;
import dev.medic.spi.Severity;
import dev.medic.spi.Status;
import dev.medic.spi.TimelineEvent;
import dev.medic.store.AttemptResult;
import dev.medic.store.AuditEntry;
import dev.medic.store.HealingLedger;
import dev.medic.store.SqliteStore;
import dev.medic.support.ConfigText;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A store holding what a running medic records for a database outage on a web → api → db chain:
 * a past api incident a restart healed, then the db down, the api's process crashing with the
 * database password in its output, an api incident with a failed restart and a healed one, and
 * the web failing behind it. Written through the store's own ports, as the agent writes them.
 */
public final class BundleFixture {

  public static final String DB_PASSWORD = "s3cr3t-db-pass";
  public static final String API_TOKEN = "tok-9f8e7d6c5b";
  public static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

  public static final String YAML = """
      targets:
        - name: db
          checks: [{ type: tcp, port: 5432 }]
        - name: api
          process:
            command: ["/bin/sleep", "1000"]
            env: { DATABASE_URL: "postgres://app:${DB_PASSWORD}@127.0.0.1/app", LOG_LEVEL: info }
          checks:
            - type: http
              url: "http://127.0.0.1:8081/health"
              headers: { Authorization: "Bearer ${API_TOKEN}" }
              timeout: 2s
          depends_on: [db]
        - name: web
          checks: [{ type: http, url: "http://127.0.0.1:8080/" }]
          depends_on: [api]
        - name: batch
          checks: [{ type: tcp, port: 6000 }]
      strategies:
        - name: restart
          conditions: [http_error, http_timeout]
          targets: [api]
          action: { type: restart }
        - name: flush_cache
          conditions: [http_error]
          targets: [api]
          action: { type: redis_flushdb, url: "redis://127.0.0.1:6379/0" }
        - name: poke_web
          conditions: [http_error]
          targets: [web]
          action: { type: command, command: ["/bin/true"] }
      """;

  public final MedicConfig config;
  public final SqliteStore store;
  public Incident pastHealed;
  public Incident pastCleared;
  public Incident db;
  public Incident api;
  public Incident web;
  public Incident unrelated;

  public BundleFixture(Path dir) throws Exception {
    config = ConfigText.load(YAML, Map.of("DB_PASSWORD", DB_PASSWORD, "API_TOKEN", API_TOKEN));
    // A store without the config's redactor: what it holds may carry secrets, and the bundle hides them.
    store = SqliteStore.open(dir.resolve("medic.db"));
  }

  public BundleFixture record() {
    pastHealed = closedIncident(T0.minus(Duration.ofDays(2)), "restart", true);
    pastCleared = closedIncident(T0.minus(Duration.ofDays(1)), null, false);
    unrelated = store.incidents().insert(Incident.open("batch", "tcp_refused", Severity.WARNING, "refused",
        T0.minus(Duration.ofHours(3))));

    for (int s = 0; s < 600; s += 30) {
      Instant at = T0.minus(Duration.ofMinutes(12)).plusSeconds(s);
      store.observations().record(new Observation(at, "api", "http", Status.UP, Duration.ofMillis(12),
          Map.of("http_status", 200.0), null, "200 OK"));
    }
    store.observations().record(new Observation(T0.minusSeconds(20), "api", "http", Status.DOWN,
        Duration.ofMillis(3), Map.of("http_status", 500.0), "http_error",
        "500: could not connect to postgres://app:" + DB_PASSWORD + "@127.0.0.1/app"));
    store.observations().record(new Observation(T0.plusSeconds(10), "api", "http", Status.DOWN,
        Duration.ofMillis(3), Map.of("http_status", 500.0), "http_error", "500 Internal Server Error"));
    store.observations().record(new Observation(T0.minusSeconds(60), "db", "tcp", Status.DOWN, null,
        Map.of(), "tcp_refused", "connection refused"));
    store.observations().record(new Observation(T0.plusSeconds(30), "web", "http", Status.DOWN,
        Duration.ofMillis(5), Map.of("http_status", 502.0), "http_error", "502 Bad Gateway"));
    store.observations().flush();

    db = store.incidents().insert(Incident.open("db", "tcp_refused", Severity.CRITICAL, "connection refused",
        T0.minusSeconds(60)));
    api = store.incidents().insert(Incident.open("api", "http_error", Severity.WARNING,
        "500 Internal Server Error", T0));
    web = store.incidents().insert(Incident.open("web", "http_error", Severity.WARNING, "502 Bad Gateway",
        T0.plusSeconds(40)));

    store.incidents().appendTimeline(new TimelineEvent(api.id(), T0, "opened", "http_error: 500 Internal Server Error"));
    String exit = "exited with code 1; last 2 lines of output:\nFATAL: password authentication failed for "
        + DB_PASSWORD + "\nshutting down";
    store.incidents().appendTimeline(new TimelineEvent(api.id(), T0.plusSeconds(5), "process_output", exit));
    store.audit().append(AuditEntry.of(T0.plusSeconds(5), null, "api", AuditEntry.PROCESS_EXITED, null, "", exit));
    store.audit().append(AuditEntry.of(T0, api.id(), "api", "opened", null, "", "http_error: 500"));
    attempt(api, T0.plusSeconds(15), "restart", "restart api", AttemptResult.OK, "restarted (pid 4242)", false,
        "http still failing: 500");
    return this;
  }

  /** One attempt as the action runner records it: decision, intent, action, verify, attempt. */
  void attempt(Incident incident, Instant at, String strategy, String what, AttemptResult result, String detail,
      boolean healed, String verify) {
    String text = strategy + " attempt 1/3: " + what;
    store.audit().append(AuditEntry.of(at, incident.id(), incident.target(), "decision", strategy, "", "chose " + text));
    store.audit().append(AuditEntry.of(at, incident.id(), incident.target(), AuditEntry.INTENT, strategy, "started", what));
    HealingLedger.Attempt a = store.ledger().begin(incident.id(), incident.target(), strategy, what, at);
    store.ledger().finish(a, result, detail, at.plusSeconds(1));
    store.audit().append(AuditEntry.of(at.plusSeconds(1), incident.id(), incident.target(), "action", strategy,
        result.key(), what + " -> " + detail));
    store.audit().append(AuditEntry.of(at.plusSeconds(3), incident.id(), incident.target(), "verify", strategy,
        healed ? "ok" : "failed", verify));
    store.ledger().verified(a, healed);
    store.audit().append(AuditEntry.of(at.plusSeconds(3), incident.id(), incident.target(), "attempt", strategy,
        healed ? "ok" : "failed", text));
  }

  private Incident closedIncident(Instant opened, String healedBy, boolean escalated) {
    Incident i = store.incidents().insert(Incident.open("api", "http_error", Severity.WARNING, "500", opened));
    if (healedBy != null) {
      attempt(i, opened.plusSeconds(30), healedBy, "restart api", AttemptResult.OK, "restarted", true, "http 200");
      i = i.withAttempt(healedBy, opened.plusSeconds(30));
    }
    Incident closed = i.resolvedAt(healedBy == null ? "condition cleared; no further remedy needed"
        : "healed by " + healedBy + " attempt 1/3: restart api (http 200)", opened.plusSeconds(60));
    store.incidents().update(closed);
    return closed;
  }
}
