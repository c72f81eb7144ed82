package dev.medic.store;

import dev.medic.spi.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * Runs added up over a span: from raw runs (percentiles exact), from stored roll-up rows (one row
 * keeps its exact percentiles; several merge through their histograms), or both.
 *
 * <p>What counts: UNKNOWN runs (the check could not tell) do not count at all; DOWN is a failure;
 * UP and DEGRADED count as up (degraded still serves).
 */
final class Tally {

  private long count;
  private long failures;
  private double max = Double.NaN;
  private final LatencyHistogram histogram = new LatencyHistogram();
  /** Raw latencies; their percentiles are exact while no stored row went in. */
  private double[] exact = new double[0];
  private int exactSize;
  private boolean sorted;
  private int rows;
  private RollupRow onlyRow;

  /** Whether a run of this status counts towards uptime at all. */
  static boolean counts(Status status) {
    return status != Status.UNKNOWN;
  }

  void addRun(Status status, Double latencyMs) {
    if (!counts(status)) {
      return;
    }
    count++;
    if (status == Status.DOWN) {
      failures++;
    }
    if (latencyMs != null) {
      histogram.add(latencyMs);
      max = Double.isNaN(max) ? latencyMs : Math.max(max, latencyMs);
      if (exactSize == exact.length) {
        exact = Arrays.copyOf(exact, Math.max(16, exactSize * 2));
      }
      exact[exactSize++] = latencyMs;
      sorted = false;
    }
  }

  void addRow(RollupRow row) {
    rows++;
    onlyRow = rows == 1 ? row : null;
    count += row.count();
    failures += row.failures();
    if (row.maxMs() != null) {
      max = Double.isNaN(max) ? row.maxMs() : Math.max(max, row.maxMs());
    }
    histogram.mergeEncoded(row.histogram());
  }

  long count() {
    return count;
  }

  long failures() {
    return failures;
  }

  long latencyCount() {
    return histogram.total();
  }

  Double uptime() {
    return count == 0 ? null : (double) (count - failures) / count;
  }

  Double maxMs() {
    return Double.isNaN(max) ? null : max;
  }

  /** The q-quantile in ms: exact when only raw runs or one stored row went in. */
  Double percentile(double q) {
    if (histogram.total() == 0) {
      return null;
    }
    if (rows == 0) {
      if (!sorted) {
        Arrays.sort(exact, 0, exactSize);
        sorted = true;
      }
      int rank = (int) Math.max(1, Math.ceil(q * exactSize));
      return exact[rank - 1];
    }
    if (rows == 1 && exactSize == 0) {
      return q == 0.50 ? onlyRow.p50() : q == 0.95 ? onlyRow.p95() : q == 0.99 ? onlyRow.p99()
          : histogram.quantile(q);
    }
    return histogram.quantile(q);
  }

  byte[] histogram() {
    return histogram.encode();
  }

  History.Bucket toBucket(Instant start, Duration width) {
    return new History.Bucket(start, width, count, failures, percentile(0.50), percentile(0.95),
        percentile(0.99), maxMs());
  }

  History.Latency toLatency() {
    return new History.Latency(latencyCount(), percentile(0.50), percentile(0.95), percentile(0.99), maxMs());
  }

  RollupRow toRow(String target, String check, long bucketMs) {
    return new RollupRow(target, check, bucketMs, count, failures, latencyCount(), percentile(0.50),
        percentile(0.95), percentile(0.99), maxMs(), histogram());
  }
}
