package dev.medic.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.spi.Incident;
import dev.medic.spi.IncidentState;
import dev.medic.process.SupervisedProcess;
import dev.medic.support.AgentHarness;
import dev.medic.support.TestServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisedProcessHealingTest {

  @TempDir Path dir;

  @Test
  void restartsSupervisedProcessKilledWithSigkillAndRecordsDetectActionVerify() throws Exception {
    int port = TestServices.freePort();
    String yaml = """
        agent:
          interval: 1s
          timeout: 500ms
          verify_timeout: 15s
          # The restarted service is a JVM: on a loaded machine its boot may outlast three http
          # runs, which would open a second incident. The process check still raises on 1.
          failures: 10
        targets:
          - name: web
            critical: true
            process:
              command: %s
            checks:
              - type: process
              - type: http
                url: http://127.0.0.1:%d/health
        strategies:
          - name: restart_web
            conditions: [process_exited]
            action: { type: restart }
            max_attempts: 2
            cooldown: 1s
        """.formatted(TestServices.yamlList(TestServices.demoService(port, "ok", "1h")), port);
    try (AgentHarness h = AgentHarness.start(dir, yaml)) {
      HttpClient client = HttpClient.newHttpClient();
      HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build();
      await().atMost(Duration.ofSeconds(15)).ignoreExceptions()
          .until(() -> client.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
      // medic's own http check has seen it up as well: the failures it counted while the service
      // booted must not add up with those after the kill to a second incident.
      await().atMost(Duration.ofSeconds(15)).until(() -> h.agent.targets().getFirst().checks().stream()
          .anyMatch(c -> c.name().equals("http") && c.status().equals("up")));
      SupervisedProcess process = h.agent.supervisor().find("web").orElseThrow();
      long firstPid = process.pid();

      ProcessHandle.of(firstPid).orElseThrow().destroyForcibly(); // SIGKILL

      await().atMost(Duration.ofSeconds(20)).until(() ->
          h.incidents().stream().anyMatch(i -> i.condition().equals("process_exited") && i.state() == IncidentState.RESOLVED)
              && h.audit().stream().anyMatch(a -> a.kind().equals("attempt")));
      assertThat(process.pid()).isNotEqualTo(firstPid);
      await().atMost(Duration.ofSeconds(15)).ignoreExceptions()
          .until(() -> client.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);

      List<Incident> incidents = h.incidents();
      assertThat(incidents).hasSize(1);
      Incident incident = incidents.getFirst();
      assertThat(incident.target()).isEqualTo("web");
      assertThat(incident.severity().key()).isEqualTo("critical");
      assertThat(incident.strategiesTried()).containsExactly("restart_web");
      assertThat(incident.healingAttempts()).isEqualTo(1);
      assertThat(incident.resolutionStatus()).isEqualTo("resolved");
      assertThat(h.auditKinds(incident.id()))
          // The incident resolves on the verify's word, after it: never before the fix is proven.
          .containsSubsequence("opened", "decision", "intent", "action", "verify", "attempt", "resolved");
      assertThat(h.agent.store().audit().list(incident.id(), 100))
          .filteredOn(a -> a.kind().equals("verify"))
          .singleElement()
          .satisfies(a -> assertThat(a.result()).isEqualTo("ok"));
      assertThat(h.agent.store().incidents().timeline(incident.id()))
          .extracting(e -> e.event())
          .containsSubsequence("opened", "healing", "resolved");
    }
  }

  @Test
  void deadProcessLeavesItsLastFiftyLinesOfOutputInItsIncident() throws Exception {
    String yaml = """
        agent: { interval: 200ms, mode: observe, api: "off" }
        targets:
          - name: batch
            process: { command: ["/bin/sh", "-c", "for i in $(seq 1 60); do echo line $i; done; sleep 0.5; kill -9 $$"] }
            checks: [{ type: process }]
        """;
    try (AgentHarness h = AgentHarness.start(dir, yaml)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> !h.incidents().isEmpty()
          && h.agent.store().incidents().timeline(h.incidents().getFirst().id()).stream().anyMatch(e -> e.event().equals("process_output")));
      Incident incident = h.incidents().getFirst();
      assertThat(incident.message()).contains("killed by SIGKILL");
      String output = h.agent.store().incidents().timeline(incident.id()).stream()
          .filter(e -> e.event().equals("process_output")).findFirst().orElseThrow().detail();
      List<String> lines = output.lines().toList();
      assertThat(lines.getFirst()).startsWith("process killed by SIGKILL (pid ").endsWith("last 50 lines of output:");
      assertThat(lines.subList(1, lines.size())).hasSize(50).startsWith("line 11").endsWith("line 60");
      assertThat(h.audit()).filteredOn(a -> a.kind().equals("process_exited")).singleElement()
          .satisfies(a -> assertThat(a.detail()).contains("killed by SIGKILL").endsWith("line 60"));
    }
  }
}
