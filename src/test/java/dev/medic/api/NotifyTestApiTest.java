package dev.medic.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.runtime.Agent;
import dev.medic.support.AgentHarness;
import dev.medic.support.TestTokens;
import dev.medic.support.TestHttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /api/notify/test} against a running medic whose channels point at real local receivers. */
class NotifyTestApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir static Path dir;

  private static TestHttpServer accepting;
  private static TestHttpServer refusing;
  private static AgentHarness harness;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    accepting = new TestHttpServer(() -> 200);
    refusing = new TestHttpServer(() -> 403);
    harness = AgentHarness.start(dir, """
        agent:
          interval: 1h
        targets:
          - name: web
            checks:
              - type: http
                url: %s
        escalation:
          channels:
            - type: webhook
              name: ops
              url: %s
              headers:
                X-Token: t-1
            - type: webhook
              name: closed
              url: %s
        """.formatted(accepting.url("/health"), accepting.url("/hooks/ops"), refusing.url("/hooks/closed"))
            + TestTokens.access("viewer"),
        new Agent.Overrides(null, false, null, "127.0.0.1:0"));
    base = "http://127.0.0.1:" + harness.agent.port();
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
    accepting.close();
    refusing.close();
  }

  private static HttpResponse<String> post(String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/notify/test"))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .header("Authorization", TestTokens.bearer(TestTokens.OPERATOR))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
    return JSON.readTree(response.body());
  }

  private static long hooksTo(TestHttpServer server, String path) {
    return server.requests().stream().filter(r -> r.path().equals(path)).count();
  }

  /** Messages to either channel; the target's checks go to another path of the same server. */
  private static long hooks() {
    return hooksTo(accepting, "/hooks/ops") + hooksTo(refusing, "/hooks/closed");
  }

  @Test
  void anAcceptedTestMessageIs200WithTheChannelsAnswer() throws Exception {
    long before = hooksTo(accepting, "/hooks/ops");

    JsonNode body = json(post("{\"channel\":\"ops\"}"), 200);

    assertThat(body).isEqualTo(JSON.createObjectNode().put("channel", "ops").put("accepted", true)
        .put("answer", "channel ops (" + accepting.url("/hooks/ops") + ") accepted the test message"));
    assertThat(hooksTo(accepting, "/hooks/ops")).isEqualTo(before + 1);
    assertThat(harness.audit()).anyMatch(e -> e.kind().equals("notify_test") && e.actor().equals("operator")
        && e.result().equals("ok") && e.detail().equals("test message through channel ops"));
    TestHttpServer.Request sent = accepting.requests().stream().filter(r -> r.path().equals("/hooks/ops"))
        .reduce((a, b) -> b).orElseThrow();
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.header("X-Token")).isEqualTo("t-1");
    JsonNode message = JSON.readTree(sent.body());
    assertThat(message.path("event").asText()).isEqualTo("escalation");
    assertThat(message.path("incident").path("target").asText()).isEqualTo("medic");
    assertThat(message.path("incident").path("condition").asText()).isEqualTo("test_message");
    assertThat(message.path("reason").asText())
        .isEqualTo("test message from 'medic notify test': if you read this, the channel works");
  }

  @Test
  void aRefusedTestMessageIs502WithTheReceiversReason() throws Exception {
    JsonNode body = json(post("{\"channel\":\"closed\"}"), 502);

    assertThat(body).isEqualTo(JSON.createObjectNode().put("channel", "closed").put("accepted", false)
        .put("error", "HTTP 403: {\"status\":\"error\"}"));
    assertThat(hooksTo(refusing, "/hooks/closed")).isPositive();
  }

  @Test
  void anUnknownChannelIs404AndSendsNothing() throws Exception {
    long before = hooks();

    JsonNode body = json(post("{\"channel\":\"pager\"}"), 404);

    assertThat(body.path("error").asText()).isEqualTo("no channel named 'pager'");
    assertThat(hooks()).isEqualTo(before);
  }

  @Test
  void aBodyWithoutAChannelNameIs400() throws Exception {
    for (String bad : new String[] {"not json", "{}", "{\"channel\": 7}", "{\"channel\": \" \"}"}) {
      JsonNode body = json(post(bad), 400);
      assertThat(body.path("error").asText()).as(bad).startsWith("body must be JSON like {\"channel\": \"slack\"}");
    }
    for (String notAnObject : new String[] {"", "[]"}) {
      assertThat(json(post(notAnObject), 400).path("error").asText()).as(notAnObject)
          .isEqualTo("body must be a JSON object like {\"channel\": \"slack\"}");
    }
  }
}
