package dev.medic.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.api.ApiServer;
import dev.medic.api.TokenAccess;
import dev.medic.config.AccessConfig;
import dev.medic.config.AccessToken;
import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import dev.medic.store.ApiTokens;
import dev.medic.store.AuditEntry;
import dev.medic.store.SqliteStore;
import dev.medic.support.TestTokens;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * medic's MCP endpoint inside a real API server, driven by the MCP SDK's own client over Streamable
 * HTTP, on an investigation over a real SQLite store: the tools and their schemas, each tool's
 * answer, mistakes as tool errors, and who may call what.
 */
class McpHttpTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> TOOLS = List.of("list_open_incidents", "get_incident_bundle",
      "get_incident_analyses", "analyze_incident", "get_target_history", "get_audit", "propose_strategy");

  @TempDir Path dir;
  private SqliteStore store;
  private StoreInvestigation investigation;
  private final List<ApiServer> servers = new ArrayList<>();
  private final List<McpSyncClient> clients = new ArrayList<>();
  private Incident web;
  private Incident db;
  private String base;

  @BeforeEach
  void start() {
    store = SqliteStore.open(dir.resolve("medic.db"));
    Instant now = Instant.now();
    Incident old = store.incidents().insert(Incident.open("web", "http_error", Severity.WARNING, "status 500",
        now.minusSeconds(7200)));
    store.incidents().update(old.resolvedAt("came back", now.minusSeconds(7000)));
    db = store.incidents().insert(Incident.open("db", "tcp_unreachable", Severity.CRITICAL, "connection refused",
        now.minusSeconds(120)));
    web = store.incidents().insert(Incident.open("web", "http_error", Severity.CRITICAL, "status 502",
        now.minusSeconds(60)));
    store.audit().append(AuditEntry.of(now.minusSeconds(60), web.id(), "web", "opened", null, "", "http_error: status 502"));
    store.audit().append(AuditEntry.of(now.minusSeconds(120), db.id(), "db", "opened", null, "", "tcp_unreachable"));
    investigation = new StoreInvestigation(store, Clock.systemUTC());
    base = serve("127.0.0.1:0", "viewer");
  }

  @AfterEach
  void stop() {
    clients.forEach(McpSyncClient::closeGracefully);
    servers.forEach(ApiServer::stop);
    store.close();
  }

  /**
   * A real API server with the MCP module and the test tokens.
   *
   * @param configured the address the config names: anonymous reading depends on it
   */
  private String serve(String configured, String anonymous) {
    AccessConfig access = new AccessConfig(anonymous, List.of(
        new AccessToken("viewer", "viewer", null, TestTokens.VIEWER),
        new AccessToken("alice", "operator", null, TestTokens.OPERATOR)), null, null);
    TokenAccess tokens = TokenAccess.of(() -> access, () -> configured, ApiTokens.NONE, Clock.systemUTC());
    McpModule module = new McpModule(investigation,
        bundle -> "# Incident " + bundle.incident().id() + ": " + bundle.incident().target() + "\n");
    ApiServer server = new ApiServer(null, null, "127.0.0.1:0", tokens, List.of(module));
    server.start();
    servers.add(server);
    return "http://127.0.0.1:" + server.port();
  }

  private McpSyncClient client(String url, String token) {
    HttpClientStreamableHttpTransport.Builder transport = HttpClientStreamableHttpTransport.builder(url).endpoint("/mcp");
    if (token != null) {
      transport.httpRequestCustomizer((request, method, uri, body, context) ->
          request.header("Authorization", TestTokens.bearer(token)));
    }
    McpSyncClient client = McpClient.sync(transport.build()).requestTimeout(Duration.ofSeconds(20)).build();
    clients.add(client);
    client.initialize();
    return client;
  }

  private static CallToolResult call(McpSyncClient client, String tool, Map<String, Object> args) {
    return client.callTool(new McpSchema.CallToolRequest(tool, args));
  }

  private static String text(CallToolResult result) {
    return ((McpSchema.TextContent) result.content().getFirst()).text();
  }

  private static JsonNode json(CallToolResult result) throws Exception {
    assertThat(result.isError()).as(text(result)).isFalse();
    return JSON.readTree(text(result));
  }

  @Test
  void listsTheSevenToolsWithPreciseSchemasAndOnlyProposingMayChangeAnything() {
    McpSyncClient client = client(base, TestTokens.VIEWER);
    assertThat(client.getServerInfo().name()).isEqualTo("medic");
    assertThat(client.getServerInfo().version()).isNotBlank();

    Map<String, McpSchema.Tool> tools = client.listTools().tools().stream()
        .collect(Collectors.toMap(McpSchema.Tool::name, Function.identity()));
    assertThat(tools.keySet()).containsExactlyInAnyOrderElementsOf(TOOLS);
    for (McpSchema.Tool tool : tools.values()) {
      JsonNode schema = schema(tool);
      assertThat(tool.description()).as(tool.name()).hasSizeGreaterThan(60);
      assertThat(schema.path("type").asText()).as(tool.name()).isEqualTo("object");
      assertThat(schema.path("additionalProperties").asBoolean(true)).as(tool.name()).isFalse();
      assertThat(tool.annotations().readOnlyHint()).as(tool.name()).isEqualTo(!tool.name().equals("propose_strategy"));
    }
    assertThat(schema(tools.get("propose_strategy")).path("required").toString())
        .isEqualTo("[\"incident_id\",\"strategy\",\"reason\"]");
    assertThat(schema(tools.get("propose_strategy")).at("/properties/strategy/minLength").asInt()).isEqualTo(1);
    assertThat(schema(tools.get("get_incident_bundle")).path("required").toString()).isEqualTo("[\"incident_id\"]");
    assertThat(schema(tools.get("get_incident_bundle")).at("/properties/format/enum").toString())
        .isEqualTo("[\"json\",\"markdown\"]");
    assertThat(schema(tools.get("get_incident_bundle")).at("/properties/format/default").asText()).isEqualTo("json");
    JsonNode hours = schema(tools.get("get_target_history")).at("/properties/hours");
    assertThat(hours.path("type").asText()).isEqualTo("integer");
    assertThat(List.of(hours.path("minimum").asInt(), hours.path("maximum").asInt(), hours.path("default").asInt()))
        .containsExactly(1, 720, 24);
    JsonNode limit = schema(tools.get("get_audit")).at("/properties/limit");
    assertThat(List.of(limit.path("minimum").asInt(), limit.path("maximum").asInt())).containsExactly(1, 500);
    assertThat(schema(tools.get("get_audit")).has("required")).isFalse();
    JsonNode id = schema(tools.get("get_incident_analyses")).at("/properties/incident_id");
    assertThat(id.path("type").asText()).isEqualTo("integer");
    assertThat(id.path("minimum").asInt()).isEqualTo(1);
    assertThat(schema(tools.get("analyze_incident")).at("/properties/analysts/items/type").asText()).isEqualTo("string");
  }

  private static JsonNode schema(McpSchema.Tool tool) {
    return JSON.valueToTree(tool.inputSchema());
  }

  @Test
  void theReadToolsAnswerFromTheStoreInTheApisShape() throws Exception {
    McpSyncClient client = client(base, TestTokens.VIEWER);

    JsonNode open = json(call(client, "list_open_incidents", Map.of()));
    assertThat(open).hasSize(2);
    assertThat(open.findValuesAsText("target")).containsExactlyInAnyOrder("web", "db");
    assertThat(open.get(0).has("opened_at")).as("snake_case, as the API").isTrue();

    JsonNode bundle = json(call(client, "get_incident_bundle", Map.of("incident_id", web.id())));
    assertThat(bundle.path("incident").path("id").asLong()).isEqualTo(web.id());
    assertThat(bundle.path("log_lines").get(0).asText()).isEqualTo(StoreInvestigation.UNTRUSTED_LINE);
    assertThat(bundle.path("strategies").get(0).path("name").asText()).isEqualTo("restart");
    assertThat(bundle.path("target_config").path("password").asText()).isEqualTo("[redacted]");

    CallToolResult markdown = call(client, "get_incident_bundle", Map.of("incident_id", web.id(), "format", "markdown"));
    assertThat(markdown.isError()).isFalse();
    assertThat(text(markdown)).isEqualTo("# Incident " + web.id() + ": web\n");

    JsonNode history = json(call(client, "get_target_history", Map.of("target", "web", "hours", 6)));
    assertThat(history.path("target").asText()).isEqualTo("web");
    assertThat(history.path("step").asText()).isEqualTo("5m");
    assertThat(history.path("buckets").isArray()).isTrue();
    assertThat(Duration.between(Instant.parse(history.path("from").asText()), Instant.parse(history.path("to").asText())))
        .isEqualTo(Duration.ofHours(6));

    JsonNode audit = json(call(client, "get_audit", Map.of("incident_id", web.id())));
    assertThat(audit).hasSize(1);
    assertThat(audit.get(0).path("detail").asText()).isEqualTo("http_error: status 502");
    assertThat(json(call(client, "get_audit", Map.of("limit", 1)))).hasSize(1);
    assertThat(json(call(client, "get_audit", Map.of()))).hasSize(2);

    assertThat(json(call(client, "get_incident_analyses", Map.of("incident_id", web.id())))).isEmpty();
  }

  @Test
  void anOperatorRunsTheAnalystsAndTheAnalysisIsKept() throws Exception {
    McpSyncClient client = client(base, TestTokens.OPERATOR);
    JsonNode made = json(call(client, "analyze_incident", Map.of("incident_id", db.id(), "analysts", List.of("rules"))));
    assertThat(made).hasSize(1);
    assertThat(made.get(0).path("verdict").asText()).isEqualTo("ERRORS_INVESTIGATE");
    assertThat(made.get(0).path("root_target").asText()).isEqualTo("db");
    assertThat(investigation.analyzed).containsExactly(
        new StoreInvestigation.Analyzed(db.id(), List.of("rules"), "alice via mcp"));

    JsonNode kept = json(call(client, "get_incident_analyses", Map.of("incident_id", db.id())));
    assertThat(kept).hasSize(1);
    assertThat(kept.get(0).path("suggested_actions").get(0).asText()).isEqualTo("restart");

    CallToolResult unknown = call(client, "analyze_incident", Map.of("incident_id", db.id(), "analysts", List.of("oracle")));
    assertThat(unknown.isError()).isTrue();
    assertThat(text(unknown)).contains("no analyst named 'oracle'");
  }

  @Test
  void mistakesAreToolErrorsThatSayWhatWasWrong() {
    McpSyncClient client = client(base, TestTokens.OPERATOR);
    Map<String, Map<String, Object>> wrong = Map.of(
        "get_incident_bundle", Map.of("incident_id", 999),
        "get_incident_analyses", Map.of("incident_id", 999),
        "analyze_incident", Map.of("incident_id", 999),
        "get_audit", Map.of("incident_id", 999),
        "propose_strategy", Map.of("incident_id", 999, "strategy", "restart", "reason", "it is stuck"));
    wrong.forEach((tool, args) -> {
      CallToolResult result = call(client, tool, args);
      assertThat(result.isError()).as(tool).isTrue();
      assertThat(text(result)).as(tool).startsWith("no incident 999");
    });
    assertThat(investigation.proposed).isEmpty();

    assertError(client, "get_incident_bundle", Map.of("incident_id", web.id(), "format", "pdf"), "format must be one of json, markdown");
    assertError(client, "get_target_history", Map.of("target", "web", "hours", 721), "hours");
    assertError(client, "get_target_history", Map.of("target", "web", "hours", 0), "hours");
    assertError(client, "get_audit", Map.of("limit", 501), "limit");
    assertError(client, "get_incident_bundle", Map.of("incident_id", "twelve"), "incident_id");
    assertError(client, "get_incident_bundle", Map.of(), "incident_id");
    assertError(client, "propose_strategy", Map.of("incident_id", web.id(), "strategy", "restart"), "reason");
  }

  private static void assertError(McpSyncClient client, String tool, Map<String, Object> args, String names) {
    CallToolResult result = call(client, tool, args);
    assertThat(result.isError()).as(tool + " " + args).isTrue();
    assertThat(text(result)).as(tool + " " + args).contains(names);
  }

  @Test
  void aViewerCannotProposeAndNothingReachesTheGuard() {
    McpSyncClient viewer = client(base, TestTokens.VIEWER);
    CallToolResult refused = call(viewer, "propose_strategy",
        Map.of("incident_id", web.id(), "strategy", "restart", "reason", "it is stuck"));
    assertThat(refused.isError()).isTrue();
    assertThat(text(refused)).isEqualTo("propose_strategy needs role operator; viewer has role viewer."
        + " Ask a person with an operator token.");
    McpSyncClient anonymous = client(base, null);
    assertThat(call(anonymous, "list_open_incidents", Map.of()).isError()).as("anonymous loopback reading").isFalse();
    CallToolResult anonymousProposal = call(anonymous, "propose_strategy",
        Map.of("incident_id", web.id(), "strategy", "restart", "reason", "it is stuck"));
    assertThat(anonymousProposal.isError()).isTrue();
    assertThat(text(anonymousProposal)).contains("needs role operator; anonymous has role viewer");
    assertThat(call(viewer, "analyze_incident", Map.of("incident_id", web.id())).isError()).isTrue();
    assertThat(investigation.proposed).isEmpty();
    assertThat(investigation.analyzed).isEmpty();
  }

  @Test
  void anOperatorsProposalReachesTheInvestigationNamingThemAndSaysTheApprovalOrWhyNot() throws Exception {
    McpSyncClient operator = client(base, TestTokens.OPERATOR);
    JsonNode accepted = json(call(operator, "propose_strategy",
        Map.of("incident_id", web.id(), "strategy", "restart", "reason", "502s since the deploy")));
    assertThat(accepted.path("accepted").asBoolean()).isTrue();
    assertThat(accepted.path("approval_id").asLong()).isEqualTo(42);
    assertThat(accepted.path("reason").asText()).contains("approval");

    JsonNode refused = json(call(operator, "propose_strategy",
        Map.of("incident_id", web.id(), "strategy", "flushall", "reason", "clear the cache")));
    assertThat(refused.path("accepted").asBoolean()).isFalse();
    assertThat(refused.path("approval_id").isNull()).isTrue();
    assertThat(refused.path("reason").asText()).contains("not allowed");

    assertThat(investigation.proposed).containsExactly(
        new StoreInvestigation.Proposed(web.id(), "restart", "alice via mcp", "502s since the deploy"),
        new StoreInvestigation.Proposed(web.id(), "flushall", "alice via mcp", "clear the cache"));
  }

  @Test
  void withoutATokenOnANonLoopbackAddressTheEndpointAnswers401() throws Exception {
    String exposed = serve("0.0.0.0:8787", null);
    HttpResponse<String> r = post(exposed, Map.of());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"medic\"");
    assertThat(JSON.readTree(r.body()).path("error").asText()).contains("token");

    HttpResponse<String> wrong = post(exposed, Map.of("Authorization", TestTokens.bearer("medic_not-a-real-token-0123456789")));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).doesNotContain("medic_not-a-real-token");

    // With a token the SDK's client gets in.
    assertThat(client(exposed, TestTokens.VIEWER).listTools().tools()).hasSize(TOOLS.size());
  }

  @Test
  void aRequestFromAPageOfAnotherOriginIsRefusedWithAToken() throws Exception {
    HttpResponse<String> foreign = post(base, Map.of("Origin", "https://evil.example",
        "Authorization", TestTokens.bearer(TestTokens.OPERATOR)));
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(foreign.body()).path("error").asText()).contains("cross-origin");

    HttpResponse<String> crossSite = post(base, Map.of("Sec-Fetch-Site", "cross-site"));
    assertThat(crossSite.statusCode()).isEqualTo(403);

    // medic's own origin is not another one.
    String self = "http://" + URI.create(base).getAuthority();
    HttpResponse<String> own = post(base, Map.of("Origin", self));
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(own.body()).contains("\"serverInfo\"").contains("\"medic\"");
  }

  @Test
  void theOptionalServerStreamIsNotOffered() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/mcp"))
        .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue("POST, DELETE");
  }

  /** An MCP initialize request, as a client sends it, with extra headers. */
  private static HttpResponse<String> post(String url, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + "/mcp"))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString("""
            {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-06-18",
             "capabilities": {}, "clientInfo": {"name": "curl", "version": "1"}}}"""));
    headers.forEach(b::header);
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
