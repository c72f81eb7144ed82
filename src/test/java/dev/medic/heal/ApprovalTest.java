package dev.medic.heal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.runtime.Agent;
import dev.medic.spi.IncidentState;
import dev.medic.support.AgentHarness;
import dev.medic.support.TestTokens;
import dev.medic.support.TestHttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Destructive remedies wait in awaiting_approval until a person answers through the API. */
class ApprovalTest {

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  private String config(TestHttpServer app, TestHttpServer webhook, Path fixed, String timeout) {
    return """
        agent:
          interval: 150ms
          timeout: 1s
          verify_timeout: 3s
        targets:
          - name: cache
            checks:
              - type: http
                url: %s
        strategies:
          - name: flush_everything
            conditions: [http_error]
            destructive: true
            approval_timeout: %s
            action: { type: command, command: ["/usr/bin/touch", "%s"] }
            max_attempts: 1
            cooldown: 0s
        escalation:
          channels:
            - type: webhook
              url: %s
        """.formatted(app.url("/health"), timeout, fixed, webhook.url("/hook")) + TestTokens.people("alice", "bob");
  }

  private HttpResponse<String> post(AgentHarness h, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.agent.port() + path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
        // The person the body names decides with their own token, so the audit names them alone.
        .header("Authorization", TestTokens.bearer(TestTokens.of(body.contains("\"bob\"") ? "bob" : "alice"))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode get(AgentHarness h, String path) throws Exception {
    return json.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.agent.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString()).body());
  }

  private static Agent.Overrides withApi() {
    return new Agent.Overrides(null, false, null, "127.0.0.1:0");
  }

  @Test
  void destructiveRemedyRunsOnlyAfterApprovalThroughTheApi() throws Exception {
    Path fixed = dir.resolve("flushed");
    try (TestHttpServer app = new TestHttpServer(() -> Files.exists(fixed) ? 200 : 500);
        TestHttpServer webhook = new TestHttpServer(() -> 200);
        AgentHarness h = AgentHarness.start(dir, config(app, webhook, fixed, "1m"), withApi())) {
      await().atMost(Duration.ofSeconds(10)).until(() -> !webhook.requests().isEmpty());
      JsonNode notice = json.readTree(webhook.requests().getFirst().body());
      assertThat(notice.get("event").asText()).isEqualTo("approval_needed");
      long approvalId = notice.get("approval_id").asLong();
      assertThat(notice.get("reason").asText()).contains("flush_everything would run command /usr/bin/touch " + fixed);
      assertThat(h.incidents().getFirst().state()).isEqualTo(IncidentState.AWAITING_APPROVAL);
      assertThat(Files.exists(fixed)).as("nothing runs before approval").isFalse();

      JsonNode pending = get(h, "/api/approvals");
      assertThat(pending).singleElement().satisfies(a -> {
        assertThat(a.get("id").asLong()).isEqualTo(approvalId);
        assertThat(a.get("state").asText()).isEqualTo("pending");
        assertThat(a.get("strategy").asText()).isEqualTo("flush_everything");
      });

      assertThat(post(h, "/api/approvals/" + approvalId, "{\"decision\":\"maybe\"}").statusCode()).isEqualTo(400);
      assertThat(post(h, "/api/approvals/" + approvalId, "not json").statusCode()).isEqualTo(400);
      assertThat(post(h, "/api/approvals/999", "{\"decision\":\"approve\"}").statusCode()).isEqualTo(404);

      HttpResponse<String> approved = post(h, "/api/approvals/" + approvalId, "{\"decision\":\"approve\",\"by\":\"alice\"}");
      assertThat(approved.statusCode()).isEqualTo(200);
      assertThat(json.readTree(approved.body()).get("decided_by").asText()).isEqualTo("alice");
      assertThat(post(h, "/api/approvals/" + approvalId, "{\"decision\":\"reject\"}").statusCode())
          .as("a decision is final").isEqualTo(409);

      // The attempt is recorded last, after the verify and the resolution.
      await().atMost(Duration.ofSeconds(10)).until(() -> h.incidents().getFirst().state() == IncidentState.RESOLVED
          && h.audit().stream().anyMatch(a -> a.kind().equals("attempt")));
      assertThat(Files.exists(fixed)).isTrue();
      long incident = h.incidents().getFirst().id();
      assertThat(h.agent.store().audit().list(incident, 100).reversed())
          .extracting(a -> a.kind() + ":" + a.result())
          .containsSubsequence("approval:pending", "approval:approved", "action:ok", "verify:ok");
      assertThat(h.agent.store().incidents().timeline(incident)).extracting(e -> e.event())
          .containsSubsequence("awaiting_approval", "healing", "resolved");
    }
  }

  @Test
  void unansweredApprovalExpiresAndTheIncidentEscalates() throws Exception {
    Path fixed = dir.resolve("flushed");
    try (TestHttpServer app = new TestHttpServer(() -> 500);
        TestHttpServer webhook = new TestHttpServer(() -> 200);
        AgentHarness h = AgentHarness.start(dir, config(app, webhook, fixed, "1s"), withApi())) {
      await().atMost(Duration.ofSeconds(10)).until(() -> h.incidents().stream().anyMatch(i -> i.escalated()));
      assertThat(h.incidents().getFirst().resolutionDetails()).startsWith("approval for flush_everything expired: nobody answered");
      assertThat(Files.exists(fixed)).isFalse();
      assertThat(get(h, "/api/approvals?state=expired")).hasSize(1);
      await().atMost(Duration.ofSeconds(5)).until(() -> webhook.requests().size() == 2);
      assertThat(webhook.requests()).extracting(r -> json.readTree(r.body()).get("event").asText())
          .containsExactlyInAnyOrder("approval_needed", "escalation");
    }
  }

  @Test
  void approvalStillPendingWhenTheIncidentResolvesIsWithdrawnAndNobodyWaitsForItAnyMore() throws Exception {
    Path fixed = dir.resolve("flushed");
    AtomicBoolean recovered = new AtomicBoolean();
    try (TestHttpServer app = new TestHttpServer(() -> recovered.get() ? 200 : 500);
        TestHttpServer webhook = new TestHttpServer(() -> 200);
        AgentHarness h = AgentHarness.start(dir, config(app, webhook, fixed, "1h"), withApi())) {
      await().atMost(Duration.ofSeconds(10)).until(() -> get(h, "/api/approvals").size() == 1);
      long id = get(h, "/api/approvals").get(0).get("id").asLong();

      recovered.set(true); // the service comes back on its own before anyone answers
      await().atMost(Duration.ofSeconds(10)).until(() -> h.incidents().getFirst().state() == IncidentState.RESOLVED);

      await().atMost(Duration.ofSeconds(5)).until(() -> !h.agent.healing());
      assertThat(get(h, "/api/approvals")).as("nothing left to approve").isEmpty();
      JsonNode withdrawn = get(h, "/api/approvals/" + id);
      assertThat(withdrawn.get("state").asText()).isEqualTo("expired");
      assertThat(withdrawn.get("reason").asText()).isEqualTo("withdrawn: the incident closed before anyone answered");
      assertThat(post(h, "/api/approvals/" + id, "{\"decision\":\"approve\"}").statusCode()).isEqualTo(409);
      assertThat(Files.exists(fixed)).isFalse();
    }
  }

  @Test
  void rejectedApprovalEscalatesWithWhoRejectedItAndWhy() throws Exception {
    Path fixed = dir.resolve("flushed");
    try (TestHttpServer app = new TestHttpServer(() -> 500);
        TestHttpServer webhook = new TestHttpServer(() -> 200);
        AgentHarness h = AgentHarness.start(dir, config(app, webhook, fixed, "1m"), withApi())) {
      await().atMost(Duration.ofSeconds(10)).until(() -> get(h, "/api/approvals").size() == 1);
      long id = get(h, "/api/approvals").get(0).get("id").asLong();
      assertThat(post(h, "/api/approvals/" + id, "{\"decision\":\"reject\",\"by\":\"bob\",\"reason\":\"peak hours\"}").statusCode())
          .isEqualTo(200);
      await().atMost(Duration.ofSeconds(10)).until(() -> h.incidents().getFirst().escalated());
      assertThat(h.incidents().getFirst().resolutionDetails()).isEqualTo("approval for flush_everything rejected by bob: peak hours");
      assertThat(Files.exists(fixed)).isFalse();
    }
  }

  @Test
  void destructiveActionKindsNeedApprovalUnlessTheStrategySaysNone() throws Exception {
    String yaml = """
        targets:
          - name: cache
            checks: [{type: tcp, port: 6379}]
            detect: {thresholds: ["latency_ms > 500 as stale_data", "latency_ms > 900 as stalled_queue"]}
        strategies:
          - name: flush
            conditions: [stale_data]
            action: { type: redis_flushdb, url: "redis://127.0.0.1:6379/15" }
          - name: flush_unattended
            conditions: [stale_data]
            approval: none
            action: { type: redis_flushdb, url: "redis://127.0.0.1:6379/15" }
          - name: purge
            conditions: [stalled_queue]
            action: { type: rabbitmq_purge, url: "amqp://guest:guest@127.0.0.1:5672/%2F", queue: jobs }
          - name: restart
            conditions: [stale_data]
            action: { type: command, command: ["/bin/true"] }
        """;
    var strategies = new dev.medic.config.ConfigLoader(dev.medic.runtime.Plugins.registry()).parse("medic.yaml", yaml).strategies();
    assertThat(strategies).extracting(s -> s.name() + "=" + s.needsApproval())
        .containsExactly("flush=true", "flush_unattended=false", "purge=true", "restart=false");
  }
}
