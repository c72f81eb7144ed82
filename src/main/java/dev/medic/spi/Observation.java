package dev.medic.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** The immutable result of one check run on one target. */
public record Observation(
    Instant at,
    String target,
    String check,
    Status status,
    Duration latency,
    Map<String, Double> metrics,
    String condition,
    String message) {

  public Observation {
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    message = message == null ? "" : message;
  }

  public static Observation of(Instant at, String target, String check, ProbeResult r) {
    return new Observation(
        at, target, check, r.status(), r.latency(), r.metrics(), r.condition(), r.message());
  }

  public boolean healthy() {
    return status.healthy();
  }

  public double latencyMillis() {
    return latency == null ? 0 : latency.toNanos() / 1_000_000.0;
  }
}
