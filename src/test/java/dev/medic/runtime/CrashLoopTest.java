package dev.medic.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.spi.Incident;
import dev.medic.spi.IncidentState;
import dev.medic.store.AuditEntry;
import dev.medic.support.AgentHarness;
import dev.medic.support.TestHttpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A supervised service that dies about a second after every start: medic restarts it until the
 * crash loop is detected, then stops restarting, keeps one incident and pages once, and holds to
 * that across a restart of medic.
 */
class CrashLoopTest {

  @TempDir Path dir;

  private static final ObjectMapper JSON = new ObjectMapper();

  private long escalationsSent(TestHttpServer webhook) {
    return webhook.requests().stream()
        .filter(r -> {
          try {
            return JSON.readTree(r.body()).path("event").asText().equals("escalation");
          } catch (Exception e) {
            return false;
          }
        })
        .count();
  }

  private static long restarts(AgentHarness h) {
    return h.audit().stream().filter(a -> a.kind().equals("action") && "restart_flappy".equals(a.strategy())).count();
  }

  private static long exits(AgentHarness h) {
    return h.audit().stream().filter(a -> a.kind().equals(AuditEntry.PROCESS_EXITED)).count();
  }

  @Test
  void crashLoopStopsRestartsKeepsOneIncidentAndPagesOnceAcrossARestartOfMedic() throws Exception {
    try (TestHttpServer webhook = new TestHttpServer(() -> 200)) {
      // The default settle period is three check intervals (1.5 s): longer than the service lives.
      String yaml = """
          agent:
            interval: 500ms
            timeout: 1s
            verify_timeout: 5s
            backoff: 10ms
            api: "off"
          targets:
            - name: flappy
              process: { command: ["/bin/sh", "-c", "sleep 1; exit 3"] }
              checks: [{ type: process }]
              detect:
                crash_loop: { restarts: 3, within: 10m }
          strategies:
            - name: restart_flappy
              conditions: [process_exited]
              action: { type: restart }
              max_attempts: 20
              cooldown: 0s
          escalation:
            channels:
              - type: webhook
                name: ops
                url: %s
          """.formatted(webhook.url("/hook"));
      long restartsBefore;
      long exitsBefore;
      try (AgentHarness h = AgentHarness.start(dir, yaml)) {
        await().atMost(Duration.ofSeconds(40)).until(() -> escalationsSent(webhook) == 1);
        restartsBefore = restarts(h);
        exitsBefore = exits(h);
        // No more restarts, no more exits, no second page while the loop lasts.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
            .until(() -> restarts(h) == restartsBefore && exits(h) == exitsBefore && escalationsSent(webhook) == 1);

        List<Incident> incidents = h.incidents();
        assertThat(incidents).filteredOn(Incident::isOpen).singleElement().satisfies(i -> {
          assertThat(i.condition()).isEqualTo("crash_loop");
          assertThat(i.state()).isEqualTo(IncidentState.ESCALATED);
        });
        // Each verify saw the service answer, then die within the settle period: no restart "healed"
        // it, so the process_exited incident of this episode is the loop's symptom, not a resolved one.
        assertThat(incidents).filteredOn(i -> !i.isOpen()).singleElement().satisfies(i -> {
          assertThat(i.condition()).isEqualTo("process_exited");
          assertThat(i.resolutionStatus()).isEqualTo("symptom");
        });
        assertThat(h.audit()).filteredOn(a -> a.kind().equals("verify"))
            .allSatisfy(a -> assertThat(a.result()).isEqualTo("failed"));
        assertThat(restartsBefore).isBetween(2L, 4L);
      }

      try (AgentHarness h = AgentHarness.start(dir, yaml)) {
        // medic starts its processes at start; this one dies again, and that is still the same loop.
        await().atMost(Duration.ofSeconds(10)).until(() -> exits(h) > exitsBefore);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
            .until(() -> restarts(h) == restartsBefore && escalationsSent(webhook) == 1);
        assertThat(h.incidents()).filteredOn(Incident::isOpen).singleElement()
            .satisfies(i -> assertThat(i.condition()).isEqualTo("crash_loop"));
      }
    }
  }
}
