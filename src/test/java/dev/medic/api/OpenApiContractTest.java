package dev.medic.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.sun.net.httpserver.HttpServer;
import dev.medic.runtime.Agent;
import dev.medic.support.AgentHarness;
import dev.medic.support.TestTokens;
import dev.medic.support.TestServices;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API answers as its OpenAPI document says: the document is valid OpenAPI 3.1 (checked against
 * the official schema, vendored from OAI/OpenAPI-Specification, Apache-2.0), and every operation it
 * lists, called with valid input on a running agent, answers a status the document lists for it in
 * the content type it names; each path parameter given a value that names nothing answers 400 or 404.
 * It walks the document, so routes added later are covered without touching this test.
 */
class OpenApiContractTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * Bodies for operations whose documented example would disturb the rest of the walk (a drill of a
   * minute would fail "web" for the operations after it).
   */
  private static final Map<String, String> BODIES = Map.of(
      "POST /api/debug/simulate-failure", "{\"target\": \"db\", \"for\": \"1s\"}");

  /** Required query parameters by name: a value that names something in the running agent. */
  private static final Map<String, String> QUERY = Map.of("target", "web", "name", "web");

  @TempDir static Path dir;
  private static HttpServer backend;
  private static AgentHarness harness;
  private static String base;
  private static long openIncident;
  private static JsonNode document;

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
    harness = AgentHarness.start(dir, """
        agent:
          interval: 250ms
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
            checks:
              - type: tcp
                host: 127.0.0.1
                port: %d
        """.formatted(backend.getAddress().getPort(), TestServices.freePort()) + TestTokens.access("none", true),
        new Agent.Overrides(null, false, null, "127.0.0.1:0"));
    base = "http://127.0.0.1:" + harness.agent.port();
    await().atMost(Duration.ofSeconds(20)).until(() -> harness.incidents().stream()
        .anyMatch(i -> i.target().equals("db") && i.isOpen())
        && harness.agent.targets().stream().allMatch(t -> !t.checks().isEmpty()));
    openIncident = harness.incidents().stream().filter(i -> i.target().equals("db") && i.isOpen())
        .findFirst().orElseThrow().id();
    HttpResponse<String> doc = send("GET", "/api/openapi.json", null);
    assertThat(doc.statusCode()).as(doc.body()).isEqualTo(200);
    document = JSON.readTree(doc.body());
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
  void theDocumentIsValidOpenApi31() throws Exception {
    Schema schema;
    try (InputStream in = getClass().getResourceAsStream("/openapi/oas-3.1-schema-2022-10-07.json")) {
      schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
          .getSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    List<String> errors = schema.validate(document).stream().map(Error::toString).toList();
    assertThat(errors).isEmpty();
    // The schema does check: an operation without responses is refused.
    com.fasterxml.jackson.databind.node.ObjectNode broken = document.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) broken.path("paths").path("/api/alerts").path("get"))
        .remove("responses");
    ((com.fasterxml.jackson.databind.node.ObjectNode) broken.path("paths").path("/api/alerts").path("get"))
        .put("responses", "none");
    assertThat(schema.validate(broken)).isNotEmpty();
    assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");
    assertThat(document.path("info").path("title").asText()).isEqualTo("medic");
    assertThat(document.path("components").path("securitySchemes").path("bearer").path("scheme").asText())
        .isEqualTo("bearer");
    assertThat(document.path("components").path("securitySchemes").path("cookie").path("name").asText())
        .isEqualTo("medic_session");
  }

  @Test
  void everyOperationHasResponsesAUniqueIdAndSecurityByItsRole() {
    Set<String> ids = new HashSet<>();
    for (Operation op : operations()) {
      assertThat(op.node.path("responses").size()).as("%s has responses", op).isPositive();
      assertThat(ids.add(op.node.path("operationId").asText())).as("%s has a unique operationId", op).isTrue();
      boolean open = op.node.path("x-medic-role").asText().equals("public");
      assertThat(op.node.path("security").isArray()).as("%s declares security", op).isTrue();
      assertThat(op.node.path("security").isEmpty()).as("%s security empty only when public", op).isEqualTo(open);
      if (!open) {
        assertThat(op.node.path("responses").has("401")).as("%s lists 401", op).isTrue();
      }
      assertThat(op.path).doesNotContain(":").as("%s uses {param}, not :param", op);
    }
    assertThat(operations()).extracting(Operation::toString).contains(
        "GET /api/health/services", "GET /api/health/{target}", "GET /api/alerts", "GET /api/alerts/history",
        "POST /api/alerts/{id}/acknowledge", "GET /api/alerts/config", "PUT /api/alerts/config",
        "DELETE /api/alerts/config/{target}", "POST /api/debug/simulate-failure", "POST /api/debug/test-alert",
        "GET /metrics", "GET /metrics/prometheus", "GET /api/metrics", "GET /api/openapi.json");
  }

  @Test
  void everyOperationAnswersAStatusAndContentTypeItDocuments() throws Exception {
    List<String> problems = new ArrayList<>();
    int succeeded = 0;
    for (Operation op : operations()) {
      if (op.node.path("responses").path("200").path("content").has("text/event-stream")) {
        checkStream(op, problems);
        succeeded++;
        continue;
      }
      String body = BODIES.getOrDefault(op.toString(), example(op));
      HttpResponse<String> answer = send(op.method, url(op, null), body);
      check(op, answer, problems);
      boolean success = answer.statusCode() / 100 == 2;
      succeeded += success ? 1 : 0;
      // A read that names nothing in its path succeeds; an id may name nothing here (no approvals
      // exist), and writes may find nothing to act on (no such channel).
      if (op.method.equals("GET") && !op.path.contains("{") && !success) {
        problems.add(op + " with valid input answered " + answer.statusCode() + ": " + answer.body());
      }
    }
    assertThat(problems).isEmpty();
    assertThat(succeeded).as("operations that succeeded").isGreaterThan(operations().size() / 2);
  }

  @Test
  void everyPathParameterThatNamesNothingAnswers400Or404() throws Exception {
    List<String> problems = new ArrayList<>();
    int tried = 0;
    for (Operation op : operations()) {
      if (!op.path.contains("{")) {
        continue;
      }
      tried++;
      HttpResponse<String> answer = send(op.method, url(op, "no-such-thing-987654"), example(op));
      if (answer.statusCode() != 400 && answer.statusCode() != 404) {
        problems.add(op + " with a bad path parameter answered " + answer.statusCode() + ": " + answer.body());
      }
      check(op, answer, problems);
    }
    assertThat(tried).isGreaterThanOrEqualTo(4);
    assertThat(problems).isEmpty();
  }

  /** A stream never ends: its status and type are read, then it is closed. */
  private static void checkStream(Operation op, List<String> problems) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + url(op, null))).timeout(Duration.ofSeconds(10))
        .header("Accept", "text/event-stream").header("Authorization", TestTokens.bearer(TestTokens.ADMIN)).build();
    HttpResponse<java.io.InputStream> answer = CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
    answer.body().close();
    String type = answer.headers().firstValue("Content-Type").orElse("").split(";")[0].strip();
    if (answer.statusCode() != 200 || !type.equals("text/event-stream")) {
      problems.add(op + " asked for its stream answered " + answer.statusCode() + " in '" + type + "'");
    }
  }

  private static void check(Operation op, HttpResponse<String> answer, List<String> problems) {
    JsonNode documented = op.node.path("responses").path(String.valueOf(answer.statusCode()));
    if (documented.isMissingNode()) {
      problems.add(op + " answered " + answer.statusCode() + ", which it does not document: " + answer.body());
      return;
    }
    String type = answer.headers().firstValue("Content-Type").orElse("").split(";")[0].strip();
    if (documented.has("content") && !documented.path("content").has(type)) {
      problems.add(op + " answered " + answer.statusCode() + " in '" + type + "', documented "
          + documented.path("content").properties().stream().map(Map.Entry::getKey).toList());
    }
  }

  private record Operation(String method, String path, JsonNode node) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  private static List<Operation> operations() {
    List<Operation> ops = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
        Map.Entry<String, JsonNode> method = methods.next();
        ops.add(new Operation(method.getKey().toUpperCase(java.util.Locale.ROOT), path.getKey(), method.getValue()));
      }
    }
    assertThat(ops).isNotEmpty();
    return ops;
  }

  /** The path with each parameter filled from the running agent (or {@code bad}), and required queries. */
  private static String url(Operation op, String bad) {
    String path = op.path;
    StringBuilder query = new StringBuilder();
    for (JsonNode p : op.node.path("parameters")) {
      String name = p.path("name").asText();
      if (p.path("in").asText().equals("path")) {
        String value = bad != null ? bad : p.path("schema").path("type").asText().equals("integer")
            ? String.valueOf(openIncident) : "web";
        path = path.replace("{" + name + "}", value);
      } else if (p.path("required").asBoolean()) {
        query.append(query.isEmpty() ? "?" : "&").append(name).append('=')
            .append(URLEncoder.encode(QUERY.getOrDefault(name, "1"), StandardCharsets.UTF_8));
      }
    }
    return path + query;
  }

  private static String example(Operation op) {
    JsonNode example = op.node.path("requestBody").path("content").path("application/json").path("example");
    return example.isMissingNode() ? null : example.toString();
  }

  private static HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    request.header("Authorization", TestTokens.bearer(TestTokens.ADMIN));
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
