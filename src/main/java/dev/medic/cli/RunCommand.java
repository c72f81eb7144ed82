package dev.medic.cli;

import dev.medic.runtime.Agent;
import dev.medic.config.LogRedaction;
import dev.medic.config.MedicConfig;
import dev.medic.config.Mode;
import dev.medic.store.StoreLock;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code medic run -c FILE}: the agent as a daemon. SIGHUP reloads the config. */
@Command(name = "run", description = "Run the agent until stopped. SIGHUP or POST /api/reload re-reads the config.")
final class RunCommand implements Callable<Integer> {

  @Mixin ConfigOption config;

  @Option(names = "--mode", paramLabel = "MODE", description = "observe, escalate-only or heal (overrides the file).",
      converter = ModeConverter.class)
  Mode mode;

  @Option(names = "--dry-run", description = "Decide and record every action, touch nothing.")
  boolean dryRun;

  @Option(names = "--store", paramLabel = "sqlite:PATH", description = "Store (overrides the file).")
  String store;

  @Option(names = "--api", paramLabel = "HOST:PORT|off", description = "API address (overrides the file).")
  String api;

  @Override
  public Integer call() throws Exception {
    Optional<MedicConfig> loaded = config.loadOrReport();
    if (loaded.isEmpty()) {
      return 2;
    }
    MedicConfig cfg = loaded.get();
    LogRedaction.use(cfg.redactor());
    try {
      // A bad --api or --store is the user's to fix: one line, not a stack trace from the agent.
      cfg.agent().withOverrides(mode, dryRun, store, api);
    } catch (IllegalArgumentException e) {
      System.err.println("medic run: " + e.getMessage());
      return 2;
    }
    Agent agent;
    try {
      agent = new Agent(config.file, cfg, new Agent.Overrides(mode, dryRun, store, api), Clock.systemUTC());
    } catch (StoreLock.HeldException e) {
      System.err.println("medic: " + e.getMessage());
      return 1;
    }
    runUntilStopped(agent);
    return 0;
  }

  /** Starts the agent, reloads on SIGHUP, closes it cleanly on SIGINT/SIGTERM. */
  static void runUntilStopped(Agent agent) throws Exception {
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      agent.close();
      stopped.countDown();
    }, "medic-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    // Handle SIGHUP from the first moment (its default would end the JVM); a reload asked for
    // while starting waits until the start is done.
    CountDownLatch started = new CountDownLatch(1);
    Signals.onHangup(() -> {
      try {
        started.await();
        agent.reload();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    agent.start();
    started.countDown();
    stopped.await();
  }

  /** Accepts {@code escalate-only} as well as the enum names. */
  static final class ModeConverter implements picocli.CommandLine.ITypeConverter<Mode> {
    @Override
    public Mode convert(String value) {
      return Mode.parse(value);
    }
  }
}
