package dev.medic.cli;

import dev.medic.agent.Agent;
import dev.medic.config.ConfigException;
import dev.medic.config.ConfigLoader;
import dev.medic.config.Durations;
import dev.medic.config.MedicConfig;
import dev.medic.incident.Incident;
import dev.medic.store.AuditEntry;
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
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code medic demo}: starts small local services that misbehave on a schedule, watches and heals
 * them with {@code examples/demo.yaml}, and prints what happens. {@code --duration} ends it with a
 * summary table.
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

  @Override
  public Integer call() throws Exception {
    Duration limit = duration == null ? null : Durations.parse(duration);
    String yaml = Files.exists(file) ? Files.readString(file) : bundledDemo();
    Map<String, String> defaults = Map.of(
        "MEDIC_JAVA", ProcessHandle.current().info().command().orElse("java"),
        "MEDIC_JAR", ownJar());
    MedicConfig cfg;
    try {
      cfg = new ConfigLoader(name -> System.getenv(name) != null ? System.getenv(name) : defaults.get(name))
          .parse(file.toString(), yaml);
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    String storeLocation = store != null ? store
        : "sqlite:" + Files.createTempDirectory("medic-demo").resolve("medic.db");
    Agent agent = new Agent(file, cfg, new Agent.Overrides(null, false, storeLocation, api), Clock.systemUTC());
    Instant start = Instant.now();
    System.out.println("""
        medic demo: three services misbehave on a schedule; medic watches, heals, verifies and records.
          checkout  crashes a while after each start    -> restart
          search    stops answering (hangs)              -> restart
          pricing   turns slow, then answers 500         -> flush cache (does not help), then reset
          ledger    is never reachable                   -> escalated
        store %s, API %s%s
        """.formatted(storeLocation, "off".equals(api) ? "off" : "http://" + api,
        limit == null ? "; Ctrl-C ends it." : "; ends after " + Durations.format(limit) + "."));
    if (limit == null) {
      RunCommand.runUntilStopped(agent);
      return 0;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      agent.close();
      stopped.countDown();
    });
    Runtime.getRuntime().addShutdownHook(hook);
    agent.start();
    boolean interrupted = stopped.await(limit.toMillis(), TimeUnit.MILLISECONDS);
    if (!interrupted) {
      printSummary(agent, start, storeLocation);
      Runtime.getRuntime().removeShutdownHook(hook);
      agent.close();
    }
    return 0;
  }

  private static void printSummary(Agent agent, Instant start, String storeLocation) {
    List<Incident> incidents = agent.store().incidents(null, 10_000).stream()
        .filter(i -> !i.openedAt().isBefore(start)).toList();
    List<AuditEntry> audit = agent.store().audit(null, 100_000);
    Map<String, long[]> perTarget = new TreeMap<>();
    for (var t : agent.config().targets()) {
      perTarget.put(t.name(), new long[5]);
    }
    for (Incident i : incidents) {
      long[] row = perTarget.computeIfAbsent(i.target(), k -> new long[5]);
      row[0]++;
      if (!i.isOpen()) {
        row[1]++;
        row[4] += Duration.between(i.openedAt(), i.resolvedAt()).toMillis();
      }
      if (i.escalated()) {
        row[2]++;
      }
    }
    for (AuditEntry a : audit) {
      if ("action".equals(a.kind()) && a.target() != null && !a.at().isBefore(start) && perTarget.containsKey(a.target())) {
        perTarget.get(a.target())[3]++;
      }
    }
    Table t = new Table("TARGET", "INCIDENTS", "RESOLVED", "ESCALATED", "ACTIONS", "MEAN TIME TO RESOLVE");
    perTarget.forEach((name, r) -> t.row(name, r[0], r[1], r[2], r[3],
        r[1] == 0 ? "-" : String.format("%.1f s", r[4] / 1000.0 / r[1])));
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
