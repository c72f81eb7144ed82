package dev.medic.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.analyze.BundleMarkdown;
import dev.medic.api.ApiServer;
import dev.medic.api.TokenAccess;
import dev.medic.runtime.Agent;
import dev.medic.spi.Incident;
import dev.medic.store.ApiTokens;
import dev.medic.support.AgentHarness;
import dev.medic.support.TestHttpServer;
import dev.medic.support.TestTokens;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MCP tools on a running medic with a real incident: the endpoint over the agent's own
 * investigation (as the agent wires it), and {@code medic mcp} reading the agent's real REST API.
 */
class McpOnAgentTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private TestHttpServer site;
  private AgentHarness harness;
  private long incidentId;

  @BeforeEach
  void start() throws Exception {
    site = new TestHttpServer(() -> 500);
    harness = AgentHarness.start(dir, """
        agent:
          interval: 150ms
          timeout: 1s
        targets:
          - name: web
            checks: [{type: http, url: "%s"}]
        strategies:
          - name: restart_web
            targets: [web]
            conditions: [http_error]
            action: { type: command, command: ["/bin/true"] }
            max_attempts: 1
            cooldown: 1h
        """.formatted(site.url("/health")) + TestTokens.access("viewer"),
        new Agent.Overrides(null, false, null, "127.0.0.1:0"));
    await().atMost(Duration.ofSeconds(20)).until(() -> harness.incidents().stream().anyMatch(Incident::isOpen));
    incidentId = harness.incidents().stream().filter(Incident::isOpen).findFirst().orElseThrow().id();
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
    site.close();
  }

  @Test
  void theEndpointServesTheAgentsInvestigationAndAProposalIsAuditedAsTheOperatorViaMcp() throws Exception {
    ApiServer server = new ApiServer(null, null, "127.0.0.1:0",
        TokenAccess.of(() -> harness.agent.config().access(), () -> "127.0.0.1:0", ApiTokens.NONE, Clock.systemUTC()),
        List.of(new McpModule(harness.agent.investigation(), new BundleMarkdown()::markdown)));
    server.start();
    McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + server.port())
            .endpoint("/mcp").httpRequestCustomizer((request, method, uri, body, context) ->
                request.header("Authorization", TestTokens.bearer(TestTokens.OPERATOR))).build())
        .requestTimeout(Duration.ofSeconds(30)).build();
    try {
      client.initialize();
      JsonNode bundle = json(client.callTool(new McpSchema.CallToolRequest("get_incident_bundle",
          Map.of("incident_id", incidentId))));
      assertThat(bundle.at("/incident/target").asText()).isEqualTo("web");
      assertThat(bundle.path("strategies").findValuesAsText("name")).contains("restart_web");
      assertThat(text(client.callTool(new McpSchema.CallToolRequest("get_incident_bundle",
          Map.of("incident_id", incidentId, "format", "markdown"))))).contains("web");

      JsonNode made = json(client.callTool(new McpSchema.CallToolRequest("analyze_incident",
          Map.of("incident_id", incidentId))));
      assertThat(made.get(0).path("analyst").asText()).isEqualTo("rules");

      JsonNode proposal = json(client.callTool(new McpSchema.CallToolRequest("propose_strategy",
          Map.of("incident_id", incidentId, "strategy", "restart_web", "reason", "500s on /health"))));
      assertThat(proposal.has("accepted")).isTrue();
      assertThat(harness.audit()).filteredOn(a -> "proposal".equals(a.kind()))
          .singleElement().satisfies(a -> assertThat(a.detail()).startsWith("proposed by operator via mcp: restart_web"));
    } finally {
      client.closeGracefully();
      server.stop();
    }
  }

  @Test
  void medicMcpReadsTheAgentsRealApi() throws Exception {
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        "dev.medic.cli.Main", "mcp", "--api", "http://127.0.0.1:" + harness.agent.port());
    ServerParameters params = ServerParameters.builder(command.getFirst()).args(command.subList(1, command.size()))
        .addEnvVar("MEDIC_TOKEN", TestTokens.OPERATOR).build();
    McpSyncClient client = McpClient.sync(new StdioClientTransport(params, McpJsonDefaults.getMapper()))
        .requestTimeout(Duration.ofSeconds(30)).initializationTimeout(Duration.ofSeconds(60)).build();
    try {
      client.initialize();
      JsonNode open = json(client.callTool(new McpSchema.CallToolRequest("list_open_incidents", Map.of())));
      assertThat(open.findValuesAsText("target")).contains("web");

      JsonNode bundle = json(client.callTool(new McpSchema.CallToolRequest("get_incident_bundle",
          Map.of("incident_id", incidentId))));
      assertThat(bundle.at("/incident/id").asLong()).isEqualTo(incidentId);
      assertThat(bundle.path("observations").size()).isPositive();
      assertThat(text(client.callTool(new McpSchema.CallToolRequest("get_incident_bundle",
          Map.of("incident_id", incidentId, "format", "markdown"))))).startsWith("#");

      JsonNode made = json(client.callTool(new McpSchema.CallToolRequest("analyze_incident",
          Map.of("incident_id", incidentId, "analysts", List.of("rules")))));
      assertThat(made.get(0).path("verdict").asText()).isNotBlank();
      assertThat(json(client.callTool(new McpSchema.CallToolRequest("get_incident_analyses",
          Map.of("incident_id", incidentId))))).isNotEmpty();

      JsonNode history = json(client.callTool(new McpSchema.CallToolRequest("get_target_history",
          Map.of("target", "web", "hours", 1))));
      assertThat(history.path("buckets").size()).isPositive();
      assertThat(history.path("buckets").get(0).path("failures").asLong()).isPositive();

      JsonNode audit = json(client.callTool(new McpSchema.CallToolRequest("get_audit",
          Map.of("incident_id", incidentId, "limit", 20))));
      assertThat(audit.findValuesAsText("kind")).contains("opened");

      JsonNode proposal = json(client.callTool(new McpSchema.CallToolRequest("propose_strategy",
          Map.of("incident_id", incidentId, "strategy", "no_such_strategy", "reason", "try it"))));
      assertThat(proposal.path("accepted").asBoolean()).isFalse();
      assertThat(proposal.path("reason").asText()).contains("no_such_strategy");
    } finally {
      client.closeGracefully();
    }
  }

  private static String text(CallToolResult result) {
    return ((McpSchema.TextContent) result.content().getFirst()).text();
  }

  private static JsonNode json(CallToolResult result) throws Exception {
    assertThat(result.isError()).as(text(result)).isFalse();
    return JSON.readTree(text(result));
  }
}
