package dev.medic.cli;

import dev.medic.runtime.Plugins;
import dev.medic.runtime.Agent;
import dev.medic.config.ConfigException;
import dev.medic.config.ConfigLoader;
import dev.medic.spi.Durations;
import dev.medic.config.MedicConfig;
import dev.medic.demo.DemoPorts;
import dev.medic.demo.DemoSummary;
import dev.medic.config.StoreUrl;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code medic demo}: starts small local services that misbehave on a schedule, watches and heals
 * them with {@code examples/demo.yaml}, and prints what happens. {@code --duration} ends it with a
 * summary table; so does a stop before then.
 */
@Command(name = "demo", description = "Watch and heal three misbehaving local services (examples/demo.yaml).")
final class DemoCommand implements Callable<Integer> {

  @Option(names = "--duration", paramLabel = "DURATION", description = "Stop after this long and print a summary (e.g. 60s).")
  String duration;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "examples/demo.yaml",
      description = "Demo config (default: ${DEFAULT-VALUE}; the copy inside medic's jar if absent).")
  Path file;

  @Option(names = "--store", paramLabel = "sqlite:PATH", description = "Store (default: a new file under the temp directory).")
  String store;

  @Option(names = "--api", paramLabel = "HOST:PORT|off", defaultValue = "127.0.0.1:8787",
      description = "API address (default: ${DEFAULT-VALUE}).")
  String api;

  @Option(names = "--service-ports", paramLabel = "FIRST|free", defaultValue = "18081",
      description = "Ports of checkout, search and pricing: FIRST, FIRST+1, FIRST+2 (default: ${DEFAULT-VALUE}),"
          + " or 'free' for any free ones.")
  String servicePorts;

  @Override
  public Integer call() throws Exception {
    Duration limit = duration == null ? null : Durations.parse(duration);
    String yaml = Files.exists(file) ? Files.readString(file) : bundledDemo();
    Map<String, String> defaults = Map.of(
        "MEDIC_JAVA", ProcessHandle.current().info().command().orElse("java"),
        "MEDIC_JAR", ownJar());
    Map<String, String> ports;
    try {
      ports = DemoPorts.variables(servicePorts);
    } catch (IllegalArgumentException e) {
      System.err.println("medic demo: " + e.getMessage());
      return 2;
    }
    MedicConfig cfg;
    try {
      // The ports come from --service-ports, not the environment: one option says where the demo runs.
      cfg = new ConfigLoader(Plugins.registry(), name -> ports.containsKey(name) ? ports.get(name)
          : System.getenv(name) != null ? System.getenv(name) : defaults.get(name))
          .parse(file.toString(), yaml);
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    List<String> taken = DemoPorts.taken(DemoPorts.needed(cfg, api));
    if (!taken.isEmpty()) {
      taken.forEach(t -> System.err.println("medic demo: " + t));
      System.err.println("medic demo: stop what holds " + (taken.size() == 1 ? "it" : "them")
          + ", or move the demo: --service-ports 28081 (or free) for the services, --api 127.0.0.1:0 for the API.");
      return 1;
    }
    String storeLocation = store != null ? store
        : StoreUrl.of(Files.createTempDirectory("medic-demo").resolve("medic.db")).toString();
    Agent agent = new Agent(file, cfg, new Agent.Overrides(null, false, storeLocation, api), Clock.systemUTC());
    Instant start = Instant.now();
    System.out.println("""
        medic demo: three services misbehave on a schedule; medic watches, heals, verifies and records.
          checkout  crashes a while after each start    -> restart
          search    stops answering (hangs)              -> restart
          pricing   turns slow, then answers 500         -> flush cache (does not help), then reset
          ledger    is never reachable                   -> escalated
        services on ports %s; store %s, API %s%s
        """.formatted(DemoPorts.needed(cfg, "off").stream().map(p -> Integer.toString(p.port()))
            .collect(Collectors.joining(", ")),
        storeLocation, "off".equals(api) ? "off" : "http://" + api,
        limit == null ? "; Ctrl-C ends it." : "; ends after " + Durations.format(limit) + "."));
    if (limit == null) {
      RunCommand.runUntilStopped(agent);
      return 0;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean summarized = new AtomicBoolean();
    Thread hook = new Thread(() -> {
      // Stopped before the duration ran out (Ctrl-C, SIGTERM): the summary of what happened so far.
      if (summarized.compareAndSet(false, true)) {
        printSummary(agent, start, storeLocation);
      }
      agent.close();
      stopped.countDown();
    });
    Runtime.getRuntime().addShutdownHook(hook);
    agent.start();
    boolean interrupted = stopped.await(limit.toMillis(), TimeUnit.MILLISECONDS);
    if (!interrupted && summarized.compareAndSet(false, true)) {
      printSummary(agent, start, storeLocation);
      Runtime.getRuntime().removeShutdownHook(hook);
      agent.close();
    }
    return 0;
  }

  private static void printSummary(Agent agent, Instant start, String storeLocation) {
    List<DemoSummary.Row> rows = DemoSummary.rows(
        agent.config().targets().stream().map(t -> t.name()).toList(),
        agent.store().incidents().list(null, 10_000), agent.store().audit().list(null, 100_000), start);
    Table t = new Table("TARGET", "INCIDENTS", "RESOLVED", "ESCALATED", "ACTIONS", "MEAN TIME TO RESOLVE");
    for (DemoSummary.Row r : rows) {
      t.row(r.target(), r.incidents(), r.resolved(), r.escalated(), r.actions(),
          r.meanTimeToResolve().map(d -> String.format("%.1f s", d.toMillis() / 1000.0)).orElse("-"));
    }
    System.out.println();
    System.out.println("summary after " + Duration.between(start, Instant.now()).toSeconds() + " s:");
    System.out.print(t);
    System.out.println("open incidents: " + agent.incidents().openIncidents().size());
    System.out.println("details: ./bin/medic incidents --store " + storeLocation
        + "   and   ./bin/medic audit --store " + storeLocation);
  }

  private static String bundledDemo() throws IOException {
    try (InputStream in = DemoCommand.class.getResourceAsStream("/examples/demo.yaml")) {
      if (in == null) {
        throw new IOException("examples/demo.yaml not found here or inside the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String ownJar() {
    try {
      return Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      return "medic.jar";
    }
  }
}
