package dev.medic.store;

import dev.medic.spi.Observation;
import dev.medic.spi.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

/**
 * What history costs at scale (bench/history.sh): a SQLite store with TARGETS targets and DAYS days
 * of 5-minute and hourly aggregates plus RAW_HOURS of raw runs (one every 30 s), then the time of
 * a 5-minute roll-up, of uptime()+latency() for every target over 24 h, 7 d and 30 d, and of one
 * target's 30-day series.
 *
 * <p>Arguments: directory [targets] [days] [raw hours] [reuse: measure the store an earlier run left].
 */
public final class HistoryBench {

  private static final long FIVE = 300_000;
  private static final long HOUR = 3_600_000;

  private HistoryBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int targets = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int days = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    int rawHours = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    boolean reuse = args.length > 4 && args[4].equals("reuse");
    Files.createDirectories(dir);
    Path file = dir.resolve("history-bench.db");
    long now = Instant.now().toEpochMilli();
    long rolled = (now - 60_000) / FIVE * FIVE - FIVE; // one 5-minute bucket left to roll
    long rawFrom = rolled / HOUR * HOUR - (rawHours - 1) * HOUR;
    if (!reuse) {
      Files.deleteIfExists(file);
    }

    try (SqliteStore store = SqliteStore.open(file)) {
      long t = System.nanoTime();
      if (reuse) {
        // The store of an earlier run: its last rolled bucket is rolled again (its raw is still there).
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
          c.createStatement().execute("UPDATE history_progress SET rolled_until = rolled_until - " + FIVE);
        }
        System.out.println("reusing " + file);
      } else {
        long rows = fillAggregates(file, targets, days, rolled, rawFrom);
        System.out.printf("filled %,d aggregate rows (%d targets x %d days) in %.1f s%n", rows, targets, days, secs(t));
        t = System.nanoTime();
        long runs = fillRaw(store, targets, rawFrom, now);
        System.out.printf("filled %,d raw runs (%d h) in %.1f s%n", runs, rawHours, secs(t));
      }

      History history = store.history();
      t = System.nanoTime();
      int written = history.rollUp(Instant.ofEpochMilli(now));
      System.out.printf("roll-up of one 5-minute cycle (%d rows written) + summary refresh: %.0f ms%n", written, ms(t));
      t = System.nanoTime();
      history.rollUp(Instant.ofEpochMilli(now));
      System.out.printf("summary refresh alone (uptime+latency of %d targets x 4 windows): %.0f ms%n", targets, ms(t));

      Instant to = Instant.ofEpochMilli(now);
      Duration[] windows = {Duration.ofHours(24), Duration.ofDays(7), Duration.ofDays(30)};
      double[] took = new double[200];
      for (int i = 0; i < took.length; i++) {
        long s = System.nanoTime();
        int seen = 0;
        for (Duration w : windows) {
          seen += history.uptime(to.minus(w), to).size() + history.latency(to.minus(w), to).size();
        }
        took[i] = ms(s);
        if (seen < targets * 6) {
          throw new IllegalStateException("expected every target in every window, saw " + seen);
        }
      }
      Arrays.sort(took);
      System.out.printf("uptime()+latency() for %d targets x 3 windows: median %.3f ms, max %.3f ms%n",
          targets, took[took.length / 2], took[took.length - 1]);
      t = System.nanoTime();
      int n = history.latency(to.minus(Duration.ofDays(30)).plusSeconds(1), to).size();
      System.out.printf("latency() of %d targets over an unusual 30 d window (from the store): %.0f ms%n", n, ms(t));

      for (Duration step : new Duration[] {Duration.ofHours(1), Duration.ofMinutes(5)}) {
        t = System.nanoTime();
        History.Series s = history.chart("t0001", null, to.minus(Duration.ofDays(days)), to, step);
        System.out.printf("series() of one target over %d d at step %s: %d buckets (tier %s) in %.0f ms%n",
            days, dev.medic.spi.Durations.format(step), s.buckets().size(), s.tier(), ms(t));
      }
    }
  }

  /** Rows written straight, in big transactions: filling is not what is measured. */
  private static long fillAggregates(Path file, int targets, int days, long rolled, long rawFrom) throws Exception {
    Random random = new Random(1);
    RollupRow[] shapes = new RollupRow[32];
    for (int i = 0; i < shapes.length; i++) {
      Tally tally = new Tally();
      for (int r = 0; r < 10; r++) {
        tally.addRun(random.nextInt(100) == 0 ? Status.DOWN : Status.UP, Math.exp(3.5 + 0.6 * random.nextGaussian()));
      }
      shapes[i] = tally.toRow("", "", 0);
    }
    long start = rolled - days * 86_400_000L;
    long rows = 0;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      c.createStatement().execute("PRAGMA synchronous = OFF");
      // Filled faster without the secondary index; it is built once at the end, as medic has it.
      c.createStatement().execute("DROP INDEX observation_rollups_target");
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO observation_rollups (tier, target, check_name,"
          + " bucket_ms, count, failures, latency_count, p50, p95, p99, max_ms, histogram)"
          + " VALUES (?, ?, 'http', ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (int t = 0; t < targets; t++) {
          String target = "t%04d".formatted(t);
          for (long b = start; b < rawFrom; b += FIVE) {
            rows += add(ps, "5m", target, b, shapes[random.nextInt(shapes.length)], 1);
          }
          for (long h = start / HOUR * HOUR; h < rawFrom; h += HOUR) {
            rows += add(ps, "1h", target, h, shapes[random.nextInt(shapes.length)], 12);
          }
          ps.executeBatch();
          if (t % 50 == 49) {
            c.commit();
          }
        }
      }
      c.createStatement().execute("INSERT INTO history_progress (id, rolled_until) VALUES (1, " + rawFrom + ")");
      c.commit();
      c.setAutoCommit(true);
      c.createStatement().execute("CREATE INDEX observation_rollups_target ON observation_rollups(tier, target, bucket_ms)");
    }
    return rows;
  }

  private static int add(PreparedStatement ps, String tier, String target, long bucket, RollupRow shape, int times)
      throws Exception {
    ps.setString(1, tier);
    ps.setString(2, target);
    ps.setLong(3, bucket);
    ps.setLong(4, shape.count() * times);
    ps.setLong(5, shape.failures() * times);
    ps.setLong(6, shape.latencyCount() * times);
    ps.setDouble(7, shape.p50());
    ps.setDouble(8, shape.p95());
    ps.setDouble(9, shape.p99());
    ps.setDouble(10, shape.maxMs());
    ps.setBytes(11, shape.histogram());
    ps.addBatch();
    return 1;
  }

  /** Raw runs every 30 s per target from rawFrom to now; then rolled up to one bucket before the end. */
  private static long fillRaw(SqliteStore store, int targets, long rawFrom, long now) {
    Random random = new Random(2);
    long runs = 0;
    for (long at = rawFrom; at < now; at += 30_000) {
      for (int t = 0; t < targets; t++) {
        store.observations().record(new Observation(Instant.ofEpochMilli(at + t), "t%04d".formatted(t), "http",
            random.nextInt(100) == 0 ? Status.DOWN : Status.UP,
            Duration.ofNanos((long) (1_000_000 * Math.exp(3.5 + 0.6 * random.nextGaussian()))), Map.of(), null, ""));
        runs++;
      }
      if (runs % 100_000 < targets) {
        store.observations().flush();
      }
    }
    store.observations().flush();
    // All but the last bucket are rolled already, as in a medic that has been running.
    long lastBucket = (now - 60_000) / FIVE * FIVE - FIVE;
    store.history().rollUp(Instant.ofEpochMilli(lastBucket + 60_000));
    return runs;
  }

  private static double secs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static double ms(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e6;
  }
}
