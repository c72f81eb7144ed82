package dev.medic.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.spi.Incident;
import dev.medic.spi.IncidentState;
import dev.medic.store.AuditEntry;
import dev.medic.support.AgentHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end with a real supervisord: a worker stopped from outside fails medic's command check
 * ({@code supervisorctl status} exits 3 when the worker is STOPPED; STARTING exits 0, so the check
 * also asks for RUNNING), and the supervisorctl_restart
 * strategy brings it back.
 */
class SupervisorctlHealingTest {

  @TempDir Path dir;

  @Test
  void workerStoppedFromOutsideIsRestartedThroughSupervisorctl() throws Exception {
    Path sv = Files.createDirectories(dir.resolve("sv"));
    try (Supervisord supervisord = Supervisord.start(sv)) {
      String yaml = """
          agent:
            interval: 500ms
            timeout: 5s
            verify_timeout: 15s
            failures: 2
            api: "off"
          targets:
            - name: worker
              checks:
                - type: command
                  command: [supervisorctl, -c, "%1$s", status, worker]
                  # STARTING exits 0 as well: only RUNNING (up for startsecs) is healthy.
                  output_matches: " RUNNING "
          strategies:
            - name: restart_worker
              conditions: [command_failed]
              action: { type: supervisorctl_restart, name: worker, config: "%1$s" }
              max_attempts: 2
              cooldown: 1s
          """.formatted(supervisord.config);
      try (AgentHarness h = AgentHarness.start(dir, yaml)) {
        // Under load the worker may still be STARTING at the first runs, and that may already be
        // an incident healed on its own: the fault's incident is the one opened after the fault.
        await().atMost(Duration.ofSeconds(30)).until(() ->
            h.agent.targets().getFirst().checks().stream().anyMatch(c -> c.status().equals("up"))
                && h.incidents().stream().noneMatch(i -> i.state().open()));
        long before = supervisord.workerPid();
        long lastBefore = h.incidents().stream().mapToLong(Incident::id).max().orElse(0);

        supervisord.ctl("stop", "worker"); // the fault

        await().atMost(Duration.ofSeconds(30)).until(() -> h.incidents().stream()
            .anyMatch(i -> i.id() > lastBefore && i.state() == IncidentState.RESOLVED));
        assertThat(supervisord.ctl("status", "worker")).contains("RUNNING");
        assertThat(supervisord.workerPid()).isNotEqualTo(before);

        List<Incident> after = h.incidents().stream().filter(i -> i.id() > lastBefore).toList();
        assertThat(after).hasSize(1);
        Incident incident = after.getFirst();
        assertThat(incident.condition()).isEqualTo("command_failed");
        assertThat(incident.strategiesTried()).containsExactly("restart_worker");
        assertThat(h.auditKinds(incident.id())).containsSubsequence("opened", "decision", "intent")
            .contains("action", "resolved");
        assertThat(h.audit()).filteredOn(a -> a.kind().equals("action") && a.incidentId() != null
                && a.incidentId() == incident.id()).singleElement()
            .satisfies(a -> assertThat(a.detail()).isEqualTo("supervisorctl -c " + supervisord.config
                + " restart worker -> exit 0: worker: ERROR (not running); worker: started"))
            .extracting(AuditEntry::result).isEqualTo("ok");
      }
    }
  }
}
