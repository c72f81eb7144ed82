package dev.medic.spi;

import java.time.Duration;
import java.util.Map;

/**
 * What a probe reports about one run, before the scheduler stamps it with time, target and check.
 *
 * @param condition the named symptom when the result is not UP (for example {@code http_timeout}),
 *     null when healthy
 */
public record ProbeResult(
    Status status, Duration latency, Map<String, Double> metrics, String condition, String message) {

  public ProbeResult {
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    message = message == null ? "" : message;
  }

  public static ProbeResult up(Duration latency, Map<String, Double> metrics, String message) {
    return new ProbeResult(Status.UP, latency, metrics, null, message);
  }

  public static ProbeResult down(
      Duration latency, Map<String, Double> metrics, String condition, String message) {
    return new ProbeResult(Status.DOWN, latency, metrics, condition, message);
  }

  public static ProbeResult degraded(
      Duration latency, Map<String, Double> metrics, String condition, String message) {
    return new ProbeResult(Status.DEGRADED, latency, metrics, condition, message);
  }
}
