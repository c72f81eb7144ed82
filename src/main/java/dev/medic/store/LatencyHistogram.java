package dev.medic.store;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Latencies counted in log-scale buckets, so percentiles over many roll-up rows (a day of 5-minute
 * rows, a month of hourly ones) merge by adding counts instead of averaging percentiles, which
 * would be wrong. Bucket {@code i} holds [{@code GAMMA^i}, {@code GAMMA^(i+1)}) ms from 0.01 ms to
 * about 4 hours; a percentile answers the bucket's geometric middle, at most {@code sqrt(GAMMA) - 1}
 * (about 2.5 %) from the true value. Stored as a few bytes per occupied bucket.
 */
final class LatencyHistogram {

  static final double GAMMA = 1.05;
  private static final double MIN_MS = 0.01;
  private static final double LOG_GAMMA = Math.log(GAMMA);
  /** Bucket 0 takes everything under {@link #MIN_MS} (0 too), the last everything above the range. */
  static final int BUCKETS = 2 + (int) Math.ceil(Math.log(4 * 3_600_000 / MIN_MS) / LOG_GAMMA);

  private final long[] counts = new long[BUCKETS];
  private long total;

  void add(double ms) {
    counts[index(ms)]++;
    total++;
  }

  void merge(LatencyHistogram other) {
    for (int i = 0; i < BUCKETS; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
  }

  /** Adds a histogram in its stored form without building an object for it. */
  void mergeEncoded(byte[] encoded) {
    if (encoded == null) {
      return;
    }
    int[] pos = {0};
    while (pos[0] < encoded.length) {
      int i = (int) readVarint(encoded, pos);
      long c = readVarint(encoded, pos);
      counts[i] += c;
      total += c;
    }
  }

  long total() {
    return total;
  }

  /** The q-quantile (0..1) in ms by nearest rank; null when empty. */
  Double quantile(double q) {
    if (total == 0) {
      return null;
    }
    long rank = Math.max(1, (long) Math.ceil(q * total));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return middle(i);
      }
    }
    return middle(BUCKETS - 1);
  }

  /** Occupied buckets as (index, count) varint pairs. */
  byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < BUCKETS; i++) {
      if (counts[i] > 0) {
        writeVarint(out, i);
        writeVarint(out, counts[i]);
      }
    }
    return out.toByteArray();
  }

  void clear() {
    Arrays.fill(counts, 0);
    total = 0;
  }

  private static int index(double ms) {
    if (!(ms >= MIN_MS)) {
      return 0;
    }
    int i = 1 + (int) Math.floor(Math.log(ms / MIN_MS) / LOG_GAMMA);
    return Math.min(i, BUCKETS - 1);
  }

  private static double middle(int i) {
    if (i == 0) {
      return 0;
    }
    return MIN_MS * Math.pow(GAMMA, i - 1 + 0.5);
  }

  private static void writeVarint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  private static long readVarint(byte[] b, int[] pos) {
    long v = 0;
    int shift = 0;
    while (true) {
      int x = b[pos[0]++] & 0xFF;
      v |= (long) (x & 0x7F) << shift;
      if ((x & 0x80) == 0) {
        return v;
      }
      shift += 7;
    }
  }
}
