package dev.medic.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.spi.Incident;
import dev.medic.spi.IncidentState;
import dev.medic.store.AuditEntry;
import dev.medic.support.AgentHarness;
import dev.medic.support.DockerEngine;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Containers on a real engine, watched and healed by a real agent loop from a YAML config. */
@ExtendWith(DockerEngine.class)
class DockerHealingTest {

  @TempDir Path dir;
  private final TestContainers containers = new TestContainers();

  @AfterEach
  void cleanUp() {
    containers.close();
  }

  private static String config(String target, String checkExtra) {
    return """
        agent:
          interval: 300ms
          timeout: 5s
          verify_timeout: 15s
        targets:
          - name: %1$s
            checks:
              - type: docker
                container: "{target-name}"
                host: %2$s
                stats: false
        %3$s
        strategies:
          - name: restart_container
            conditions: [container_exited, container_unhealthy, container_restarting, crash_loop]
            action:
              type: docker_restart
              container: "{target}"
              host: %2$s
              grace: 1s
            max_attempts: 3
            cooldown: 1s
        """.formatted(target, DockerEngine.host(), checkExtra).replace("{target-name}", target);
  }

  private static List<AuditEntry> actions(AgentHarness h) {
    return h.audit().stream().filter(a -> a.kind().equals("action")).toList();
  }

  /** Until the agent recorded an observation of the target: its check has run. */
  private static void awaitFirstRun(AgentHarness h, String target) {
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      h.agent.store().observations().flush();
      return !h.agent.store().observations().list(target, 1).isEmpty();
    });
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static int httpStatus(int port) {
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  @Test
  void containerKilledFromOutsideIsRestartedAndServesAgain() throws Exception {
    int port = freePort();
    String name = containers.run("web", List.of("--network", "host"), "httpd", "-f", "-p", "127.0.0.1:" + port, "-h", "/www");
    await().atMost(Duration.ofSeconds(10)).until(() -> httpStatus(port) == 200);
    try (AgentHarness h = AgentHarness.start(dir, config(name, ""))) {
      awaitFirstRun(h, name);
      DockerEngine.docker("kill", name);
      await().atMost(Duration.ofSeconds(30)).until(() ->
          h.incidents().stream().anyMatch(i -> i.state() == IncidentState.RESOLVED) && !actions(h).isEmpty());

      Incident incident = h.incidents().getFirst();
      assertThat(incident.condition()).isEqualTo("container_exited");
      assertThat(incident.message()).contains("exit code 137");
      assertThat(incident.strategiesTried()).containsExactly("restart_container");
      assertThat(actions(h)).singleElement().satisfies(a -> {
        assertThat(a.result()).isEqualTo("ok");
        assertThat(a.detail()).contains("docker_restart " + name)
            .containsPattern("restarted " + name + ": running, restart count 0, started \\d\\d:\\d\\d:\\d\\d");
      });
      assertThat(h.audit()).filteredOn(a -> a.kind().equals("verify")).singleElement()
          .satisfies(a -> assertThat(a.result()).isEqualTo("ok"));
      assertThat(httpStatus(port)).as("the restarted container serves again").isEqualTo(200);
    }
  }

  @Test
  void unhealthyContainerIsRestartedAndComesBackHealthy() throws Exception {
    // The health check fails while /run/sick exists; /run is a tmpfs, so a restart clears it.
    String name = containers.run("sick", List.of("--tmpfs", "/run", "--health-cmd", "test ! -f /run/sick",
        "--health-interval", "300ms", "--health-retries", "1"), "sleep", "300");
    try (AgentHarness h = AgentHarness.start(dir, config(name, ""))) {
      await().atMost(Duration.ofSeconds(10)).until(() ->
          DockerEngine.docker("inspect", "-f", "{{.State.Health.Status}}", name).equals("healthy"));
      DockerEngine.docker("exec", name, "touch", "/run/sick");
      await().atMost(Duration.ofSeconds(30)).until(() ->
          h.incidents().stream().anyMatch(i -> i.state() == IncidentState.RESOLVED) && !actions(h).isEmpty());

      assertThat(h.incidents()).singleElement().satisfies(i -> {
        assertThat(i.condition()).isEqualTo("container_unhealthy");
        assertThat(i.strategiesTried()).containsExactly("restart_container");
      });
      assertThat(actions(h)).singleElement().satisfies(a -> assertThat(a.detail())
          .containsPattern("restarted " + name + ": running \\((starting|healthy)\\), restart count 0"));
      await().atMost(Duration.ofSeconds(10)).until(() ->
          DockerEngine.docker("inspect", "-f", "{{.State.Health.Status}}", name).equals("healthy"));
    }
  }

  @Test
  void containerInARestartLoopIsEscalatedWithoutAnyRestartByMedic() throws Exception {
    String name = containers.run("loop", List.of("--restart", "always"), "sh", "-c", "echo starting; exit 1");
    // The engine's own policy restarts it with a growing delay; past 2 restarts it is a loop already.
    await().atMost(Duration.ofSeconds(20)).until(() ->
        Integer.parseInt(DockerEngine.docker("inspect", "-f", "{{.RestartCount}}", name)) > 2);
    String yaml = config(name, "").replace("stats: false", "stats: false\n        restarts: { max: 2, within: 10m }");
    try (AgentHarness h = AgentHarness.start(dir, yaml)) {
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(h.incidents())
          .as("incidents %s, audit %s", h.incidents(), h.audit())
          .anyMatch(i -> i.condition().equals("crash_loop") && i.state() == IncidentState.ESCALATED));
      // A few more rounds of the loop: still no restart from medic.
      await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> actions(h).isEmpty());

      assertThat(h.incidents()).filteredOn(Incident::isOpen).singleElement().satisfies(i -> {
        assertThat(i.condition()).isEqualTo("crash_loop");
        assertThat(i.message()).contains(name + " restarted").contains("(limit 2)");
        assertThat(i.strategiesTried()).isEmpty();
      });
      assertThat(h.audit()).filteredOn(a -> a.kind().equals("attempt") || a.kind().equals("action")).isEmpty();
      assertThat(h.audit()).anySatisfy(a -> assertThat(a.detail()).contains("no strategy handles condition crash_loop"));
    }
    try (AgentHarness h = AgentHarness.start(dir, yaml)) {
      // medic restarted while the loop goes on: the same incident, still escalated, still no restart.
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() ->
          h.incidents().stream().filter(i -> i.condition().equals("crash_loop")).count() == 1
              && h.incidents().stream().anyMatch(i -> i.condition().equals("crash_loop") && i.isOpen())
              && actions(h).isEmpty());
    }
  }

  @Test
  void containerThatDiesAfterEachRestartByMedicBecomesACrashLoopAndRestartsStop() throws Exception {
    // No restart policy: only medic restarts it, which resets the engine's restart count each time.
    String name = containers.run("dies", List.of(), "sh", "-c", "sleep 1; exit 3");
    String yaml = config(name, "")
        .replace("stats: false", "stats: false\n        restarts: { max: 2, within: 10m }")
        .replace("max_attempts: 3", "max_attempts: 20").replace("cooldown: 1s", "cooldown: 0s");
    try (AgentHarness h = AgentHarness.start(dir, yaml)) {
      await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(h.incidents())
          .as("incidents %s", h.incidents())
          .anyMatch(i -> i.condition().equals("crash_loop") && i.state() == IncidentState.ESCALATED));
      long restarts = actions(h).size();
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> actions(h).size() == restarts);
      assertThat(restarts).as("medic's own restarts made the loop: more than 2, then none").isBetween(3L, 5L);
      assertThat(h.incidents()).filteredOn(i -> i.condition().equals("crash_loop")).singleElement()
          .satisfies(i -> assertThat(i.message()).contains("restarts_in_window > 2 as crash_loop"));
    }
  }

  @Test
  void criticalLogLineOpensAnIncidentWithTheLineOnceAcrossARestartOfMedic() throws Exception {
    String name = containers.run("logger", List.of(), "sh", "-c",
        "while [ ! -f /tmp/go ]; do sleep 0.1; done; echo 'FATAL: could not write block 7 of relation base/16384'; sleep 300");
    String yaml = config(name, "").replace("stats: false", """
        stats: false
                logs:
                  critical: ["/fatal/i"]""");
    try (AgentHarness h = AgentHarness.start(dir, yaml)) {
      awaitFirstRun(h, name); // a check reads the lines written after its first run
      DockerEngine.docker("exec", name, "touch", "/tmp/go");
      await().atMost(Duration.ofSeconds(20)).until(() ->
          h.incidents().stream().anyMatch(i -> i.condition().equals("log_critical")));
      assertThat(h.incidents()).filteredOn(i -> i.condition().equals("log_critical")).singleElement()
          .satisfies(i -> assertThat(i.message()).contains("1 critical log line: FATAL: could not write block 7"));
    }
    try (AgentHarness h = AgentHarness.start(dir, yaml)) {
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() ->
          h.incidents().stream().filter(i -> i.condition().equals("log_critical")).count() == 1);
    }
  }
}
