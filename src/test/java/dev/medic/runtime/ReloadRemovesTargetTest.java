package dev.medic.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.spi.IncidentState;
import dev.medic.support.AgentHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadRemovesTargetTest {

  @TempDir Path dir;

  @Test
  void incidentsOfATargetRemovedFromTheConfigCloseOnReloadSayingWhy() throws Exception {
    String both = """
        agent: { interval: 100ms, failures: 1 }
        targets:
          - name: gone
            checks: [{type: command, command: ["/bin/false"]}]
          - name: stays
            checks: [{type: command, command: ["/bin/true"]}]
        """;
    try (AgentHarness h = AgentHarness.start(dir, both)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> !h.incidents().isEmpty());
      Files.writeString(h.configFile, """
          agent: { interval: 100ms, failures: 1 }
          targets:
            - name: stays
              checks: [{type: command, command: ["/bin/true"]}]
          """);
      assertThat(h.agent.reload()).isEmpty();
      assertThat(h.incidents()).singleElement().satisfies(i -> {
        assertThat(i.target()).isEqualTo("gone");
        assertThat(i.state()).isEqualTo(IncidentState.RESOLVED);
        assertThat(i.resolutionDetails()).isEqualTo("target gone removed from the config");
      });
      assertThat(h.agent.incidents().openIncidents()).isEmpty();
    }
  }
}
