package dev.medic.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Check results over time, for charts, uptime and latency percentiles. Raw observations are kept
 * for a while; older time is answered from 5-minute and then hourly aggregates, so a 30-day chart
 * or uptime reads a few thousand rows, not millions.
 */
public interface History {

  /**
   * One span of time of one target's runs (all its checks, or one).
   *
   * @param count runs in the span
   * @param failures runs whose status was down
   * @param p50 latency percentiles in milliseconds over the runs that measured one; null if none did
   */
  record Bucket(Instant start, Duration width, long count, long failures, Double p50, Double p95, Double p99,
      Double maxMs) {}

  /** Latency over a window: percentiles in milliseconds, null when no run measured one. */
  record Latency(long count, Double p50, Double p95, Double p99, Double maxMs) {}

  /**
   * A target's runs from {@code from} to {@code to} in buckets of at least {@code step}; the step
   * grows to the width of the finest tier that still holds that time. Oldest first, empty spans left out.
   *
   * @param check one check's runs; null for all of the target's
   */
  List<Bucket> series(String target, String check, Instant from, Instant to, Duration step);

  /** Share of runs that were not failures, per target with runs in [from, to); 0..1. */
  Map<String, Double> uptime(Instant from, Instant to);

  /** Latency percentiles per target over [from, to). */
  Map<String, Latency> latency(Instant from, Instant to);

  /** Remembers nothing: for a store without history. */
  History NONE = new History() {
    @Override
    public List<Bucket> series(String target, String check, Instant from, Instant to, Duration step) {
      return List.of();
    }

    @Override
    public Map<String, Double> uptime(Instant from, Instant to) {
      return Map.of();
    }

    @Override
    public Map<String, Latency> latency(Instant from, Instant to) {
      return Map.of();
    }
  };
}
