package dev.medic.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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

/** {@code GET /api/report} and {@code POST /api/run/report} on a running medic with a webhook as the report's channel. */
class ReportApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir static Path dir;
  private static TestHttpServer backend;
  private static TestHttpServer receiver;
  private static AgentHarness harness;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    backend = new TestHttpServer(() -> 200);
    receiver = new TestHttpServer(() -> 200);
    harness = AgentHarness.start(dir, """
        targets:
          - name: stage-web
            labels: {env: staging}
            checks: [{type: http, url: "%s", interval: 1s}]
          - name: prod-web
            labels: {env: production}
            checks: [{type: http, url: "%s", interval: 1s}]
        escalation:
          channels: [{type: webhook, name: hook, url: "%s"}]
        reports:
          - name: staging
            schedule: "15 3,10 * * *"
            hours: 4
            channels: [hook]
            labels: {env: staging}
        """.formatted(backend.url("/health"), backend.url("/health"), receiver.url("/reports")) + TestTokens.access("viewer"),
        new Agent.Overrides(null, false, null, "127.0.0.1:0"));
    base = "http://127.0.0.1:" + harness.agent.port();
    // Reports read the store, where observations arrive in batches.
    await().atMost(Duration.ofSeconds(20)).until(() -> !harness.agent.store().observations().list("stage-web", 1).isEmpty()
        && !harness.agent.store().observations().list("prod-web", 1).isEmpty());
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
    backend.close();
    receiver.close();
  }

  private static HttpResponse<String> call(String method, String path) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.noBody())
        .header("Authorization", TestTokens.bearer(TestTokens.OPERATOR)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void getAnswersTheOnlyReportOfItsLabelledTargetsWithoutSendingIt() throws Exception {
    HttpResponse<String> r = call("GET", "/api/report?hours=2");

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode report = JSON.readTree(r.body());
    assertThat(report.path("name").asText()).isEqualTo("staging");
    assertThat(report.path("hours").asInt()).isEqualTo(2);
    assertThat(report.path("verdict").asText()).isEqualTo("ALL_GOOD");
    assertThat(report.path("targets")).hasSize(1);
    assertThat(report.path("targets").get(0).path("name").asText()).isEqualTo("stage-web");
    assertThat(report.path("targets").get(0).path("status").asText()).isEqualTo("UP");
    assertThat(receiver.requests()).noneMatch(q -> q.path().equals("/reports") && q.body().contains("\"hours\":2"));
  }

  @Test
  void postSendsTheReportAndAnswersItWithEachChannelsOutcome() throws Exception {
    HttpResponse<String> r = call("POST", "/api/run/report?hours=4&name=staging");

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode run = JSON.readTree(r.body());
    assertThat(run.path("report").path("name").asText()).isEqualTo("staging");
    assertThat(run.path("outcomes")).isEqualTo(JSON.readTree(
        "[{\"channel\": \"hook\", \"delivered\": true, \"attempts\": 1, \"detail\": \"delivered\"}]"));
    TestHttpServer.Request sent = receiver.requests().getLast();
    assertThat(JSON.readTree(sent.body()).path("event").asText()).isEqualTo("report");
    assertThat(JSON.readTree(sent.body()).path("report").path("at").asText())
        .isEqualTo(run.path("report").path("at").asText());
    assertThat(harness.audit()).anyMatch(a -> a.kind().equals("report") && a.result().equals("delivered"));
    assertThat(harness.audit()).anyMatch(a -> a.kind().equals("report") && a.result().equals("requested")
        && a.actor().equals("operator"));
  }

  @Test
  void aWindowOutOfRangeIs400AndAnUnknownReport404WithAReason() throws Exception {
    assertThat(error(call("GET", "/api/report?hours=0"), 400)).isEqualTo("hours must be 1..720, got 0");
    assertThat(error(call("POST", "/api/run/report?hours=721"), 400)).isEqualTo("hours must be 1..720, got 721");
    assertThat(error(call("GET", "/api/report?hours=four"), 400)).isEqualTo("hours must be a number, got 'four'");
    assertThat(error(call("POST", "/api/run/report?name=nightly"), 404))
        .isEqualTo("no report named 'nightly' (configured: staging)");
  }

  private static String error(HttpResponse<String> response, int status) throws Exception {
    assertThat(response.statusCode()).isEqualTo(status);
    return JSON.readTree(response.body()).path("error").asText();
  }
}
