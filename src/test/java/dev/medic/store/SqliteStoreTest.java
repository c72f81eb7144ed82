package dev.medic.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medic.incident.Incident;
import dev.medic.incident.Severity;
import dev.medic.incident.TimelineEvent;
import dev.medic.spi.Observation;
import dev.medic.spi.ProbeResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest {

  @TempDir Path dir;

  private final Instant t0 = Instant.parse("2026-11-01T10:00:00Z");

  @Test
  void incidentRoundTripsWithEveryColumnAndTheSeedViewShowsIt() throws Exception {
    Path db = dir.resolve("medic.db");
    long id;
    try (SqliteStore store = SqliteStore.open(db)) {
      Incident i = store.insertIncident(Incident.open("spartan-web", "http_timeout", Severity.CRITICAL, "no answer", t0));
      id = i.id();
      i = i.withAttempt("restart_container", t0.plusSeconds(5)).withAttempt("clear_cache", t0.plusSeconds(40));
      store.updateIncident(i.escalatedAt("ladder exhausted", t0.plusSeconds(60)).resolvedAt("came back", t0.plusSeconds(95)));
      store.appendTimeline(new TimelineEvent(id, t0, "opened", "no answer"));

      Incident back = store.incident(id).orElseThrow();
      assertThat(back.target()).isEqualTo("spartan-web");
      assertThat(back.healingAttempts()).isEqualTo(2);
      assertThat(back.strategiesTried()).containsExactly("restart_container", "clear_cache");
      assertThat(back.escalated()).isTrue();
      assertThat(back.resolutionSeconds()).isEqualTo(95);
      assertThat(store.timeline(id)).extracting(TimelineEvent::event).containsExactly("opened");
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
      store.insertIncident(Incident.open("web", "http_error", Severity.WARNING, "500", t0));
      assertThatThrownBy(() -> store.insertIncident(Incident.open("web", "http_error", Severity.WARNING, "500", t0)))
          .hasMessageContaining("UNIQUE");
      store.insertIncident(Incident.open("web", "http_timeout", Severity.WARNING, "slow", t0));
      assertThat(store.incidents(true, 10)).hasSize(2);
    }
  }

  @Test
  void auditIsAppendOnly() throws Exception {
    Path db = dir.resolve("medic.db");
    try (SqliteStore store = SqliteStore.open(db)) {
      store.audit(AuditEntry.of(t0, null, "web", "action", "restart", "ok", "restarted"));
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("UPDATE audit SET result = 'failed'")).hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit")).hasMessageContaining("append-only");
    }
    try (SqliteStore store = SqliteStore.open(db)) {
      assertThat(store.audit(null, 10)).singleElement().satisfies(a -> assertThat(a.result()).isEqualTo("ok"));
    }
  }

  @Test
  void cooldownAndHourlyBudgetAreCountedFromTheAudit() {
    try (SqliteStore store = SqliteStore.open(dir.resolve("medic.db"))) {
      store.audit(AuditEntry.of(t0, 1L, "web", "action", "restart", "ok", ""));
      store.audit(AuditEntry.of(t0.plusSeconds(600), 1L, "web", "action", "restart", "failed", ""));
      store.audit(AuditEntry.of(t0.plusSeconds(700), 1L, "web", "skipped", "restart", "skipped", "cooldown"));
      store.audit(AuditEntry.of(t0.plusSeconds(800), 2L, "db", "action", "restart", "ok", ""));
      assertThat(store.lastAction("web", "restart")).contains(t0.plusSeconds(600));
      assertThat(store.actionsSince("web", t0.plusSeconds(1))).isEqualTo(1);
      assertThat(store.attempts(1L, "restart")).isEqualTo(2);
      assertThat(store.lastAction("web", "flush")).isEmpty();
      // A dry run touched nothing, so it spends no cooldown, budget or attempt.
      store.audit(AuditEntry.of(t0.plusSeconds(900), 1L, "web", "action", "restart", "dry-run", "would run"));
      assertThat(store.lastAction("web", "restart")).contains(t0.plusSeconds(600));
      assertThat(store.actionsSince("web", t0.plusSeconds(1))).isEqualTo(1);
      assertThat(store.attempts(1L, "restart")).isEqualTo(2);
    }
  }

  @Test
  void observationsAreWrittenInBatchesAndPrunedPastRetention() {
    try (SqliteStore store = SqliteStore.open(dir.resolve("medic.db"))) {
      for (int i = 0; i < 5_000; i++) {
        store.record(Observation.of(t0.plusSeconds(i), "web", "http",
            ProbeResult.up(Duration.ofMillis(3), Map.of("latency_ms", 3.0), "ok")));
      }
      store.flush();
      assertThat(store.observations("web", 10)).hasSize(10)
          .first().satisfies(o -> {
            assertThat(o.at()).isEqualTo(t0.plusSeconds(4_999));
            assertThat(o.metrics()).containsEntry("latency_ms", 3.0);
          });
      assertThat(store.pruneObservations(t0.plusSeconds(4_000))).isEqualTo(4_000);
      assertThat(store.observations("web", 10_000)).hasSize(1_000);
    }
  }
}
