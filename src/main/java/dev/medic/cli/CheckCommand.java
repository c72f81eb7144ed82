package dev.medic.cli;

import dev.medic.config.LogRedaction;
import dev.medic.config.MedicConfig;
import dev.medic.config.TargetConfig;
import dev.medic.spi.ThresholdRule;
import dev.medic.config.Redactor;
import dev.medic.spi.CheckSpec;
import dev.medic.spi.Observation;
import dev.medic.spi.Status;
import dev.medic.spi.ProbeContext;
import dev.medic.process.ChildLedger;
import dev.medic.process.Supervisor;
import dev.medic.runtime.Plugins;
import dev.medic.runtime.Registry;
import dev.medic.spi.Bindings;
import dev.medic.spi.Plugin;
import dev.medic.schedule.CheckJob;
import dev.medic.schedule.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code medic check -c FILE}: runs every check once, prints a table, exits 1 if any failed. A check
 * of a process that {@code medic run} supervises is not started here: it is UP when a running medic
 * on the config's store runs it, SKIP otherwise (see {@link SupervisedTargets}).
 */
@Command(name = "check", description = {"Run every check once, print a table; exit 1 if any check failed.",
    "A supervised process is UP if a running medic runs it, SKIP (not a failure) if none does."})
final class CheckCommand implements Callable<Integer> {

  @Mixin ConfigOption config;

  @Override
  public Integer call() throws Exception {
    Optional<MedicConfig> loaded = config.loadOrReport();
    if (loaded.isEmpty()) {
      return 2;
    }
    MedicConfig cfg = loaded.get();
    Redactor redactor = cfg.redactor();
    LogRedaction.use(redactor);
    Clock clock = Clock.systemUTC();
    SupervisedTargets supervised = SupervisedTargets.of(cfg);
    List<Future<Observation>> results = new ArrayList<>();
    List<Boolean> skipped = new ArrayList<>();
    List<List<ThresholdRule>> rules = new ArrayList<>();
    List<Plugin> plugins = Plugins.standard();
    try (Supervisor supervisor = new Supervisor(clock, exit -> {}, ChildLedger.inMemory());
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      Registry kinds = new Registry(plugins, Bindings.builder().bind(Supervisor.class, supervisor));
      for (TargetConfig t : cfg.targets()) {
        for (CheckSpec c : t.checks()) {
          ProbeContext ctx = new ProbeContext(t.name(), clock, kinds.bindings());
          Optional<Observation> answered = supervised.observe(t, c, clock.instant());
          skipped.add(answered.map(o -> o.status() == Status.UNKNOWN).orElse(false));
          if (answered.isPresent()) {
            results.add(CompletableFuture.completedFuture(answered.get()));
          } else {
            Duration timeout = c.timeout() == null ? cfg.agent().timeout() : c.timeout();
            CheckJob job = new CheckJob(t.name(), c.name(), kinds.typeOf(c.getClass()), kinds.open(c, ctx),
                Duration.ZERO, timeout);
            results.add(pool.submit(() -> {
              try {
                return Scheduler.runOnce(job, clock);
              } finally {
                job.probe().close();
              }
            }));
          }
          List<ThresholdRule> own = new ArrayList<>(c.rules());
          own.addAll(t.detect().thresholds());
          rules.add(own);
        }
      }
      Table table = new Table("TARGET", "CHECK", "STATUS", "LATENCY", "CONDITION", "MESSAGE");
      int failed = 0;
      for (int i = 0; i < results.size(); i++) {
        Observation o = results.get(i).get();
        String condition = o.condition();
        String status = skipped.get(i) ? SupervisedTargets.SKIP : o.status().name();
        String message = o.message();
        // One run cannot show a rule held "for 5m"; a breach now is reported as a failure now.
        for (ThresholdRule rule : o.healthy() ? rules.get(i) : List.<ThresholdRule>of()) {
          Double value = o.metrics().get(rule.metric());
          if (value != null && !rule.relative() && rule.breached(value)) {
            status = "DOWN";
            condition = rule.condition();
            message = rule.metric() + " = " + value + " (" + rule + ")";
            break;
          }
        }
        if (!status.equals("UP") && !status.equals(SupervisedTargets.SKIP)) {
          failed++;
        }
        table.row(o.target(), o.check(), status,
            o.latency() == null ? "" : String.format("%.1f ms", o.latencyMillis()), condition,
            redactor.redact(message));
      }
      System.out.print(table);
      System.out.printf("%d checks, %d failed%n", results.size(), failed);
      return failed == 0 ? 0 : 1;
    } finally {
      plugins.forEach(Plugin::close);
    }
  }
}
