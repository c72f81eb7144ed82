package dev.medic.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.spi.Incident;
import dev.medic.support.AgentHarness;
import dev.medic.support.TestHttpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real medic watching a service that answers 200 and 500 in turn, then settles. */
class FlappingTargetTest {

  @TempDir Path dir;

  @Test
  void aServiceGoingUpAndDownOpensOneFlappingIncidentThatResolvesOnceItSettles() throws Exception {
    AtomicBoolean settled = new AtomicBoolean();
    AtomicInteger requests = new AtomicInteger();
    try (TestHttpServer app = new TestHttpServer(
            () -> settled.get() || requests.getAndIncrement() % 2 == 0 ? 200 : 500);
        AgentHarness h = AgentHarness.start(dir, """
            agent:
              interval: 100ms
              timeout: 1s
              failures: 50
              mode: observe
            targets:
              - name: web
                checks:
                  - type: http
                    url: %s
                detect:
                  flap: {window: 5, high: 50, low: 25}
            """.formatted(app.url("/health")))) {
      await().atMost(Duration.ofSeconds(20)).until(() -> flapping(h).isPresent());
      Incident open = flapping(h).orElseThrow();
      assertThat(open.message()).matches("state changed in [0-9.]+% of the last 5 runs \\(weighted; flapping from 50%, settles below 25%\\)");
      assertThat(h.incidents()).as("one incident, not one per failure").hasSize(1);

      settled.set(true);
      await().atMost(Duration.ofSeconds(20)).until(() -> h.agent.store().incidents().get(open.id()).orElseThrow().resolvedAt() != null);
      assertThat(h.agent.store().incidents().get(open.id()).orElseThrow().resolutionDetails())
          .contains("below 25%");
    }
  }

  private static Optional<Incident> flapping(AgentHarness h) {
    return h.agent.incidents().openIncident("web", "flapping");
  }
}
