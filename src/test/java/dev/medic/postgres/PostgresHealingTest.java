package dev.medic.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.spi.Incident;
import dev.medic.spi.IncidentState;
import dev.medic.store.AuditEntry;
import dev.medic.support.AgentHarness;
import dev.medic.support.PostgresScratch;
import dev.medic.support.RealServices;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresHealingTest {

  @TempDir Path dir;

  @BeforeAll
  static void needsPostgres() {
    RealServices.requirePostgres();
  }

  @Test
  void sessionsLeftIdleInTransactionAreDetectedTerminatedByTheStrategyAndTheIncidentResolves() throws Exception {
    try (PostgresScratch db = PostgresScratch.create()) {
      String app = db.role("app", "NOSUPERUSER");
      String medic = db.medicRole();
      List<Connection> leaked = List.of(db.idleInTransaction(app, "worker"), db.idleInTransaction(app, "worker"));
      // Both past the 1 s threshold before medic looks: the first check sees them both.
      await().atMost(Duration.ofSeconds(10)).until(() -> db.idleLongerThan(1.2) == 2);
      String yaml = """
          agent:
            interval: 300ms
            timeout: 3s
            verify_timeout: 10s
          targets:
            - name: appdb
              checks:
                - type: postgres
                  url: %1$s
                  user: %2$s
                  password: ${PGPASSWORD_FOR_MEDIC:-unused-with-trust}
                  idle_in_transaction_after: 1s
          strategies:
            - name: kill_idle_transactions
              conditions: [idle_in_transaction, db_pool_exhausted]
              action:
                type: postgres_terminate_idle
                url: %1$s
                user: %2$s
                roles: [%3$s]
                older_than: 1s
                max_sessions: 10
              max_attempts: 2
              cooldown: 1s
          """.formatted(db.url, medic, app);
      try (AgentHarness h = AgentHarness.start(dir, yaml)) {
        // The attempt is recorded last, after the verify and the resolution.
        await().atMost(Duration.ofSeconds(30)).until(() ->
            h.incidents().stream().anyMatch(i -> i.state() == IncidentState.RESOLVED)
                && h.audit().stream().anyMatch(a -> a.kind().equals("attempt")));

        Incident incident = h.incidents().getFirst();
        assertThat(h.incidents()).hasSize(1);
        assertThat(incident.condition()).isEqualTo("idle_in_transaction");
        assertThat(incident.message()).contains("idle_in_transaction = 2");
        assertThat(incident.strategiesTried()).containsExactly("kill_idle_transactions");
        assertThat(incident.escalated()).isFalse();
        List<AuditEntry> audit = h.agent.store().audit().list(incident.id(), 100).reversed();
        assertThat(audit).filteredOn(a -> a.kind().equals("action")).singleElement().satisfies(a -> {
          assertThat(a.result()).isEqualTo("ok");
          assertThat(a.detail())
              .contains("terminated 2 sessions idle in transaction > 1s of roles [" + app + "]")
              .contains("pid " + db.pid(leaked.get(0)))
              .contains("pid " + db.pid(leaked.get(1)));
        });
        assertThat(audit).filteredOn(a -> a.kind().equals("verify")).singleElement()
            .satisfies(a -> assertThat(a.result()).isEqualTo("ok"));
        for (Connection c : leaked) {
          assertThat(db.alive(db.pid(c))).isFalse();
        }
      }
    }
  }

  @Test
  void remediesThatTouchNothingMoveTheLadderOnAtOnceAndTheEscalationSaysWhatWasLeftAlone() throws Exception {
    try (PostgresScratch db = PostgresScratch.create()) {
      String admin = db.role("admin", "NOSUPERUSER");
      String app = db.role("app", "NOSUPERUSER");
      String medic = db.medicRole();
      Connection leaked = db.idleInTransaction(admin, "console");
      await().atMost(Duration.ofSeconds(10)).until(() -> db.idleLongerThan(1.2) == 1);
      String yaml = """
          agent:
            interval: 300ms
            timeout: 3s
            verify_timeout: 20s
          targets:
            - name: appdb
              checks:
                - type: postgres
                  url: %1$s
                  user: %2$s
                  idle_in_transaction_after: 1s
          strategies:
            - name: kill_app_idle
              conditions: [idle_in_transaction]
              action: { type: postgres_terminate_idle, url: %1$s, user: %2$s, roles: [%3$s], older_than: 1s }
              max_attempts: 3
              cooldown: 0s
            - name: kill_worker_idle
              conditions: [idle_in_transaction]
              action: { type: postgres_terminate_idle, url: %1$s, user: %2$s, roles: [%3$s], applications: [worker], older_than: 1s }
              max_attempts: 3
              cooldown: 0s
          """.formatted(db.url, medic, app);
      try (AgentHarness h = AgentHarness.start(dir, yaml)) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !h.incidents().isEmpty()
            && h.auditKinds(h.incidents().getFirst().id()).contains("escalated"));
        Incident incident = h.incidents().getFirst();
        List<AuditEntry> audit = h.agent.store().audit().list(incident.id(), 100).reversed();
        // One try each, no verify waited out: neither touched anything.
        assertThat(audit).filteredOn(a -> a.kind().equals("action")).extracting(AuditEntry::strategy, AuditEntry::result)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("kill_app_idle", "no_effect"),
                org.assertj.core.groups.Tuple.tuple("kill_worker_idle", "no_effect"));
        assertThat(audit).noneMatch(a -> a.kind().equals("verify"));
        assertThat(audit).filteredOn(a -> a.kind().equals("action")).first()
            .satisfies(a -> assertThat(a.detail()).contains("pid " + db.pid(leaked)).contains(admin));
        assertThat(h.agent.incidents().openIncident(incident.id())).hasValueSatisfying(i ->
            assertThat(i.resolutionDetails()).contains("kill_app_idle had no effect").contains("kill_worker_idle had no effect"));
        assertThat(db.alive(db.pid(leaked))).isTrue();
      }
    }
  }
}
