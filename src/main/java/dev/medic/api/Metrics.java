package dev.medic.api;

import dev.medic.spi.Incident;
import dev.medic.spi.Observation;
import dev.medic.store.Store;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * medic's own numbers in Prometheus form: check durations by kind, each check's up/down state, open
 * incidents, heal attempts by result, scheduling lag and whether the store writes. Meters are created once and cached, so
 * recording an observation allocates nothing new in steady state.
 */
public final class Metrics {

  private static final Duration[] CHECK_BUCKETS = {
    Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
    Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
    Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)
  };

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, Timer> durationByKind = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> up = new ConcurrentHashMap<>();
  private final Map<String, Counter> attempts = new ConcurrentHashMap<>();
  private final Timer lag;
  private final Counter checks;
  private final java.util.concurrent.atomic.AtomicLong downtimeSeconds = new java.util.concurrent.atomic.AtomicLong();

  public Metrics(Supplier<Number> openIncidents) {
    Gauge.builder("medic.incidents.open", openIncidents).description("Incidents not yet resolved").register(registry);
    this.lag =
        Timer.builder("medic.schedule.lag")
            .description("How late periodic checks started against their schedule")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
    this.checks = Counter.builder("medic.checks").description("Check runs completed").register(registry);
    Gauge.builder("medic.downtime.seconds.last", downtimeSeconds, java.util.concurrent.atomic.AtomicLong::get)
        .description("How long medic was down before this run, in seconds (0 if it was not, or this is its first run)")
        .register(registry);
  }

  /** How long medic was down before this run: {@code medic_downtime_seconds_last}. */
  public void lastDowntime(java.time.Duration down) {
    downtimeSeconds.set(down.toSeconds());
  }

  /** Called for each observation; cheap and allocation-free once a check's meters exist. */
  public void observe(Observation o, String kind) {
    checks.increment();
    if (o.latency() != null) {
      durationByKind
          .computeIfAbsent(kind, k -> Timer.builder("medic.check.duration")
              .description("Duration of check runs")
              .tag("kind", k)
              .serviceLevelObjectives(CHECK_BUCKETS)
              .register(registry))
          .record(o.latency());
    }
    up.computeIfAbsent(o.target() + '\u0000' + o.check(), key -> {
          AtomicInteger v = new AtomicInteger();
          Gauge.builder("medic.check.up", v, AtomicInteger::get)
              .description("1 if the last run of the check was healthy, else 0")
              .tag("target", o.target())
              .tag("check", o.check())
              .register(registry);
          return v;
        })
        .set(o.healthy() ? 1 : 0);
  }

  /** Drops the gauges of a target taken out of the config, so /metrics no longer shows it. */
  public void forget(String target) {
    String prefix = target + '\u0000';
    up.keySet().removeIf(key -> {
      if (!key.startsWith(prefix)) {
        return false;
      }
      registry.find("medic.check.up").tag("target", target).tag("check", key.substring(prefix.length()))
          .meters().forEach(registry::remove);
      return true;
    });
  }

  /**
   * medic's own store: {@code medic_store_writable} (1, or 0 while writes are held in memory because
   * the store cannot write) and {@code medic_store_backlog} (how many are held). Registering twice
   * is harmless: the registry keeps the first.
   */
  public void watchStore(Store store) {
    Gauge.builder("medic.store.writable", store, s -> s.writable() ? 1 : 0)
        .description("1 while medic's store accepts writes, 0 while they are held in memory")
        .register(registry);
    Gauge.builder("medic.store.backlog", store, Store::backlog)
        .description("Incident, timeline, audit and approval writes held in memory until the store can write")
        .register(registry);
  }

  public void lagNanos(long nanos) {
    lag.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** @param result {@code healed}, {@code not_healed} (action ran, verify failed) or {@code failed} */
  public void attempt(String result) {
    attempts.computeIfAbsent(result, r -> Counter.builder("medic.heal.actions")
            .description("Healing actions by result")
            .tag("result", r)
            .register(registry))
        .increment();
  }

  public String scrape() {
    return registry.scrape();
  }

  public double lagPercentileMillis(double p) {
    for (var v : lag.takeSnapshot().percentileValues()) {
      if (Math.abs(v.percentile() - p) < 1e-9) {
        return v.value(TimeUnit.MILLISECONDS);
      }
    }
    return Double.NaN;
  }
}
