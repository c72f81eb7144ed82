package dev.medic.heal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.spi.Incident;
import dev.medic.spi.IncidentState;
import dev.medic.store.AuditEntry;
import dev.medic.support.AgentHarness;
import dev.medic.support.TestHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpHealingTest {

  @TempDir Path dir;

  @Test
  void httpTargetFailingThreeTimesOpensOneIncidentThatTheCommandStrategyHeals() throws Exception {
    Path fixed = dir.resolve("fixed");
    try (TestHttpServer app = new TestHttpServer(() -> Files.exists(fixed) ? 200 : 500)) {
      String yaml = """
          agent:
            interval: 200ms
            timeout: 1s
            verify_timeout: 5s
          targets:
            - name: api
              checks:
                - type: http
                  url: %s
          strategies:
            - name: repair
              conditions: [http_error]
              action:
                type: command
                command: ["/usr/bin/touch", "%s"]
              max_attempts: 2
              cooldown: 1s
          """.formatted(app.url("/health"), fixed);
      try (AgentHarness h = AgentHarness.start(dir, yaml)) {
        await().atMost(Duration.ofSeconds(15)).until(() ->
            h.incidents().stream().anyMatch(i -> i.state() == IncidentState.RESOLVED)
                && h.audit().stream().anyMatch(a -> a.kind().equals("attempt")));

        List<Incident> incidents = h.incidents();
        assertThat(incidents).singleElement().satisfies(i -> {
          assertThat(i.condition()).isEqualTo("http_error");
          assertThat(i.message()).contains("3 consecutive failures").contains("status 500");
          assertThat(i.strategiesTried()).containsExactly("repair");
          assertThat(i.healingAttempts()).isEqualTo(1);
          assertThat(i.escalated()).isFalse();
        });
        long id = incidents.getFirst().id();
        List<AuditEntry> audit = h.agent.store().audit().list(id, 100).reversed();
        assertThat(audit).filteredOn(a -> a.kind().equals("action")).singleElement()
            .satisfies(a -> {
              assertThat(a.result()).isEqualTo("ok");
              assertThat(a.detail()).contains("/usr/bin/touch " + fixed).contains("exit 0");
            });
        assertThat(audit).filteredOn(a -> a.kind().equals("verify")).singleElement()
            .satisfies(a -> assertThat(a.result()).isEqualTo("ok"));
        assertThat(Files.exists(fixed)).isTrue();
      }
    }
  }

  @Test
  void targetThatKeepsFailingClimbsTheLadderThenEscalatesOnceToTheWebhook() throws Exception {
    try (TestHttpServer app = new TestHttpServer(() -> 503);
        TestHttpServer webhook = new TestHttpServer(() -> 200)) {
      String yaml = """
          agent:
            interval: 200ms
            timeout: 1s
            verify_timeout: 600ms
            backoff: 10ms
          targets:
            - name: api
              critical: true
              checks:
                - type: http
                  url: %s
          strategies:
            - name: first_try
              conditions: [http_error]
              action: { type: command, command: ["/bin/true"] }
              max_attempts: 1
              cooldown: 0s
            - name: second_try
              conditions: [http_error]
              action: { type: http, url: "%s", method: POST }
              max_attempts: 2
              cooldown: 0s
          escalation:
            channels:
              - type: webhook
                name: ops
                url: %s
                headers: { X-Token: secret-1 }
          """.formatted(app.url("/health"), app.url("/admin/flush?target={target}"), webhook.url("/hook"));
      try (AgentHarness h = AgentHarness.start(dir, yaml)) {
        await().atMost(Duration.ofSeconds(20)).until(() -> webhook.requests().size() >= 1);
        // Still exactly one message while the target keeps failing.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> webhook.requests().size() == 1);

        TestHttpServer.Request message = webhook.requests().getFirst();
        assertThat(message.method()).isEqualTo("POST");
        assertThat(message.path()).isEqualTo("/hook");
        assertThat(message.header("Content-Type")).isEqualTo("application/json");
        assertThat(message.header("X-Token")).isEqualTo("secret-1");
        JsonNode body = new ObjectMapper().readTree(message.body());
        assertThat(body.get("event").asText()).isEqualTo("escalation");
        assertThat(body.get("reason").asText()).contains("ladder exhausted").contains("first_try").contains("second_try");
        JsonNode incident = body.get("incident");
        assertThat(incident.get("target").asText()).isEqualTo("api");
        assertThat(incident.get("condition").asText()).isEqualTo("http_error");
        assertThat(incident.get("severity").asText()).isEqualTo("critical");
        assertThat(incident.get("healing_attempts").asInt()).isEqualTo(3);
        assertThat(incident.get("strategies_tried")).extracting(JsonNode::asText).containsExactly("first_try", "second_try");
        assertThat(incident.get("escalated").asBoolean()).isTrue();

        assertThat(app.requests()).filteredOn(r -> r.method().equals("POST"))
            .hasSize(2)
            .allSatisfy(r -> assertThat(r.path()).isEqualTo("/admin/flush?target=api"));
        Incident stored = h.incidents().getFirst();
        assertThat(h.incidents()).hasSize(1);
        assertThat(stored.state()).isEqualTo(IncidentState.ESCALATED);
        assertThat(stored.escalated()).isTrue();
        assertThat(h.agent.store().audit().list(stored.id(), 100))
            .filteredOn(a -> a.kind().equals("notified"))
            .singleElement()
            .satisfies(a -> assertThat(a.result()).isEqualTo("ok"));
      }
    }
  }

  @Test
  void persistentFailureStrategiesRunOnlyAfterTheConditionsOwnLadder() throws Exception {
    Path rebuilt = dir.resolve("rebuilt");
    try (TestHttpServer app = new TestHttpServer(() -> 500)) {
      String yaml = """
          agent:
            interval: 200ms
            timeout: 1s
            verify_timeout: 400ms
            backoff: 10ms
          targets:
            - name: api
              checks:
                - type: http
                  url: %s
          strategies:
            - name: rebuild_image
              conditions: [persistent_failure]
              action: { type: command, command: ["/usr/bin/touch", "%s"] }
              max_attempts: 1
              cooldown: 0s
            - name: restart_container
              conditions: [http_error]
              action: { type: command, command: ["/bin/true"] }
              max_attempts: 1
              cooldown: 0s
          """.formatted(app.url("/health"), rebuilt);
      try (AgentHarness h = AgentHarness.start(dir, yaml)) {
        await().atMost(Duration.ofSeconds(15)).until(() -> h.incidents().stream().anyMatch(Incident::escalated));
        assertThat(h.incidents().getFirst().strategiesTried()).containsExactly("restart_container", "rebuild_image");
        assertThat(h.incidents().getFirst().resolutionDetails())
            .isEqualTo("ladder exhausted after restart_container, rebuild_image");
        assertThat(Files.exists(rebuilt)).isTrue();
        // Each action ran, and each verify says what still failed.
        assertThat(h.agent.store().audit().list(h.incidents().getFirst().id(), 100))
            .filteredOn(a -> a.kind().equals("verify"))
            .hasSize(2)
            .allSatisfy(a -> {
              assertThat(a.result()).isEqualTo("failed");
              assertThat(a.detail()).isEqualTo("http_error still holds, 1 check failing after 400 ms");
            });
      }
    }
  }

  @Test
  void conditionThatClearedWhileAFailedVerifyRanStillResolvesOnceTheTargetStaysHealthy() throws Exception {
    java.nio.file.Path fixed = dir.resolve("fixed");
    java.util.concurrent.atomic.AtomicInteger sinceFix = new java.util.concurrent.atomic.AtomicInteger();
    // Down until the fix, then up, a short relapse of three failures (fewer than raise the
    // condition again) inside the verify's settle period, then up for good.
    try (TestHttpServer app = new TestHttpServer(() -> {
      if (!java.nio.file.Files.exists(fixed)) {
        return 500;
      }
      int n = sinceFix.incrementAndGet();
      return n >= 3 && n <= 5 ? 500 : 200;
    })) {
      String yaml = """
          agent:
            interval: 200ms
            timeout: 1s
            failures: 6
            verify_timeout: 5s
            verify_settle: 3s
          targets:
            - name: api
              checks:
                - type: http
                  url: %s
          strategies:
            - name: fix
              conditions: [http_error]
              action: { type: command, command: ["/usr/bin/touch", "%s"] }
              max_attempts: 1
              cooldown: 0s
          """.formatted(app.url("/health"), fixed);
      try (AgentHarness h = AgentHarness.start(dir, yaml)) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !h.incidents().isEmpty() && !h.incidents().getFirst().isOpen());
        Incident incident = h.incidents().getFirst();
        assertThat(h.agent.store().audit().list(incident.id(), 100)).filteredOn(a -> a.kind().equals("verify"))
            .singleElement().satisfies(a -> {
              assertThat(a.result()).isEqualTo("failed");
              assertThat(a.detail()).contains("within the 3000 ms settle period");
            });
        assertThat(h.auditKinds(incident.id())).containsSubsequence("verify", "escalated", "resolved");
        assertThat(incident.resolutionDetails()).startsWith("condition cleared");
        assertThat(h.incidents()).hasSize(1);
      }
    }
  }
}
