package dev.medic.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.store.AuditEntry;
import dev.medic.support.AgentHarness;
import dev.medic.support.TestHttpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reload (SIGHUP, POST /api/reload) while incidents are open, being healed, or not worked at all. */
class ReloadWhileRunningTest {

  @TempDir Path dir;

  /** A failing http target whose strategy leaves one file per action run. */
  private String config(String agentExtra, TestHttpServer app, int maxAttempts, String cooldown) {
    return """
        agent:
          interval: 150ms
          timeout: 1s
          verify_timeout: 300ms
          backoff: 10ms
        %s
        targets:
          - name: api
            checks:
              - type: http
                url: %s
        strategies:
          - name: poke
            conditions: [http_error]
            action: { type: command, command: ["/usr/bin/mktemp", "%s/action.XXXXXX"] }
            max_attempts: %d
            cooldown: %s
        """.formatted(agentExtra.isEmpty() ? "" : "  " + agentExtra, app.url("/health"), dir, maxAttempts, cooldown);
  }

  private long actionsRun() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith("action.")).count();
    }
  }

  private static List<AuditEntry> audit(AgentHarness h, String kind) {
    return h.audit().stream().filter(a -> a.kind().equals(kind)).toList();
  }

  private static void reload(AgentHarness h, String yaml) throws IOException {
    Files.writeString(h.configFile, yaml);
    assertThat(h.agent.reload()).isEmpty();
  }

  @Test
  void reloadIntoObserveModeStopsAHealerThatWaitsOutACooldown() throws Exception {
    try (TestHttpServer app = new TestHttpServer(() -> 500);
        AgentHarness h = AgentHarness.start(dir, config("", app, 3, "2s"))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> actionsRun() == 1 && !audit(h, "skipped").isEmpty());
      assertThat(audit(h, "skipped").getFirst().detail()).startsWith("cooldown: poke ran on api");

      reload(h, config("mode: observe", app, 3, "2s"));

      // When the cooldown is over, the healer asks the guard again, under the config as it is now.
      await().atMost(Duration.ofSeconds(10)).until(() ->
          audit(h, "skipped").stream().anyMatch(a -> a.detail().equals("mode observe: medic only records")));
      assertThat(actionsRun()).isEqualTo(1);
      assertThat(audit(h, "action")).hasSize(1);
      await().atMost(Duration.ofSeconds(5)).until(() -> !h.agent.healing());
      assertThat(actionsRun()).isEqualTo(1);
    }
  }

  @Test
  void reloadOutOfObserveModeTakesUpTheIncidentThatWasOnlyRecorded() throws Exception {
    try (TestHttpServer app = new TestHttpServer(() -> 500);
        AgentHarness h = AgentHarness.start(dir, config("mode: observe", app, 1, "0s"))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> !audit(h, "escalated").isEmpty() && !h.agent.healing());
      assertThat(audit(h, "escalated").getFirst().result()).isEqualTo("skipped");
      assertThat(actionsRun()).isZero();

      reload(h, config("", app, 1, "0s"));

      await().atMost(Duration.ofSeconds(10)).until(() -> h.incidents().getFirst().escalated());
      assertThat(actionsRun()).isEqualTo(1);
      assertThat(h.incidents()).singleElement().satisfies(i -> {
        assertThat(i.strategiesTried()).containsExactly("poke");
        assertThat(i.resolutionDetails()).isEqualTo("ladder exhausted after poke");
      });
    }
  }

  @Test
  void everyTargetStaysVisibleWhileTheConfigIsReloaded() throws Exception {
    try (TestHttpServer app = new TestHttpServer(() -> 200)) {
      StringBuilder yaml = new StringBuilder("""
          agent:
            interval: 1h
          targets:
          """);
      int targets = 60;
      for (int i = 0; i < targets; i++) {
        yaml.append("""
              - name: t%d
                checks: [{type: tcp, port: %d}]
            """.formatted(i, app.port()));
      }
      try (AgentHarness h = AgentHarness.start(dir, yaml.toString())) {
        AtomicBoolean reloading = new AtomicBoolean(true);
        AtomicInteger fewest = new AtomicInteger(targets);
        Thread reader = Thread.ofPlatform().start(() -> {
          while (reloading.get()) {
            fewest.accumulateAndGet(h.agent.targets().size(), Math::min);
          }
        });
        try {
          for (int i = 0; i < 100; i++) {
            assertThat(h.agent.reload()).isEmpty();
          }
        } finally {
          reloading.set(false);
          reader.join();
        }
        assertThat(fewest.get()).as("targets the API saw during reloads").isEqualTo(targets);
      }
    }
  }
}
