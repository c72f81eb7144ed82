package dev.medic.heal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.runtime.Agent;
import dev.medic.spi.Incident;
import dev.medic.spi.IncidentState;
import dev.medic.store.AuditEntry;
import dev.medic.support.AgentHarness;
import dev.medic.support.TestHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cooldowns, hourly limits, the circuit breaker and the modes, each with the audit saying why. */
class GuardPolicyTest {

  @TempDir Path dir;
  private TestHttpServer broken;
  private TestHttpServer webhook;

  @BeforeEach
  void startServers() throws Exception {
    broken = new TestHttpServer(() -> 500);
    webhook = new TestHttpServer(() -> 200);
  }

  @AfterEach
  void stopServers() {
    broken.close();
    webhook.close();
  }

  private String config(String agentExtra, String targetExtra, String strategies) {
    return """
        agent:
          interval: 150ms
          timeout: 1s
          verify_timeout: 400ms
          backoff: 10ms
        %s
        targets:
          - name: api
            checks:
              - type: http
                url: %s
        %s
        strategies:
        %s
        escalation:
          channels:
            - type: webhook
              url: %s
        """.formatted(indent(agentExtra, 2), broken.url("/health"), indent(targetExtra, 4), strategies, webhook.url("/hook"));
  }

  private static String indent(String lines, int spaces) {
    return lines.isEmpty() ? "" : lines.indent(spaces).stripTrailing();
  }

  private static String touch(String name, Path file, int maxAttempts, String cooldown) {
    return """
          - name: %s
            conditions: [http_error]
            action: { type: command, command: ["/usr/bin/touch", "%s"] }
            max_attempts: %d
            cooldown: %s
        """.formatted(name, file, maxAttempts, cooldown);
  }

  private static List<AuditEntry> skipped(AgentHarness h) {
    return h.audit().stream().filter(a -> a.kind().equals("skipped")).toList();
  }

  @Test
  void cooldownDelaysTheNextAttemptAndTheAuditSaysSo() throws Exception {
    String yaml = config("", "", touch("poke", dir.resolve("poked"), 3, "1h"));
    try (AgentHarness h = AgentHarness.start(dir, yaml)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> !skipped(h).isEmpty());
      assertThat(skipped(h).getFirst().detail()).startsWith("cooldown: poke ran on api");
      assertThat(skipped(h).getFirst().strategy()).isEqualTo("poke");
      // Waiting out a cooldown is not a reason to give up: no escalation, one action so far.
      Incident incident = h.incidents().getFirst();
      assertThat(incident.escalated()).isFalse();
      assertThat(h.audit()).filteredOn(a -> a.kind().equals("action")).hasSize(1);
      assertThat(webhook.requests()).isEmpty();
    }
  }

  @Test
  void hourlyLimitBlocksTheNextActionAndEscalates() throws Exception {
    String yaml = config("", "max_heals_per_hour: 1",
        touch("first", dir.resolve("a"), 1, "0s") + touch("second", dir.resolve("b"), 1, "0s"));
    try (AgentHarness h = AgentHarness.start(dir, yaml)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> webhook.requests().size() == 1);
      assertThat(skipped(h)).singleElement().satisfies(a -> {
        assertThat(a.strategy()).isEqualTo("second");
        assertThat(a.detail()).isEqualTo("rate limit: 1 actions on api in the last hour (max_heals_per_hour 1)");
      });
      assertThat(Files.exists(dir.resolve("a"))).isTrue();
      assertThat(Files.exists(dir.resolve("b"))).isFalse();
      assertThat(h.incidents().getFirst().resolutionDetails()).startsWith("second blocked: rate limit");
    }
  }

  @Test
  void circuitBreakerStopsHealingWhenRecentAttemptsFailed() throws Exception {
    String yaml = config("breaker: { window: 2, min_actions: 2, failure_rate: 100, open_for: 1h }", "",
        touch("one", dir.resolve("1"), 1, "0s") + touch("two", dir.resolve("2"), 1, "0s")
            + touch("three", dir.resolve("3"), 1, "0s"));
    try (AgentHarness h = AgentHarness.start(dir, yaml)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> webhook.requests().size() == 1);
      assertThat(skipped(h)).singleElement().satisfies(a -> {
        assertThat(a.strategy()).isEqualTo("three");
        assertThat(a.detail()).startsWith("circuit breaker open until").endsWith("2 of the last 2 attempts failed");
      });
      assertThat(Files.exists(dir.resolve("2"))).isTrue();
      assertThat(Files.exists(dir.resolve("3"))).isFalse();
    }
  }

  @Test
  void observeModeRecordsTheIncidentButNeitherActsNorNotifies() throws Exception {
    String yaml = config("mode: observe", "", touch("poke", dir.resolve("poked"), 1, "0s"));
    try (AgentHarness h = AgentHarness.start(dir, yaml)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> h.audit().stream().anyMatch(a -> a.kind().equals("escalated")));
      assertThat(skipped(h)).singleElement().satisfies(a -> assertThat(a.detail()).isEqualTo("mode observe: medic only records"));
      assertThat(h.audit()).filteredOn(a -> a.kind().equals("escalated")).singleElement()
          .satisfies(a -> assertThat(a.result()).isEqualTo("skipped"));
      assertThat(Files.exists(dir.resolve("poked"))).isFalse();
      assertThat(h.incidents()).singleElement().satisfies(i -> {
        assertThat(i.state()).isEqualTo(IncidentState.OPEN);
        assertThat(i.escalated()).isFalse();
      });
      await().during(Duration.ofMillis(500)).until(() -> webhook.requests().isEmpty());
    }
  }

  @Test
  void escalateOnlyModeNotifiesWithoutActing() throws Exception {
    String yaml = config("mode: escalate-only", "", touch("poke", dir.resolve("poked"), 1, "0s"));
    try (AgentHarness h = AgentHarness.start(dir, yaml)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> webhook.requests().size() == 1);
      assertThat(skipped(h)).singleElement()
          .satisfies(a -> assertThat(a.detail()).isEqualTo("mode escalate-only: medic does not act"));
      assertThat(Files.exists(dir.resolve("poked"))).isFalse();
      assertThat(h.incidents().getFirst().state()).isEqualTo(IncidentState.ESCALATED);
    }
  }

  @Test
  void dryRunRecordsWhatItWouldDoAndTouchesNothing() throws Exception {
    String yaml = config("", "", touch("poke", dir.resolve("poked"), 1, "0s"));
    try (AgentHarness h = AgentHarness.start(dir, yaml, new Agent.Overrides(null, true, null, null))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> h.audit().stream().anyMatch(a -> a.kind().equals("action")));
      assertThat(h.audit()).filteredOn(a -> a.kind().equals("action")).singleElement().satisfies(a -> {
        assertThat(a.result()).isEqualTo("dry-run");
        assertThat(a.detail()).isEqualTo("would run command /usr/bin/touch " + dir.resolve("poked"));
      });
      assertThat(Files.exists(dir.resolve("poked"))).isFalse();
      await().during(Duration.ofMillis(500)).until(() -> webhook.requests().isEmpty());
      assertThat(h.audit()).noneMatch(a -> a.kind().equals("verify") || a.kind().equals(dev.medic.store.AuditEntry.INTENT));
      // A dry run spends nothing: no attempt on the incident, nothing toward cooldowns or budgets.
      assertThat(h.agent.incidents().openIncidents()).singleElement()
          .satisfies(i -> assertThat(i.healingAttempts()).isZero());
      assertThat(h.agent.store().ledger().actionsSince("api", Instant.EPOCH)).isZero();
    }
  }
}
