package dev.medic.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.spi.IncidentState;
import dev.medic.store.AuditEntry;
import dev.medic.support.AgentHarness;
import dev.medic.support.WithDocumentsTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seed 001's stuck documents, end to end: a real table, a real agent, a real requeue. */
class SqlHealingTest extends WithDocumentsTable {

  @TempDir Path dir;

  @Test
  void stuckDocumentsOpenStuckItemsThatTheSqlRequeueHealsWithTheRowCountInTheAudit() throws Exception {
    db.exec("INSERT INTO documents (status, updated_at) SELECT 'processing', now() - interval '2 hours'"
            + " FROM generate_series(1, 4)",
        "INSERT INTO documents (status, updated_at) VALUES ('processing', now()), ('done', now())");
    String yaml = """
        agent:
          interval: 300ms
          timeout: 3s
          verify_timeout: 10s
        targets:
          - name: pipeline
            checks:
              - type: sql
                name: stuck_documents
                url: "%1$s"
                user: postgres
                query: "select count(*) from documents where status = 'processing' and updated_at < now() - interval '30 minutes'"
                rules: ["value > 0 as stuck_items"]
        strategies:
          - name: requeue_stuck
            conditions: [stuck_items]
            action:
              type: sql
              url: "%1$s"
              user: postgres
              statement: "update documents set status = 'pending', updated_at = now() where status = 'processing' and updated_at < now() - interval '30 minutes'"
              max_rows: 100
            max_attempts: 1
            cooldown: 0s
        """.formatted(db.url());

    try (AgentHarness h = AgentHarness.start(dir, yaml)) {
      await().atMost(Duration.ofSeconds(20)).until(() ->
          h.incidents().stream().anyMatch(i -> i.state() == IncidentState.RESOLVED)
              && h.audit().stream().anyMatch(a -> a.kind().equals("attempt")));

      assertThat(h.incidents()).singleElement().satisfies(i -> {
        assertThat(i.target()).isEqualTo("pipeline");
        assertThat(i.condition()).isEqualTo("stuck_items");
        assertThat(i.message()).contains("stuck_documents: value = 4");
        assertThat(i.strategiesTried()).containsExactly("requeue_stuck");
        assertThat(i.escalated()).isFalse();
      });
      long id = h.incidents().getFirst().id();
      List<AuditEntry> audit = h.agent.store().audit().list(id, 100).reversed();
      assertThat(audit).filteredOn(a -> a.kind().equals("action")).singleElement().satisfies(a -> {
        assertThat(a.result()).isEqualTo("ok");
        assertThat(a.detail()).startsWith("sql update documents set status = 'pending'")
            .endsWith("-> updated 4 rows (limit 100)");
      });
      assertThat(audit).filteredOn(a -> a.kind().equals("verify")).singleElement()
          .satisfies(a -> assertThat(a.result()).isEqualTo("ok"));
    }
    assertThat(db.count("select count(*) from documents where status = 'pending'")).isEqualTo(4);
    assertThat(db.count("select count(*) from documents where status = 'processing'")).isEqualTo(1);
  }
}
