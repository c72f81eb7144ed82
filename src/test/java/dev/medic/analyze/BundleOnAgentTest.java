package dev.medic.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.runtime.Plugins;
import dev.medic.spi.Incident;
import dev.medic.spi.IncidentBundle;
import dev.medic.support.AgentHarness;
import dev.medic.support.TestServices;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundle of an incident a running medic recorded: a worker that crashes printing a secret. */
class BundleOnAgentTest {

  private static final String SECRET = "literal-secret-1234";

  @TempDir Path dir;

  @Test
  void aCrashingWorkersBundleHoldsItsOutputItsRestartsItsDependentAndNoSecret() throws Exception {
    String yaml = """
        agent: { interval: 200ms, api: "off", backoff: 10ms, verify_timeout: 1s }
        targets:
          - name: worker
            process:
              command: ["/bin/sh", "-c", "echo connecting; echo \\"FATAL: auth failed for app with $DB_PASSWORD\\"; sleep 0.3; exit 3"]
              env: { DB_PASSWORD: "%s" }
            checks: [{ type: process }]
          - name: web
            checks: [{ type: tcp, port: %d }]
            depends_on: [worker]
        strategies:
          - name: restart_worker
            conditions: [process_exited]
            targets: [worker]
            action: { type: restart }
            max_attempts: 1
        """.formatted(SECRET, TestServices.freePort());
    try (AgentHarness h = AgentHarness.start(dir, yaml)) {
      BundleBuilder builder = new BundleBuilder(h.agent.store(), h.agent::config, t -> null, Clock.systemUTC(),
          Plugins.registry());
      await().atMost(Duration.ofSeconds(20)).until(() -> h.incidents().stream()
          .filter(i -> i.target().equals("worker"))
          .anyMatch(i -> builder.bundle(i.id()).map(b -> !b.actions().isEmpty() && !b.observations().isEmpty()
              && b.logLines().stream().anyMatch(l -> l.contains("FATAL"))).orElse(false)));
      Incident worker = h.incidents().stream().filter(i -> i.target().equals("worker")).findFirst().orElseThrow();

      IncidentBundle b = builder.bundle(worker.id()).orElseThrow();
      String json = new BundleJson().json(b);

      assertThat(b.logLines()).anyMatch(l -> l.endsWith("process output: FATAL: auth failed for app with ***"));
      assertThat(b.actions()).anyMatch(a -> a.strategy().equals("restart_worker"));
      assertThat(b.strategies()).extracting(s -> s.name() + " " + s.action()).containsExactly("restart_worker restart");
      assertThat(b.neighbourhood().dependents()).extracting(n -> n.target()).containsExactly("web");
      // Observations are written in batches: the await above waited for the first to be committed.
      assertThat(b.observations()).allMatch(o -> o.check().equals("process"));
      JsonNode tree = new ObjectMapper().readTree(json);
      assertThat(tree.at("/target_config/process/env/DB_PASSWORD").asText()).isEqualTo("***");
      assertThat(json).doesNotContain(SECRET);
      assertThat(new BundleMarkdown().markdown(b)).doesNotContain(SECRET);
    }
  }
}
