package dev.medic.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.support.AgentHarness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentCloseTest {

  @TempDir Path dir;

  /** The selector threads of the JDK's HttpClients: one lives as long as its client is open. */
  private static Set<Thread> httpClientThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("HttpClient-") && t.getName().endsWith("-SelectorManager"))
        .collect(Collectors.toSet());
  }

  @Test
  void closingTheAgentClosesItsHttpClients() throws Exception {
    Set<Thread> before = httpClientThreads();
    Set<Thread> own;
    try (AgentHarness h = AgentHarness.start(dir, """
        targets:
          - name: web
            checks: [{type: tcp, port: 1}]
        """)) {
      own = new HashSet<>(httpClientThreads());
      own.removeAll(before);
      assertThat(own).as("the agent's one http client: no check asked for tls_verify: false")
          .hasSize(1);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> own.stream().noneMatch(Thread::isAlive));
  }
}
