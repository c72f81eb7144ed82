package dev.medic.mcp;

import dev.medic.analyze.Investigation;
import dev.medic.api.Access;
import dev.medic.api.ApiModule;
import dev.medic.api.Caller;
import dev.medic.api.OpenApiDocument;
import dev.medic.api.Role;
import dev.medic.api.Route;
import dev.medic.spi.IncidentBundle;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HandlerType;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * medic's MCP server for operators, inside its API: Streamable HTTP at {@value #PATH}. Every request
 * passes {@link Access} as the API's routes do (a bearer token, or anonymous reading where the
 * config allows it) and needs at least a viewer; a request a browser sends from a page of another
 * origin is refused, as the MCP specification asks. The caller travels into each tool call, so that
 * proposing needs an operator and the audit names who proposed.
 *
 * <p>Only POST (the JSON-RPC messages) and DELETE (ending a session) are served. medic sends no
 * messages of its own accord, so the optional GET stream for them answers 405, which the
 * specification allows: that stream would otherwise stay open past the check that admitted it.
 */
public final class McpModule implements ApiModule, AutoCloseable {

  public static final String PATH = "/mcp";
  private static final String CALLER_ATTRIBUTE = "medic.mcp.caller";
  static final int MAX_REQUEST = 256 * 1024;

  private final HttpServletStreamableServerTransportProvider transport;
  private final McpSyncServer server;

  /**
   * @param markdown renders a bundle as Markdown, for {@code get_incident_bundle} with {@code format: markdown}
   */
  public McpModule(Investigation investigation, Function<IncidentBundle, String> markdown) {
    this(investigation, id -> investigation.bundle(id).map(markdown), Clock.systemUTC());
  }

  McpModule(Investigation investigation, BundleText markdown, Clock clock) {
    McpJsonMapper mapper = McpJsonDefaults.getMapper();
    this.transport = HttpServletStreamableServerTransportProvider.builder()
        .jsonMapper(mapper)
        .mcpEndpoint(PATH)
        // No server-sent stream (see above), so no keep-alive pings over one.
        .keepAliveInterval(null)
        // A tool call is a few hundred bytes; medic reads no more than this of a request.
        .maxRequestSize(MAX_REQUEST)
        .contextExtractor(request -> request.getAttribute(CALLER_ATTRIBUTE) instanceof Caller caller
            ? McpTransportContext.create(Map.of(McpTools.CALLER, caller))
            : McpTransportContext.EMPTY)
        .build();
    // Without a caller in the context (never, once admitted) a call may only read.
    McpTools tools = new McpTools(investigation, markdown,
        McpTools.callerFromContext(new Caller("unknown", Role.VIEWER)), clock, mapper);
    this.server = McpServer.sync(transport)
        .serverInfo("medic", OpenApiDocument.medicVersion())
        .instructions(McpInstructions.TEXT)
        .jsonSchemaValidator(new OwnArgumentChecks())
        .validateToolInputs(false)
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .tools(tools.specifications())
        .build();
  }

  /** Not routes of the REST API: the endpoint speaks JSON-RPC, so it is not in the OpenAPI document. */
  @Override
  public List<Route> routes() {
    return List.of();
  }

  @Override
  public void configure(JavalinConfig config, Access access) {
    config.routes.addHttpHandler(HandlerType.POST, PATH, ctx -> serve(ctx, access));
    config.routes.addHttpHandler(HandlerType.DELETE, PATH, ctx -> serve(ctx, access));
    config.routes.addHttpHandler(HandlerType.GET, PATH, ctx -> {
      admit(ctx, access);
      ctx.header("Allow", "POST, DELETE").status(405)
          .json(Map.of("error", "medic's MCP endpoint offers no server-sent stream; send JSON-RPC with POST"));
    });
  }

  private static Caller admit(Context ctx, Access access) {
    if (CrossOrigin.refused(ctx.header("Origin"), ctx.header("Sec-Fetch-Site"), ctx.header("Host"))) {
      throw new ForbiddenResponse("cross-origin request refused: medic's MCP endpoint is not for web pages of other sites");
    }
    return access.admitSocket(ctx, Role.VIEWER);
  }

  /** Admits the caller, then hands the request to the SDK's transport with the caller attached. */
  private void serve(Context ctx, Access access) throws Exception {
    Caller caller = admit(ctx, access);
    ctx.req().setAttribute(CALLER_ATTRIBUTE, caller);
    transport.service((jakarta.servlet.ServletRequest) ctx.req(), (jakarta.servlet.ServletResponse) ctx.res());
  }

  @Override
  public void close() {
    server.closeGracefully();
  }
}
