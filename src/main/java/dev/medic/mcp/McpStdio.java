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
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * medic's MCP server on a pair of streams: an assistant starts {@code medic mcp} and speaks
 * JSON-RPC over its standard input and output. Serves until the input ends.
 */
public final class McpStdio {

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
    CountDownLatch ended = new CountDownLatch(1);
    McpJsonMapper mapper = McpJsonDefaults.getMapper();
    // The API behind the investigation checks the role of its token; here the caller may try everything.
    McpTools tools = new McpTools(investigation, markdown, exchange -> new Caller("stdio", Role.OPERATOR), clock,
        mapper);
    McpSyncServer server = McpServer.sync(new StdioServerTransportProvider(mapper, new EndSignalling(in, ended), out))
        .serverInfo("medic", OpenApiDocument.medicVersion())
        .instructions(McpInstructions.TEXT)
        .jsonSchemaValidator(new OwnArgumentChecks())
        .validateToolInputs(false)
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .tools(tools.specifications())
        .build();
    try {
      ended.await();
    } finally {
      server.closeGracefully();
    }
  }

  /** Counts down once the stream ends (or fails): the assistant closed its end. */
  private static final class EndSignalling extends FilterInputStream {
    private final CountDownLatch ended;

    EndSignalling(InputStream in, CountDownLatch ended) {
      super(in);
      this.ended = ended;
    }

    @Override
    public int read() throws IOException {
      return signal(() -> super.read());
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return signal(() -> super.read(b, off, len));
    }

    private int signal(IoRead read) throws IOException {
      try {
        int n = read.get();
        if (n < 0) {
          ended.countDown();
        }
        return n;
      } catch (IOException e) {
        ended.countDown();
        throw e;
      }
    }

    @FunctionalInterface
    private interface IoRead {
      int get() throws IOException;
    }
  }
}
