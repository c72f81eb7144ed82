package dev.medic.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import dev.medic.spi.TimelineEvent;
import dev.medic.spi.Observation;
import dev.medic.spi.ProbeResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the SQLite store does: its schema, its seed view, its triggers and its upgrades. */
class SqliteStoreTest {

  @TempDir Path dir;

  private final Instant t0 = Instant.parse("2026-11-01T10:00:00Z");

  @Test
  void incidentRoundTripsWithEveryColumnAndTheSeedViewShowsIt() throws Exception {
    Path db = dir.resolve("medic.db");
    long id;
    try (SqliteStore store = SqliteStore.open(db)) {
      Incident i = store.incidents().insert(Incident.open("spartan-web", "http_timeout", Severity.CRITICAL, "no answer", t0));
      id = i.id();
      i = i.withAttempt("restart_container", t0.plusSeconds(5)).withAttempt("clear_cache", t0.plusSeconds(40));
      store.incidents().update(i.escalatedAt("ladder exhausted", t0.plusSeconds(60)).resolvedAt("came back", t0.plusSeconds(95)));
      store.incidents().appendTimeline(new TimelineEvent(id, t0, "opened", "no answer"));

      Incident back = store.incidents().get(id).orElseThrow();
      assertThat(back.target()).isEqualTo("spartan-web");
      assertThat(back.healingAttempts()).isEqualTo(2);
      assertThat(back.strategiesTried()).containsExactly("restart_container", "clear_cache");
      assertThat(back.escalated()).isTrue();
      assertThat(back.resolutionSeconds()).isEqualTo(95);
      assertThat(store.incidents().timeline(id)).extracting(TimelineEvent::event).containsExactly("opened");
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM monitor_incidents WHERE id = " + id)) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString("timestamp")).isEqualTo("2026-11-01T10:00:00.000Z");
      assertThat(rs.getString("container_name")).isEqualTo("spartan-web");
      assertThat(rs.getString("issue_type")).isEqualTo("http_timeout");
      assertThat(rs.getString("severity")).isEqualTo("critical");
      assertThat(rs.getInt("healing_attempts")).isEqualTo(2);
      assertThat(rs.getString("healing_strategies_tried")).isEqualTo("[\"restart_container\",\"clear_cache\"]");
      assertThat(rs.getInt("escalated_to_claude")).isEqualTo(1);
      assertThat(rs.getString("resolution_status")).isEqualTo("resolved");
      assertThat(rs.getString("resolution_details")).isEqualTo("came back");
      assertThat(rs.getString("resolved_at")).isEqualTo("2026-11-01T10:01:35.000Z");
      assertThat(rs.getInt("resolution_time_seconds")).isEqualTo(95);
      assertThat(rs.getString("created_at")).isEqualTo("2026-11-01T10:00:00.000Z");
    }
  }

  @Test
  void storeRefusesASecondOpenIncidentForTheSameTargetAndCondition() {
    try (SqliteStore store = SqliteStore.open(dir.resolve("medic.db"))) {
      store.incidents().insert(Incident.open("web", "http_error", Severity.WARNING, "500", t0));
      assertThatThrownBy(() -> store.incidents().insert(Incident.open("web", "http_error", Severity.WARNING, "500", t0)))
          .hasMessageContaining("UNIQUE");
      store.incidents().insert(Incident.open("web", "http_timeout", Severity.WARNING, "slow", t0));
      assertThat(store.incidents().list(true, 10)).hasSize(2);
    }
  }

  @Test
  void auditIsAppendOnly() throws Exception {
    Path db = dir.resolve("medic.db");
    try (SqliteStore store = SqliteStore.open(db)) {
      store.audit().append(AuditEntry.of(t0, null, "web", "action", "restart", "ok", "restarted"));
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("UPDATE audit SET result = 'failed'")).hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit")).hasMessageContaining("append-only");
    }
    try (SqliteStore store = SqliteStore.open(db)) {
      assertThat(store.audit().list(null, 10)).singleElement().satisfies(a -> assertThat(a.result()).isEqualTo("ok"));
    }
  }

  @Test
  void upgradeBackfillsTheLedgerFromTheAuditSoLimitsSurviveIt() throws Exception {
    Path db = dir.resolve("old.db");
    // A store as the previous release left it: schema up to V4, healing recorded only in the audit.
    Flyway.configure().dataSource("jdbc:sqlite:" + db, null, null).locations("classpath:db/migration/sqlite")
        .target("4").load().migrate();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      audit(s, 0, 1, "web", "intent", "restart", "started", "restart web");
      audit(s, 5, 1, "web", "action", "restart", "ok", "restart web -> restarted");
      audit(s, 20, 1, "web", "attempt", "restart", "ok", "restart attempt 1/3");
      audit(s, 100, 2, "web", "intent", "restart", "started", "restart web");
      audit(s, 101, 2, "web", "action", "restart", "failed", "restart web -> exit 1");
      audit(s, 101, 2, "web", "attempt", "restart", "failed", "restart attempt 1/3");
      audit(s, 200, 2, "web", "intent", "restart", "started", "restart web");
      audit(s, 201, 2, "web", "action", "restart", "ok", "restart web -> restarted");
      audit(s, 230, 2, "web", "verify", "restart", "failed", "still 500");
      audit(s, 230, 2, "web", "attempt", "restart", "failed", "restart attempt 2/3");
      audit(s, 300, 2, "web", "action", "flush", "dry-run", "would run command flush");
      audit(s, 400, 2, "web", "intent", "flush", "started", "command flush");
      audit(s, 401, 2, "web", "action", "flush", "no_effect", "command flush -> nothing to flush");
      audit(s, 401, 2, "web", "attempt", "flush", "no_effect", "flush attempt 1/1");
      audit(s, 500, 3, "api", "intent", "slow_fix", "started", "command sleep 60");
      audit(s, 600, 4, "api", "intent", "slow_fix", "started", "command sleep 60");
      audit(s, 500, 3, "api", "action", "slow_fix", "interrupted",
          "command sleep 60 -> interrupted by a restart of medic");
      audit(s, 700, 5, "db", "action", "restart", "ok", "restart db -> restarted");
      audit(s, 720, 5, "db", "attempt", "restart", "ok", "restart attempt 1/1");
      s.executeUpdate("UPDATE audit_chain_legacy SET last_id = (SELECT max(id) FROM audit)");
    }

    try (SqliteStore store = SqliteStore.open(db)) {
      HealingLedger ledger = store.ledger();
      assertThat(ledger.lastAction("web", "restart")).contains(t0.plusSeconds(201));
      assertThat(ledger.lastAction("web", "flush")).as("the dry run spent nothing").contains(t0.plusSeconds(401));
      assertThat(ledger.lastAction("api", "slow_fix")).contains(t0.plusSeconds(500));
      assertThat(ledger.actionsSince("web", t0)).isEqualTo(4);
      assertThat(ledger.actionsSince("web", t0.plusSeconds(102))).isEqualTo(2);
      assertThat(ledger.attempts(2, "restart")).isEqualTo(2);
      assertThat(ledger.attempts(2, "flush")).isEqualTo(1);
      assertThat(ledger.attempts(3, "slow_fix")).isEqualTo(1);
      assertThat(ledger.unfinished()).singleElement().satisfies(a -> {
        assertThat(a.incidentId()).isEqualTo(4);
        assertThat(a.startedAt()).isEqualTo(t0.plusSeconds(600));
        assertThat(a.action()).isEqualTo("command sleep 60");
      });
      assertThat(ledger.failedStreaks(t0)).containsExactlyInAnyOrderEntriesOf(Map.of("web", 2, "db", 0));
      assertThat(ledger.recentResults(10)).containsExactly(true, false, false, true);
      assertThat(store.audit().verify().ok()).as("the audit itself is untouched").isTrue();
    }
  }

  private void audit(Statement s, int second, long incident, String target, String kind, String strategy,
      String result, String detail) throws Exception {
    s.executeUpdate("INSERT INTO audit (at, incident_id, target, kind, strategy, result, detail) VALUES ("
        + t0.plusSeconds(second).toEpochMilli() + ", " + incident + ", '" + target + "', '" + kind + "', '"
        + strategy + "', '" + result + "', '" + detail + "')");
  }
}
