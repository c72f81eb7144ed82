package dev.medic.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.medic.runtime.Agent;
import dev.medic.spi.Incident;
import dev.medic.store.AuditEntry;
import dev.medic.support.AgentHarness;
import dev.medic.support.TestTokens;
import dev.medic.support.TestServices;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts, services, detection overrides and drills against a running agent: "web" is up and
 * depends on "db", whose port is closed (an incident opens on its first failure); "quiet" fails
 * too but needs 1000 failures in a row, so no incident opens until its threshold is lowered.
 */
class AlertApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir static Path dir;
  private static HttpServer backend;
  private static AgentHarness harness;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    backend.createContext("/health", ex -> {
      byte[] ok = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, ok.length);
      ex.getResponseBody().write(ok);
      ex.close();
    });
    backend.start();
    harness = AgentHarness.start(dir, config(backend.getAddress().getPort()),
        new Agent.Overrides(null, false, null, "127.0.0.1:0"));
    base = "http://127.0.0.1:" + harness.agent.port();
    await().atMost(Duration.ofSeconds(20)).until(() -> open("db") != null
        && harness.agent.targets().stream().allMatch(t -> !t.checks().isEmpty()));
  }

  static String config(int backendPort) {
    return """
        agent:
          interval: 200ms
          timeout: 2s
          failures: 1
          successes: 1
        targets:
          - name: web
            depends_on: [db]
            checks:
              - type: http
                url: http://127.0.0.1:%d/health
          - name: db
            detect:
              successes: 3
            checks:
              - type: tcp
                host: 127.0.0.1
                port: %d
          - name: quiet
            detect:
              failures: 1000
            checks:
              - type: tcp
                host: 127.0.0.1
                port: %d
        """.formatted(backendPort, TestServices.freePort(), TestServices.freePort()) + TestTokens.access("none", true);
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
    if (backend != null) {
      backend.stop(0);
    }
  }

  @Test
  void servicesShowEachTargetsStatusResponseTimeAndChecks() throws Exception {
    JsonNode services = json(send("GET", "/api/health/services", null), 200).path("services");
    assertThat(services.path("web").path("status").asText()).isEqualTo("up");
    assertThat(services.path("web").path("response_time_ms").isNumber()).isTrue();
    assertThat(services.path("web").path("checks").path("http").path("status").asText()).isEqualTo("up");
    assertThat(services.path("db").path("status").asText()).isEqualTo("down");
    assertThat(services.path("db").path("open_incidents").size()).isEqualTo(1);

    JsonNode web = json(send("GET", "/api/health/web", null), 200);
    assertThat(web.path("name").asText()).isEqualTo("web");
    assertThat(web.path("depends_on").path("db").path("status").asText()).isEqualTo("down");
    assertThat(json(send("GET", "/api/health/nope", null), 404).path("error").asText()).isEqualTo("no target 'nope'");
  }

  @Test
  void openIncidentsAreActiveAlertsAndAcknowledgingOneNamesTheCaller() throws Exception {
    Incident db = open("db");
    JsonNode alert = find(json(send("GET", "/api/alerts", null), 200), db.id());
    assertThat(alert.path("level").asText()).isEqualTo("warning");
    assertThat(alert.path("service").asText()).isEqualTo("db");
    assertThat(alert.path("condition").asText()).isEqualTo(db.condition());
    assertThat(alert.path("since").asText()).isNotBlank();
    assertThat(alert.has("symptom_of")).isTrue();

    JsonNode acked = json(send("POST", "/api/alerts/" + db.id() + "/acknowledge", "{\"comment\": \"looking\"}"), 200);
    assertThat(acked.path("acknowledged").path("by").asText()).isEqualTo("admin");
    assertThat(find(json(send("GET", "/api/alerts", null), 200), db.id()).path("acknowledged").path("by").asText())
        .isEqualTo("admin");
    assertThat(json(send("POST", "/api/alerts/" + db.id() + "/acknowledge", null), 409).path("error").asText())
        .contains("already acknowledged by admin");
    assertThat(json(send("POST", "/api/alerts/999999/acknowledge", null), 404).path("error").asText())
        .isEqualTo("no alert 999999");
    assertThat(json(send("POST", "/api/alerts/abc/acknowledge", null), 400).path("error").asText()).contains("'abc'");
  }

  @Test
  void aSimulatedFailureOpensAnIncidentOnAHealthyTargetThatResolvesAfterAndShowsInHistory() throws Exception {
    JsonNode drill = json(send("POST", "/api/debug/simulate-failure",
        "{\"target\": \"web\", \"for\": \"2s\", \"condition\": \"http_error\"}"), 200);
    assertThat(drill.path("seconds").asLong()).isEqualTo(2);
    await().atMost(Duration.ofSeconds(10)).until(() -> open("web") != null);
    Incident web = open("web");
    assertThat(web.message()).contains("simulated failure (by admin)");
    assertThat(web.condition()).as("the drill's condition, which a strategy may heal").isEqualTo("http_error");
    await().atMost(Duration.ofSeconds(15)).until(() -> harness.agent.store().incidents().get(web.id()).orElseThrow()
        .resolvedAt() != null);
    JsonNode history = json(send("GET", "/api/alerts/history?hours=1", null), 200);
    assertThat(find(history, web.id()).path("service").asText()).isEqualTo("web");
    assertThat(harness.audit()).anySatisfy(a -> {
      assertThat(a.kind()).isEqualTo("simulate_failure");
      assertThat(a.actor()).isEqualTo("admin");
    });

    assertThat(json(send("POST", "/api/debug/simulate-failure", "{\"target\": \"web\", \"for\": \"2h\"}"), 400)
        .path("error").asText()).contains("1s..1h").contains("2h");
    assertThat(json(send("POST", "/api/debug/simulate-failure", "{\"target\": \"web\", \"condition\": \"Robert'); --\"}"),
        400).path("error").asText()).contains("condition");
    assertThat(json(send("POST", "/api/debug/simulate-failure", "{\"target\": \"nope\"}"), 404)
        .path("error").asText()).contains("nope");
    assertThat(json(send("GET", "/api/alerts/history?hours=0", null), 400).path("error").asText()).contains("hours");
  }

  @Test
  void alertConfigShowsWhereEachThresholdComesFromAndRejectsBadValuesNamingTargetAndField() throws Exception {
    JsonNode config = json(send("GET", "/api/alerts/config", null), 200);
    assertThat(config.path("defaults").path("failures").asInt()).isEqualTo(1);
    assertThat(config.path("targets").path("db").path("successes").asInt()).isEqualTo(3);
    assertThat(config.path("targets").path("db").path("failures").asInt()).as("the agent's default").isEqualTo(1);
    assertThat(config.path("targets").path("web").path("source").asText()).isEqualTo("config");

    String badRule = json(send("PUT", "/api/alerts/config",
        "{\"targets\": {\"web\": {\"thresholds\": [\"latency_ms >> 5\"]}}}"), 400).path("error").asText();
    assertThat(badRule).contains("targets.web.thresholds[0]").contains("latency_ms >> 5");
    assertThat(json(send("PUT", "/api/alerts/config", "{\"targets\": {\"web\": {\"failures\": 0}}}"), 400)
        .path("error").asText()).contains("targets.web.failures").contains("0");
    assertThat(json(send("PUT", "/api/alerts/config",
        "{\"targets\": {\"web\": {\"window\": {\"size\": 2, \"failures\": 5}}}}"), 400).path("error").asText())
        .contains("targets.web.window");
    assertThat(json(send("PUT", "/api/alerts/config",
        "{\"targets\": {\"web\": {\"window\": {\"size\": 4294967306, \"failures\": 1}}}}"), 400).path("error").asText())
        .contains("targets.web.window.size").contains("1..10000");
    assertThat(json(send("PUT", "/api/alerts/config",
        "{\"targets\": {\"web\": {\"thresholds\": [\"\\nlatency_ms > 1000 for 3s\"]}}}"), 400).path("error").asText())
        .contains("targets.web.thresholds[0]").contains("one line");
    assertThat(json(send("PUT", "/api/alerts/config", "{\"targets\": {\"nope\": {\"failures\": 2}}}"), 400)
        .path("error").asText()).contains("nope");
    assertThat(json(send("GET", "/api/alerts/config", null), 200).path("targets").path("web").path("source").asText())
        .as("a rejected change changes nothing").isEqualTo("config");

    JsonNode changed = json(send("PUT", "/api/alerts/config", """
        {"targets": {"web": {"failures": 5, "thresholds": ["latency_ms > 1000 for 3s as latency_high"]}}}"""), 200);
    JsonNode web = changed.path("targets").path("web");
    assertThat(web.path("failures").asInt()).isEqualTo(5);
    assertThat(web.path("thresholds").get(0).asText()).isEqualTo("latency_ms > 1000 for 3s as latency_high");
    assertThat(web.path("source").asText()).isEqualTo("override");
    assertThat(web.path("changed_by").asText()).isEqualTo("admin");
    assertThat(harness.agent.config().target("web").orElseThrow().detect().failures()).isEqualTo(5);
    AuditEntry audit = harness.audit().reversed().stream().filter(a -> a.kind().equals("alert_config")).findFirst()
        .orElseThrow();
    assertThat(audit.actor()).isEqualTo("admin");
    assertThat(audit.target()).isEqualTo("web");
    assertThat(audit.detail()).contains("failures 1 -> 5").contains("thresholds [] -> [latency_ms > 1000 for 3s");

    JsonNode dropped = json(send("DELETE", "/api/alerts/config/web", null), 200);
    assertThat(dropped.path("targets").path("web").path("source").asText()).isEqualTo("config");
    assertThat(dropped.path("targets").path("web").path("failures").asInt()).isEqualTo(1);
    assertThat(json(send("DELETE", "/api/alerts/config/web", null), 404).path("error").asText()).contains("web");
  }

  @Test
  void loweringATargetsFailuresOpensAnIncidentAtItsNextFailedRun() throws Exception {
    assertThat(open("quiet")).as("1000 failures are needed").isNull();
    json(send("PUT", "/api/alerts/config", "{\"targets\": {\"quiet\": {\"failures\": 1}}}"), 200);
    await().atMost(Duration.ofSeconds(10)).until(() -> open("quiet") != null);
  }

  @Test
  void metricsAnswerPrometheusTextByDefaultAndJsonWhenAskedFor() throws Exception {
    HttpResponse<String> text = send("GET", "/metrics", null, "text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
    assertThat(text.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
    assertThat(text.body()).contains("medic_checks_total");
    HttpResponse<String> openMetrics = send("GET", "/metrics", null,
        "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
    assertThat(openMetrics.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");

    JsonNode dump = json(send("GET", "/metrics", null, "application/json"), 200);
    assertThat(dump.path("agent").path("checks_run").asLong()).isPositive();
    assertThat(dump.path("agent").path("open_incidents").asInt()).isPositive();
    assertThat(dump.path("targets").path("web").path("checks").path("http").path("status").asText()).isEqualTo("up");
    assertThat(dump.path("targets").path("db").path("status").asText()).isEqualTo("down");
    assertThat(json(send("GET", "/api/metrics", null), 200).path("agent").has("uptime_seconds")).isTrue();
    HttpResponse<String> always = send("GET", "/metrics/prometheus", null, "application/json");
    assertThat(always.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
    assertThat(always.body()).contains("# TYPE medic_checks_total counter");
  }

  @Test
  void collectionStatusShowsEachChecksLastRunAndNextDue() throws Exception {
    JsonNode checks = json(send("GET", "/api/debug/collection-status", null), 200).path("checks");
    JsonNode web = list(checks).stream().filter(c -> c.path("target").asText().equals("web")).findFirst().orElseThrow();
    assertThat(web.path("check").asText()).isEqualTo("http");
    assertThat(web.path("last_run").asText()).isNotBlank();
    assertThat(web.path("next_due").asText()).isNotBlank();
    assertThat(web.path("lag_ms").asLong()).isGreaterThanOrEqualTo(0);
    assertThat(web.has("in_flight")).isTrue();
    assertThat(list(checks)).extracting(c -> c.path("target").asText()).contains("db", "quiet");
  }

  // ---- helpers ----------------------------------------------------------------------------

  private static Incident open(String target) {
    return harness.incidents().stream().filter(i -> i.target().equals(target) && i.isOpen()).findFirst().orElse(null);
  }

  private static JsonNode find(JsonNode alerts, long id) {
    assertThat(alerts.isArray()).as("alerts: %s", alerts).isTrue();
    return StreamSupport.stream(alerts.spliterator(), false).filter(a -> a.path("id").asLong() == id).findFirst()
        .orElseThrow(() -> new AssertionError("no alert " + id + " in " + alerts));
  }

  static HttpResponse<String> send(String method, String path, String body) throws Exception {
    return send(base, method, path, body, null);
  }

  private static HttpResponse<String> send(String method, String path, String body, String accept) throws Exception {
    return send(base, method, path, body, accept);
  }

  static HttpResponse<String> send(String root, String method, String path, String body, String accept) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + path)).timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (accept != null) {
      request.header("Accept", accept);
    }
    request.header("Authorization", TestTokens.bearer(TestTokens.ADMIN));
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> response, int status) throws Exception {
    assertThat(response.statusCode()).as("%s %s -> %s", response.request().method(), response.request().uri(),
        response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    return JSON.readTree(response.body());
  }

  static List<JsonNode> list(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).toList();
  }
}
