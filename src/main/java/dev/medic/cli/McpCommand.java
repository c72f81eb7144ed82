package dev.medic.cli;

import dev.medic.config.ApiAddress;
import dev.medic.config.MedicConfig;
import dev.medic.mcp.McpStdio;
import dev.medic.mcp.RestInvestigation;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code medic mcp}: an MCP server on standard input and output for an AI assistant, reading a
 * running medic through its API with a token. Standard output carries only the protocol: anything
 * else medic would print there (logs included) goes to standard error.
 */
@Command(name = "mcp", description = {
    "Serve medic's MCP tools on stdin/stdout for an AI assistant, reading a running medic through its API.",
    "Read-only tools, and propose_strategy, which needs an operator token and a person's approval."})
final class McpCommand implements Callable<Integer> {

  static final String DEFAULT_API = "http://127.0.0.1:8787";

  @Option(names = "--api", paramLabel = "URL",
      description = "medic's API (default: the config's agent.api if the config file exists, else " + DEFAULT_API + ").")
  String api;

  @Option(names = "--token", paramLabel = "TOKEN",
      description = "An API token (default: the MEDIC_TOKEN environment variable; prefer it, a command line is visible to others).")
  String token;

  @Mixin ConfigOption config;

  @Override
  public Integer call() throws Exception {
    URI base = URI.create(api != null ? api : fromConfig());
    if (base.getScheme() == null || !base.getScheme().startsWith("http") || base.getHost() == null) {
      throw new UserError("--api must be a URL like " + DEFAULT_API + ", got '" + base + "'");
    }
    String bearer = token != null ? token : System.getenv("MEDIC_TOKEN");
    RestInvestigation investigation = new RestInvestigation(base, bearer);
    // The protocol owns standard output; logs and stray prints go to standard error.
    PrintStream protocol = System.out;
    System.setOut(System.err);
    try {
      new McpStdio(investigation, investigation, Clock.systemUTC()).serve(System.in, protocol);
    } finally {
      System.setOut(protocol);
    }
    return 0;
  }

  /** The config's {@code agent.api} as a URL; a wildcard address is reached on loopback. */
  private String fromConfig() throws Exception {
    if (!config.exists()) {
      return DEFAULT_API;
    }
    MedicConfig loaded = config.load();
    String address = loaded.agent().api();
    if ("off".equals(address)) {
      throw new UserError("the config's agent.api is off: medic mcp reads medic through its API; give --api URL");
    }
    ApiAddress a = ApiAddress.parse(address);
    String host = switch (a.host()) {
      case "0.0.0.0", "" -> "127.0.0.1";
      case "::", "[::]" -> "[::1]";
      default -> a.host();
    };
    return "http://" + host + ":" + a.port();
  }
}
