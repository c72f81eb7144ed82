package dev.medic.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.spi.Incident;
import dev.medic.spi.IncidentState;
import dev.medic.store.AuditEntry;
import dev.medic.store.SqliteStore;
import dev.medic.store.Store;
import dev.medic.support.AgentHarness;
import dev.medic.support.MedicProcess;
import dev.medic.support.TestHttpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** medic killed with SIGKILL during an open incident picks it up again on the next start. */
class CrashResumeTest {

  @TempDir Path dir;

  private long actionsRun() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith("action.")).count();
    }
  }

  @Test
  void openIncidentSurvivesSigkillAndHealingResumesWithoutDuplicates() throws Exception {
    try (TestHttpServer app = new TestHttpServer(() -> 500)) {
      String yaml = """
          agent:
            interval: 150ms
            timeout: 1s
            verify_timeout: 300ms
            backoff: 10ms
            api: "off"
            store: sqlite:%s
          targets:
            - name: api
              checks:
                - type: http
                  url: %s
          strategies:
            - name: poke
              conditions: [http_error]
              action: { type: command, command: ["/usr/bin/mktemp", "%s/action.XXXXXX"] }
              max_attempts: 3
              cooldown: 2s
          """.formatted(dir.resolve("medic.db"), app.url("/health"), dir);
      Path config = dir.resolve("medic.yaml");
      Files.writeString(config, yaml);

      Process medic = MedicProcess.run(config, dir.resolve("first-run.log"));
      try {
        // The action has run and its audit row is committed (the verify after it is logged later).
        await().atMost(Duration.ofSeconds(20)).until(() -> actionsRun() == 1
            && Files.readString(dir.resolve("first-run.log")).contains("verify failed"));
      } finally {
        medic.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no cleanup
      }

      long incidentId;
      int auditBefore;
      try (Store store = SqliteStore.open(dir.resolve("medic.db"))) {
        List<Incident> open = store.incidents().list(true, 10);
        assertThat(open).singleElement().satisfies(i -> assertThat(i.healingAttempts()).isEqualTo(1));
        incidentId = open.getFirst().id();
        auditBefore = store.audit().list(null, 10_000).size();
        assertThat(store.ledger().attempts(incidentId, "poke")).isEqualTo(1);
      }

      try (AgentHarness h = AgentHarness.start(dir, yaml)) {
        // The escalation's audit row is written after the incident's state.
        await().atMost(Duration.ofSeconds(20)).until(() ->
            h.incidents().getFirst().state() == IncidentState.ESCALATED
                && h.auditKinds(h.incidents().getFirst().id()).contains("escalated"));

        assertThat(h.incidents()).singleElement().satisfies(i -> {
          assertThat(i.id()).isEqualTo(incidentId);
          assertThat(i.healingAttempts()).isEqualTo(3);
          assertThat(i.resolutionDetails()).startsWith("ladder exhausted");
        });
        assertThat(actionsRun()).isEqualTo(3);
        List<AuditEntry> audit = h.agent.store().audit().list(incidentId, 1000).reversed();
        assertThat(audit).extracting(AuditEntry::kind)
            .containsSubsequence("opened", "action", "resumed", "action", "action", "escalated");
        assertThat(audit).filteredOn(a -> a.kind().equals("action")).hasSize(3);
        assertThat(audit).filteredOn(a -> a.kind().equals("escalated")).hasSize(1);
        assertThat(h.agent.store().audit().list(null, 10_000).size()).isGreaterThan(auditBefore);
        assertThat(h.agent.store().incidents().timeline(incidentId)).extracting(e -> e.event()).contains("resumed");
      }
    }
  }

  @Test
  void actionInterruptedBySigkillIsNotRunAgainAndCountsAsAnAttempt() throws Exception {
    try (TestHttpServer app = new TestHttpServer(() -> 500); TestHttpServer webhook = new TestHttpServer(() -> 200)) {
      String yaml = """
          agent:
            interval: 150ms
            timeout: 1s
            api: "off"
            store: sqlite:%s
          targets:
            - name: api
              checks:
                - type: http
                  url: %s
          strategies:
            - name: slow_fix
              conditions: [http_error]
              action: { type: command, command: ["/bin/sh", "-c", "mktemp %s/action.XXXXXX; exec sleep 20"], timeout: 60s }
              max_attempts: 1
              cooldown: 1h
          escalation:
            channels:
              - { type: webhook, name: ops, url: "%s" }
          """.formatted(dir.resolve("medic.db"), app.url("/health"), dir, webhook.url("/hook"));
      Path config = dir.resolve("medic.yaml");
      Files.writeString(config, yaml);

      Process medic = MedicProcess.run(config, dir.resolve("first-run.log"));
      try {
        await().atMost(Duration.ofSeconds(20)).until(() -> actionsRun() == 1);
      } finally {
        medic.destroyForcibly().waitFor(); // SIGKILL while the action runs
      }

      try (AgentHarness h = AgentHarness.start(dir, yaml)) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !h.incidents().isEmpty()
            && h.auditKinds(h.incidents().getFirst().id()).contains("escalated"));
        Incident incident = h.incidents().getFirst();
        assertThat(actionsRun()).isEqualTo(1);
        List<AuditEntry> audit = h.agent.store().audit().list(incident.id(), 1000).reversed();
        assertThat(audit).extracting(AuditEntry::kind)
            .containsSubsequence("opened", "decision", "intent", "resumed", "escalated");
        assertThat(audit).filteredOn(a -> a.kind().equals("action")).singleElement().satisfies(a -> {
          assertThat(a.result()).isEqualTo("interrupted");
          assertThat(a.detail()).contains("interrupted by a restart of medic");
        });
        assertThat(h.agent.store().ledger().attempts(incident.id(), "slow_fix")).isEqualTo(1);
        assertThat(h.agent.store().ledger().lastAction("api", "slow_fix")).isPresent();
        assertThat(incident.healingAttempts()).isEqualTo(1);
        assertThat(incident.resolutionDetails()).startsWith("ladder exhausted");
        await().atMost(Duration.ofSeconds(10)).until(() -> webhook.requests().size() == 1);
      }
    }
  }

  @Test
  void exitsBeforeARestartOfMedicCountTowardTheCrashLoopAfterIt() throws Exception {
    Instant now = Instant.now();
    try (Store store = SqliteStore.open(dir.resolve("medic.db"))) {
      for (int ago : new int[] {240, 120, 30}) {
        store.audit().append(AuditEntry.of(now.minusSeconds(ago), null, "worker", AuditEntry.PROCESS_EXITED, null, "",
            "process exited with code 1 (pid 4242)"));
      }
      // Older than the window: does not count.
      store.audit().append(AuditEntry.of(now.minusSeconds(3600), null, "worker", AuditEntry.PROCESS_EXITED, null, "",
          "process exited with code 1 (pid 4141)"));
    }
    try (AgentHarness h = AgentHarness.start(dir, """
        agent: { mode: observe }
        targets:
          - name: worker
            process: { command: ["/bin/sleep", "600"] }
            checks: [{ type: process }]
            detect:
              crash_loop: { restarts: 2, within: 10m }
        """)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> !h.incidents().isEmpty());
      assertThat(h.incidents()).singleElement().satisfies(i -> {
        assertThat(i.condition()).isEqualTo("crash_loop");
        assertThat(i.message()).startsWith("3 exits within 10 min");
      });
    }
  }
}
