package dev.medic.mcp;

import dev.medic.analyze.Investigation;
import dev.medic.api.Caller;
import dev.medic.api.OpenApiDocument;
import dev.medic.api.Role;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;

/**
 * medic's MCP server on a pair of streams: an assistant starts {@code medic mcp} and speaks
 * JSON-RPC over its standard input and output. Serves until the input ends and every request
 * read was answered.
 */
public final class McpStdio {

  /** How long requests read before the input ended may take to be answered: an analysis may wait for a model. */
  private static final Duration ANSWER_PATIENCE = Duration.ofMinutes(5);

  private final Investigation investigation;
  private final BundleText markdown;
  private final Clock clock;

  /**
   * @param investigation usually a {@link RestInvestigation}, whose API decides what its token may do
   */
  public McpStdio(Investigation investigation, BundleText markdown, Clock clock) {
    this.investigation = investigation;
    this.markdown = markdown;
    this.clock = clock;
  }

  /** Serves the tools on {@code in} and {@code out} until {@code in} ends. */
  public void serve(InputStream in, OutputStream out) throws InterruptedException {
    Exchanges exchanges = new Exchanges(ANSWER_PATIENCE);
    McpJsonMapper mapper = McpJsonDefaults.getMapper();
    // The API behind the investigation checks the role of its token; here the caller may try everything.
    McpTools tools = new McpTools(investigation, markdown, exchange -> new Caller("stdio", Role.OPERATOR), clock,
        mapper);
    McpSyncServer server = McpServer.sync(new StdioServerTransportProvider(mapper, exchanges.in(in), exchanges.out(out)))
        .serverInfo("medic", OpenApiDocument.medicVersion())
        .instructions(McpInstructions.TEXT)
        .jsonSchemaValidator(new OwnArgumentChecks())
        .validateToolInputs(false)
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .tools(tools.specifications())
        .build();
    try {
      exchanges.awaitEnd();
    } finally {
      server.closeGracefully();
    }
  }

}
