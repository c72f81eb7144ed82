package dev.medic.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.medic.runtime.Agent;
import dev.medic.spi.Incident;
import dev.medic.spi.IncidentState;
import dev.medic.support.AgentHarness;
import dev.medic.support.TestTokens;
import dev.medic.support.TestServices;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP API against a real running agent: a healthy HTTP target, a TCP target whose port is
 * closed (an incident opens on the first failure and a command strategy acts on it without fixing
 * it), and a target that fails and then recovers, so resolved incidents exist too.
 */
class ApiServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir static Path dir;

  private static HttpServer backend;
  private static final AtomicBoolean flakyHealthy = new AtomicBoolean(false);
  private static AgentHarness harness;
  private static String base;
  private static long ledgerIncident;
  private static long flakyIncident;

  @BeforeAll
  static void startAgent() throws Exception {
    backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    backend.createContext("/health", ex -> respond(ex, 200, "{\"status\":\"ok\"}"));
    backend.createContext("/flaky", ex -> respond(ex, flakyHealthy.get() ? 200 : 500,
        flakyHealthy.get() ? "{\"status\":\"ok\"}" : "{\"status\":\"broken\"}"));
    backend.start();
    int backendPort = backend.getAddress().getPort();

    harness = AgentHarness.start(dir, config(backendPort, TestServices.freePort(), false),
        new Agent.Overrides(null, false, null, "127.0.0.1:0"));
    base = "http://127.0.0.1:" + harness.agent.port();

    // ledger: incident opens, the command strategy runs /bin/true, verify fails, so a heal attempt is counted.
    await().atMost(Duration.ofSeconds(20)).until(() ->
        harness.incidents().stream().anyMatch(i -> i.target().equals("ledger") && i.isOpen())
            && harness.audit().stream().anyMatch(a -> a.kind().equals("attempt")
                && "reconnect_ledger".equals(a.strategy())));
    ledgerIncident = harness.incidents().stream().filter(i -> i.target().equals("ledger")).findFirst().orElseThrow().id();

    // flaky: fails, incident opens, then the backend recovers and the incident resolves.
    await().atMost(Duration.ofSeconds(20)).until(() ->
        harness.incidents().stream().anyMatch(i -> i.target().equals("flaky")));
    flakyHealthy.set(true);
    await().atMost(Duration.ofSeconds(20)).until(() ->
        harness.incidents().stream().anyMatch(i -> i.target().equals("flaky") && i.state() == IncidentState.RESOLVED));
    flakyIncident = harness.incidents().stream().filter(i -> i.target().equals("flaky")).findFirst().orElseThrow().id();
    // Every target has been observed at least once.
    await().atMost(Duration.ofSeconds(10)).until(() ->
        harness.agent.targets().stream().allMatch(t -> t.checks().size() == 1 && t.uptime24h() != null));
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

  private static String config(int backendPort, int closedPort, boolean extraTarget) {
    return """
        agent:
          interval: 250ms
          timeout: 2s
          failures: 1
          successes: 1
          verify_timeout: 500ms
          backoff: 100ms
        targets:
          - name: web
            checks:
              - type: http
                url: http://127.0.0.1:%1$d/health
          - name: flaky
            checks:
              - type: http
                url: http://127.0.0.1:%1$d/flaky
          - name: ledger
            checks:
              - type: tcp
                host: 127.0.0.1
                port: %2$d
        %3$s
        strategies:
          - name: reconnect_ledger
            conditions: [tcp_unreachable]
            targets: [ledger]
            action:
              type: command
              command: ["/bin/true"]
            max_attempts: 1
            cooldown: 1s
        """.formatted(backendPort, closedPort, extraTarget ? """
          - name: api2
            checks:
              - type: http
                url: http://127.0.0.1:%d/health
        """.formatted(backendPort).stripTrailing() : "") + TestTokens.access("viewer");
  }

  private static void respond(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  // ---- HTTP helpers ---------------------------------------------------------------------

  private static HttpResponse<String> send(String method, String path) throws Exception {
    return send(base, method, path);
  }

  private static HttpResponse<String> send(String root, String method, String path) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + path))
        .timeout(Duration.ofSeconds(10))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (!method.equals("GET")) {
      request.header("Authorization", TestTokens.bearer(TestTokens.ADMIN)); // reads stay anonymous, as on loopback
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return send("GET", path);
  }

  /** Asserts a JSON response with the given status and returns its parsed body. */
  private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
    assertThat(response.statusCode())
        .as("%s %s → %s", response.request().method(), response.request().uri(), response.body())
        .isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .as("content type of %s %s", response.request().method(), response.request().uri())
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
    return JSON.readTree(response.body());
  }

  /** Asserts a 4xx JSON error with a non-blank reason and returns the reason. */
  private static String error(HttpResponse<String> response, int status) throws Exception {
    JsonNode body = json(response, status);
    assertThat(body.path("error").isTextual()).as("error field in %s", response.body()).isTrue();
    assertThat(body.path("error").asText()).isNotBlank();
    return body.path("error").asText();
  }

  private static List<JsonNode> list(JsonNode array) {
    assertThat(array.isArray()).as("expected an array: %s", array).isTrue();
    return StreamSupport.stream(array.spliterator(), false).toList();
  }

  private static JsonNode target(JsonNode targets, String name) {
    return list(targets).stream().filter(t -> t.path("name").asText().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no target " + name + " in " + targets));
  }

  private static List<Long> ids(JsonNode incidents) {
    return list(incidents).stream().map(i -> i.path("id").asLong()).toList();
  }

  // ---- /health ----------------------------------------------------------------------------

  @Test
  void healthReportsStatusTargetsAndOpenIncidents() throws Exception {
    JsonNode body = json(get("/health"), 200);
    assertThat(body.path("status").asText()).isEqualTo("ok");
    assertThat(body.path("targets").asInt()).isEqualTo(3);
    assertThat(body.path("open_incidents").isInt()).isTrue();
    assertThat(body.path("open_incidents").asInt())
        .isEqualTo(harness.agent.incidents().openIncidents().size())
        .isGreaterThanOrEqualTo(1);
    assertThat(body.path("mode").asText()).isEqualTo("heal");
    assertThat(body.path("uptime_seconds").isNumber()).isTrue();
  }

  // ---- /api/targets -----------------------------------------------------------------------

  @Test
  void targetsShowStatusLastObservationPerCheckUptimeAndOpenIncidents() throws Exception {
    JsonNode targets = json(get("/api/targets"), 200);
    assertThat(list(targets)).extracting(t -> t.path("name").asText())
        .containsExactlyInAnyOrder("web", "flaky", "ledger");

    JsonNode web = target(targets, "web");
    assertThat(web.path("status").asText()).isEqualTo("up");
    assertThat(web.path("uptime_24h").isNumber()).as("uptime_24h in %s", web).isTrue();
    assertThat(web.path("uptime_24h").asDouble()).isEqualTo(1.0);
    assertThat(list(web.path("open_incidents"))).isEmpty();
    JsonNode webCheck = list(web.path("checks")).getFirst();
    assertThat(webCheck.path("name").asText()).isEqualTo("http");
    assertThat(webCheck.path("status").asText()).isEqualTo("up");
    assertThat(webCheck.path("latency_ms").isNumber()).as("latency_ms in %s", webCheck).isTrue();
    assertThat(webCheck.path("latency_ms").asDouble()).isGreaterThanOrEqualTo(0);
    assertThat(webCheck.path("at").asText()).isNotBlank();

    JsonNode ledger = target(targets, "ledger");
    assertThat(ledger.path("status").asText()).isEqualTo("down");
    assertThat(ledger.path("uptime_24h").asDouble()).isEqualTo(0.0);
    assertThat(list(ledger.path("open_incidents"))).extracting(JsonNode::asLong).contains(ledgerIncident);
    JsonNode ledgerCheck = list(ledger.path("checks")).getFirst();
    assertThat(ledgerCheck.path("name").asText()).isEqualTo("tcp");
    assertThat(ledgerCheck.path("status").asText()).isEqualTo("down");
    assertThat(ledgerCheck.path("condition").asText()).isEqualTo("tcp_unreachable");
    assertThat(ledgerCheck.path("latency_ms").isNumber()).isTrue();

    JsonNode flaky = target(targets, "flaky");
    assertThat(flaky.path("uptime_24h").asDouble()).isBetween(0.0, 1.0);
    assertThat(list(flaky.path("open_incidents"))).extracting(JsonNode::asLong).doesNotContain(flakyIncident);
  }

  // ---- /api/incidents -----------------------------------------------------------------------

  @Test
  void incidentsFilterByState() throws Exception {
    JsonNode open = json(get("/api/incidents?state=open"), 200);
    assertThat(ids(open)).contains(ledgerIncident).doesNotContain(flakyIncident);
    assertThat(list(open)).allSatisfy(i -> assertThat(i.path("state").asText()).isNotEqualTo("resolved"));

    JsonNode resolved = json(get("/api/incidents?state=resolved"), 200);
    assertThat(ids(resolved)).contains(flakyIncident).doesNotContain(ledgerIncident);
    assertThat(list(resolved)).allSatisfy(i -> {
      assertThat(i.path("state").asText()).isEqualTo("resolved");
      assertThat(i.path("resolved_at").asText()).isNotBlank();
    });

    JsonNode all = json(get("/api/incidents?state=all"), 200);
    assertThat(ids(all)).contains(ledgerIncident, flakyIncident);
    assertThat(ids(json(get("/api/incidents"), 200))).containsExactlyElementsOf(ids(all));

    JsonNode one = json(get("/api/incidents?state=all&limit=1"), 200);
    assertThat(list(one)).hasSize(1);
  }

  @Test
  void incidentDetailHasIncidentTimelineAndAudit() throws Exception {
    JsonNode body = json(get("/api/incidents/" + ledgerIncident), 200);
    JsonNode incident = body.path("incident");
    assertThat(incident.path("id").asLong()).isEqualTo(ledgerIncident);
    assertThat(incident.path("target").asText()).isEqualTo("ledger");
    assertThat(incident.path("condition").asText()).isEqualTo("tcp_unreachable");
    assertThat(incident.path("opened_at").asText()).isNotBlank();
    assertThat(list(incident.path("strategies_tried"))).extracting(JsonNode::asText).contains("reconnect_ledger");

    List<JsonNode> timeline = list(body.path("timeline"));
    assertThat(timeline).extracting(e -> e.path("event").asText()).startsWith("opened").contains("healing");
    assertThat(timeline).allSatisfy(e -> assertThat(e.path("incident_id").asLong()).isEqualTo(ledgerIncident));

    List<JsonNode> audit = list(body.path("audit"));
    assertThat(audit).extracting(a -> a.path("kind").asText())
        .containsSubsequence("opened", "decision", "action", "verify", "attempt");
    assertThat(audit).allSatisfy(a -> assertThat(a.path("incident_id").asLong()).isEqualTo(ledgerIncident));
    assertThat(audit).filteredOn(a -> a.path("kind").asText().equals("action")).first()
        .satisfies(a -> assertThat(a.path("strategy").asText()).isEqualTo("reconnect_ledger"));
  }

  @Test
  void badIncidentRequestsGetJsonErrors() throws Exception {
    assertThat(error(get("/api/incidents/987654321"), 404))
        .isEqualTo("no incident 987654321"); // the incident is unknown, the endpoint is not
    assertThat(error(get("/api/incidents/abc"), 400)).contains("abc");
    assertThat(error(get("/api/incidents/1.5"), 400)).isNotBlank();
    assertThat(error(get("/api/incidents?state=bogus"), 400)).contains("bogus").contains("open");
    assertThat(error(get("/api/incidents?limit=0"), 400)).contains("limit");
    assertThat(error(get("/api/incidents?limit=-3"), 400)).contains("limit");
    assertThat(error(get("/api/incidents?limit=abc"), 400)).contains("limit").contains("abc");
    assertThat(error(get("/api/incidents?limit=99999999999999999999"), 400)).contains("limit");
  }

  // ---- /api/audit -----------------------------------------------------------------------------

  @Test
  void auditListsEntriesAndFiltersByIncident() throws Exception {
    List<JsonNode> all = list(json(get("/api/audit"), 200));
    assertThat(all).isNotEmpty();
    assertThat(all).extracting(a -> a.path("kind").asText()).contains("opened", "action");
    assertThat(all).extracting(a -> a.path("incident_id").asLong()).contains(ledgerIncident, flakyIncident);
    assertThat(all.getFirst().path("at").asText()).isNotBlank();
    assertThat(all.getFirst().path("actor").asText()).isEqualTo("medic");

    List<JsonNode> ledger = list(json(get("/api/audit?incident=" + ledgerIncident), 200));
    assertThat(ledger).isNotEmpty()
        .allSatisfy(a -> assertThat(a.path("incident_id").asLong()).isEqualTo(ledgerIncident));
    assertThat(ledger).extracting(a -> a.path("kind").asText()).contains("opened", "action", "verify");

    assertThat(list(json(get("/api/audit?limit=1"), 200))).hasSize(1);
    assertThat(list(json(get("/api/audit?incident=987654321"), 200))).isEmpty();
    assertThat(error(get("/api/audit?incident=abc"), 400)).contains("abc");
    assertThat(error(get("/api/audit?limit=0"), 400)).contains("limit");
  }

  // ---- routing errors -------------------------------------------------------------------------

  @Test
  void unknownPathIs404Json() throws Exception {
    assertThat(error(get("/nope"), 404)).isEqualTo("no such endpoint: GET /nope");
    assertThat(error(get("/api/nope/deeper"), 404)).contains("no such endpoint");
    assertThat(error(send("POST", "/api/nope"), 404)).contains("no such endpoint");
    // A browser asking for HTML still gets the API's JSON error, not an HTML page.
    HttpResponse<String> html = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/nope"))
        .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(error(html, 404)).contains("no such endpoint");
  }

  @Test
  void wrongMethodIs405JsonWithAllowNever500() throws Exception {
    for (String[] call : List.of(
        new String[] {"DELETE", "/api/incidents"},
        new String[] {"POST", "/api/incidents/1"},
        new String[] {"PUT", "/health"},
        new String[] {"GET", "/api/reload"},
        new String[] {"POST", "/metrics"},
        new String[] {"PATCH", "/api/targets"})) {
      HttpResponse<String> response = send(call[0], call[1]);
      assertThat(error(response, 405)).startsWith("method not allowed: " + call[0] + " " + call[1]);
      assertThat(response.headers().firstValue("Allow")).as("Allow header of %s %s", call[0], call[1])
          .hasValueSatisfying(allow -> assertThat(allow).isNotBlank().doesNotContain(call[0]));
    }
  }

  // ---- /metrics -------------------------------------------------------------------------------

  @Test
  void metricsArePrometheusTextWithMedicsMeters() throws Exception {
    HttpResponse<String> response = get("/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain"));
    String body = response.body();
    assertThat(body)
        .contains("medic_check_up{")
        .contains("medic_check_duration_seconds_bucket")
        .contains("medic_incidents_open")
        .contains("medic_heal_actions_total")
        .contains("medic_schedule_lag_seconds");
    assertThat(body.lines().filter(l -> l.startsWith("medic_check_up{") && l.contains("target=\"web\"")))
        .singleElement().satisfies(l -> assertThat(l).endsWith(" 1.0"));
    assertThat(body.lines().filter(l -> l.startsWith("medic_check_up{") && l.contains("target=\"ledger\"")))
        .singleElement().satisfies(l -> assertThat(l).endsWith(" 0.0"));
    assertThat(body.lines().filter(l -> l.startsWith("medic_heal_actions_total{")))
        .isNotEmpty();
  }

  @Test
  void metricsPassPromtoolCheck() throws Exception {
    String promtool = findPromtool();
    if (promtool == null) {
      String why = "promtool not installed: install it with "
          + "`apt-get install -y --no-install-recommends prometheus` to lint /metrics";
      if ("true".equals(System.getenv("CI"))) {
        fail(why + " (CI=true, so this is a failure, not a skip)");
      }
      System.err.println("!!! SKIPPING " + why);
      Assumptions.assumeTrue(false, why);
    }
    String body = get("/metrics").body();
    Process p = new ProcessBuilder(promtool, "check", "metrics").redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(body.getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    assertThat(output).as("promtool check metrics output for:%n%s", body).isBlank();
    assertThat(p.exitValue()).as("promtool exit code; output: %s", output).isZero();
  }

  private static String findPromtool() {
    List<Path> candidates = new ArrayList<>();
    String path = System.getenv().getOrDefault("PATH", "");
    for (String d : path.split(java.io.File.pathSeparator)) {
      if (!d.isEmpty()) {
        candidates.add(Path.of(d, "promtool"));
      }
    }
    candidates.add(Path.of("/usr/bin/promtool"));
    candidates.add(Path.of("/usr/local/bin/promtool"));
    return candidates.stream().filter(Files::isExecutable).findFirst().map(Path::toString).orElse(null);
  }

  // ---- /api/reload ----------------------------------------------------------------------------

  @Test
  void reloadAppliesAGoodFileAndKeepsTheRunningConfigOnABadOne(@TempDir Path reloadDir) throws Exception {
    int backendPort = backend.getAddress().getPort();
    int closedPort = TestServices.freePort();
    try (AgentHarness h = AgentHarness.start(reloadDir, config(backendPort, closedPort, false),
        new Agent.Overrides(null, false, null, "127.0.0.1:0"))) {
      String root = "http://127.0.0.1:" + h.agent.port();
      assertThat(list(json(send(root, "GET", "/api/targets"), 200))).hasSize(3);

      Files.writeString(h.configFile, config(backendPort, closedPort, true));
      JsonNode ok = json(send(root, "POST", "/api/reload"), 200);
      assertThat(ok.path("status").asText()).isEqualTo("reloaded");
      assertThat(ok.path("targets").asInt()).isEqualTo(4);
      assertThat(list(json(send(root, "GET", "/api/targets"), 200)))
          .extracting(t -> t.path("name").asText()).containsExactlyInAnyOrder("web", "flaky", "ledger", "api2");
      await().atMost(Duration.ofSeconds(10)).until(() ->
          target(json(send(root, "GET", "/api/targets"), 200), "api2").path("status").asText().equals("up"));

      Files.writeString(h.configFile, """
          agent:
            interval: 250ms
          targets:
            - name: web
              checks:
                - type: tcp
                  port: 70000
          """);
      HttpResponse<String> rejected = send(root, "POST", "/api/reload");
      JsonNode bad = json(rejected, 422);
      assertThat(bad.path("error").asText()).contains("running config kept");
      assertThat(bad.path("problems").asText())
          .as("problems name file:line in %s", rejected.body())
          .containsPattern("medic\\.yaml:\\d+")
          .contains("port");

      assertThat(list(json(send(root, "GET", "/api/targets"), 200)))
          .extracting(t -> t.path("name").asText()).containsExactlyInAnyOrder("web", "flaky", "ledger", "api2");
      assertThat(json(send(root, "GET", "/health"), 200).path("targets").asInt()).isEqualTo(4);
      assertThat(list(json(send(root, "GET", "/api/audit"), 200)))
          .filteredOn(a -> a.path("kind").asText().equals("reload"))
          .extracting(a -> a.path("result").asText())
          .contains("ok", "failed");
    }
  }

  @Test
  void incidentsInTheStoreMatchTheApi() throws Exception {
    List<Incident> stored = harness.agent.store().incidents().list(null, 100);
    JsonNode api = json(get("/api/incidents?limit=100"), 200);
    assertThat(ids(api)).containsExactlyElementsOf(stored.stream().map(Incident::id).toList());
    Map<Long, String> states = new java.util.HashMap<>();
    list(api).forEach(i -> states.put(i.path("id").asLong(), i.path("state").asText()));
    assertThat(states.get(ledgerIncident)).isIn("open", "healing", "escalated");
  }
}
