package dev.medic.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
   * A chart's buckets and where they came from.
   *
   * @param tier "raw", "5m" or "1h": the finest tier that still held the start of the span
   * @param step the effective width of each bucket: the one asked for, grown to the tier's width
   */
  record Series(String tier, Duration step, List<Bucket> buckets) {}

  /** Like {@link #series}, telling the tier used and the effective step. */
  default Series chart(String target, String check, Instant from, Instant to, Duration step) {
    return new Series("raw", step, series(target, check, from, to, step));
  }

  /**
   * Rolls raw runs that finished by {@code now} into 5-minute and hourly rows, catching up on any
   * missed since the last call; returns how many rows were written. Safe to repeat.
   */
  default int rollUp(Instant now) {
    return 0;
  }

  /** Deletes 5-minute rows that started before one instant and hourly rows before another. */
  default int prune(Instant fiveMinuteBefore, Instant hourlyBefore) {
    return 0;
  }

  /** Up to where raw runs are rolled: raw before it may go; empty when history keeps none. */
  default Optional<Instant> rolledUntil() {
    return Optional.empty();
  }

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
