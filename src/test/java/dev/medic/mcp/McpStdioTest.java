package dev.medic.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import dev.medic.store.AuditEntry;
import dev.medic.store.SqliteStore;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code medic mcp} as an assistant runs it: a child process speaking MCP on its standard input and
 * output, reading a medic's REST API (a stand-in with the API's routes and shapes) with the token
 * from {@code MEDIC_TOKEN}.
 */
class McpStdioTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "medic_test-operator-token-0123456789";

  @TempDir Path dir;
  private SqliteStore store;
  private StoreInvestigation investigation;
  private RestApiStandIn api;
  private Incident web;

  @BeforeEach
  void start() {
    store = SqliteStore.open(dir.resolve("medic.db"));
    web = store.incidents().insert(Incident.open("web", "http_error", Severity.CRITICAL, "status 502",
        Instant.now().minusSeconds(60)));
    store.audit().append(AuditEntry.of(Instant.now(), web.id(), "web", "opened", null, "", "http_error: status 502"));
    investigation = new StoreInvestigation(store, Clock.systemUTC());
    api = new RestApiStandIn(investigation, TOKEN);
  }

  @AfterEach
  void stop() {
    api.close();
    store.close();
  }

  /** {@code medic mcp --api URL} on this test's JDK and classpath. */
  private List<String> medicMcp() {
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        "dev.medic.cli.Main", "mcp", "--api", api.url());
  }

  @Test
  void anAssistantListsTheToolsAndReadsThroughTheRestApiWithItsToken() throws Exception {
    List<String> command = medicMcp();
    ServerParameters params = ServerParameters.builder(command.getFirst()).args(command.subList(1, command.size()))
        .addEnvVar("MEDIC_TOKEN", TOKEN).build();
    McpSyncClient client = McpClient.sync(new StdioClientTransport(params, McpJsonDefaults.getMapper()))
        .requestTimeout(Duration.ofSeconds(30)).initializationTimeout(Duration.ofSeconds(60)).build();
    try {
      assertThat(client.initialize().serverInfo().name()).isEqualTo("medic");
      assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).containsExactlyInAnyOrder(
          "list_open_incidents", "get_incident_bundle", "get_incident_analyses", "analyze_incident",
          "get_target_history", "get_audit", "propose_strategy");

      JsonNode open = json(client.callTool(new McpSchema.CallToolRequest("list_open_incidents", Map.of())));
      assertThat(open).hasSize(1);
      assertThat(open.get(0).path("target").asText()).isEqualTo("web");

      JsonNode bundle = json(client.callTool(new McpSchema.CallToolRequest("get_incident_bundle",
          Map.of("incident_id", web.id()))));
      assertThat(bundle.path("incident").path("message").asText()).isEqualTo("status 502");
      assertThat(bundle.path("log_lines").get(0).asText()).isEqualTo(StoreInvestigation.UNTRUSTED_LINE);
      assertThat(bundle.path("strategies").get(0).path("destructive").asBoolean()).isTrue();

      CallToolResult markdown = client.callTool(new McpSchema.CallToolRequest("get_incident_bundle",
          Map.of("incident_id", web.id(), "format", "markdown")));
      assertThat(text(markdown)).isEqualTo("# Incident " + web.id() + "\n");

      CallToolResult unknown = client.callTool(new McpSchema.CallToolRequest("get_incident_bundle",
          Map.of("incident_id", 999)));
      assertThat(unknown.isError()).isTrue();
      assertThat(text(unknown)).startsWith("no incident 999");

      JsonNode audit = json(client.callTool(new McpSchema.CallToolRequest("get_audit",
          Map.of("incident_id", web.id(), "limit", 10))));
      assertThat(audit.get(0).path("kind").asText()).isEqualTo("opened");

      JsonNode history = json(client.callTool(new McpSchema.CallToolRequest("get_target_history",
          Map.of("target", "web", "hours", 1))));
      assertThat(history.path("step").asText()).isEqualTo("1m");

      JsonNode analyses = json(client.callTool(new McpSchema.CallToolRequest("analyze_incident",
          Map.of("incident_id", web.id()))));
      assertThat(analyses.get(0).path("analyst").asText()).isEqualTo("rules");
      assertThat(json(client.callTool(new McpSchema.CallToolRequest("get_incident_analyses",
          Map.of("incident_id", web.id()))))).hasSize(1);

      JsonNode accepted = json(client.callTool(new McpSchema.CallToolRequest("propose_strategy",
          Map.of("incident_id", web.id(), "strategy", "restart", "reason", "502s since the deploy"))));
      assertThat(accepted.path("accepted").asBoolean()).isTrue();
      assertThat(accepted.path("approval_id").asLong()).isEqualTo(42);
      JsonNode refused = json(client.callTool(new McpSchema.CallToolRequest("propose_strategy",
          Map.of("incident_id", web.id(), "strategy", "flushall", "reason", "clear it"))));
      assertThat(refused.path("accepted").asBoolean()).isFalse();
      assertThat(refused.path("reason").asText()).contains("not allowed");
    } finally {
      client.closeGracefully();
    }

    assertThat(api.seen).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN));
    assertThat(api.seen).extracting(r -> r.method() + " " + r.path().replaceAll("\\?.*", ""))
        .contains("GET /api/incidents", "GET /api/incidents/" + web.id() + "/bundle", "GET /api/audit",
            "GET /api/metrics/history", "POST /api/incidents/" + web.id() + "/analyze",
            "GET /api/incidents/" + web.id() + "/analyses", "POST /api/incidents/" + web.id() + "/propose");
    assertThat(api.seen).extracting(RestApiStandIn.Seen::path)
        .contains("/api/incidents?state=open&limit=10000", "/api/incidents/" + web.id() + "/bundle?format=markdown",
            "/api/audit?limit=10&incident=" + web.id());
    assertThat(api.seen).filteredOn(r -> r.path().endsWith("/propose")).extracting(r -> JSON.readTree(r.body()))
        .first().isEqualTo(JSON.readTree("{\"strategy\": \"restart\", \"reason\": \"502s since the deploy\"}"));
    assertThat(investigation.proposed).extracting(StoreInvestigation.Proposed::strategy).containsExactly("restart", "flushall");
  }

  @Test
  void standardOutputCarriesOnlyTheProtocolAndEveryRequestIsAnsweredBeforeItEndsWithItsInput() throws Exception {
    Path out = dir.resolve("stdout");
    Path err = dir.resolve("stderr");
    Process medic = new ProcessBuilder(medicMcp()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try (OutputStream in = medic.getOutputStream()) {
      in.write("""
          {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}
          {"jsonrpc":"2.0","method":"notifications/initialized"}
          {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"list_open_incidents","arguments":{}}}
          """.getBytes(StandardCharsets.UTF_8));
    }
    // The input ended with the requests: each is still answered before medic mcp ends.
    assertThat(medic.waitFor(60, TimeUnit.SECONDS)).as("medic mcp ends when its input does").isTrue();
    assertThat(medic.exitValue()).isZero();

    List<String> lines = Files.readAllLines(out).stream().filter(l -> !l.isBlank()).toList();
    List<JsonNode> messages = new ArrayList<>();
    for (String line : lines) {
      messages.add(JSON.readTree(line));
    }
    assertThat(messages).allSatisfy(m -> assertThat(m.path("jsonrpc").asText()).isEqualTo("2.0"));
    assertThat(messages).extracting(m -> m.path("id").asInt()).containsExactly(1, 2);
    // The token was not given: the API's refusal is the tool's error, not a crash.
    assertThat(messages.get(1).at("/result/isError").asBoolean()).isTrue();
    assertThat(messages.get(1).at("/result/content/0/text").asText()).contains("401").contains("MEDIC_TOKEN");
    assertThat(Files.readString(err)).as("logs go to standard error").isNotBlank();
  }

  private static String text(CallToolResult result) {
    return ((McpSchema.TextContent) result.content().getFirst()).text();
  }

  private static JsonNode json(CallToolResult result) throws Exception {
    assertThat(result.isError()).as(text(result)).isFalse();
    return JSON.readTree(text(result));
  }
}
