package dev.medic.store;

import static dev.medic.store.HistoryReads.FIVE_MINUTES;
import static dev.medic.store.HistoryReads.FIVE_MINUTE_MS;
import static dev.medic.store.HistoryReads.HOURLY;
import static dev.medic.store.HistoryReads.HOUR_MS;
import static dev.medic.store.HistoryReads.floor;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Rolls raw runs into 5-minute and hourly rows. Each call rolls every finished 5-minute bucket since
 * the last one (so a medic that was down catches up from the raw still kept), an hour at a time,
 * each hour in its own short transaction so the observation writer never waits long. Hourly rows
 * are computed from the raw runs of the whole hour, so their percentiles are exact. Rows are
 * upserted: rolling a span again gives the same rows.
 */
final class SqliteRollup {

  /**
   * Observations reach the store up to a second or so after their time (batched writer, checks
   * that took their timeout): a bucket is rolled only once this long has passed after its end.
   */
  static final Duration SETTLE = Duration.ofMinutes(1);

  private record Key(String target, String check, long bucketMs) {}

  private final Jdbi jdbi;
  private final HistoryReads reads;

  SqliteRollup(Jdbi jdbi, HistoryReads reads) {
    this.jdbi = jdbi;
    this.reads = reads;
  }

  /** Rolls what finished by {@code now}; returns how many rows were written. */
  synchronized int rollUp(Instant now) {
    long end = floor(now.minus(SETTLE).toEpochMilli(), FIVE_MINUTE_MS);
    Long progress = reads.rolledUntil();
    Long oldest = reads.oldestRaw();
    if (oldest == null) {
      if (progress == null) {
        saveProgress(end);
      }
      return 0;
    }
    // First roll: from the start of the oldest raw hour. After a gap longer than the raw kept:
    // from the oldest raw still there.
    long p = progress == null ? floor(oldest, HOUR_MS) : Math.max(progress, floor(oldest, FIVE_MINUTE_MS));
    int written = 0;
    while (p < end) {
      // Hours without runs (medic was down) are skipped, not rolled one by one.
      Long next = reads.nextRaw(p);
      boolean noMoreRuns = next == null || next >= end;
      long jumpTo = noMoreRuns ? end : Math.max(p, floor(next, FIVE_MINUTE_MS));
      long hourEnd = floor(p, HOUR_MS) + HOUR_MS;
      if (p % HOUR_MS != 0 && jumpTo >= hourEnd) {
        // The hour p stands in has ended, with runs before p: its hourly row is written before
        // moving past it, or a stop across the hour's end would lose that hour from the hourly tier.
        written += rollChunk(p, hourEnd);
        p = hourEnd;
        continue;
      }
      if (noMoreRuns) {
        saveProgress(end);
        break;
      }
      p = jumpTo;
      long chunkEnd = Math.min(floor(p, HOUR_MS) + HOUR_MS, end);
      written += rollChunk(p, chunkEnd);
      p = chunkEnd;
    }
    return written;
  }

  private int rollChunk(long from, long to) {
    Map<Key, Tally> fives = aggregate(from, to, FIVE_MINUTE_MS);
    Map<Key, Tally> hours = to % HOUR_MS == 0 ? aggregate(to - HOUR_MS, to, HOUR_MS) : Map.of();
    jdbi.useTransaction(h -> {
      PreparedBatch b = h.prepareBatch("INSERT OR REPLACE INTO observation_rollups (tier, target, check_name,"
          + " bucket_ms, count, failures, latency_count, p50, p95, p99, max_ms, histogram) VALUES (:tier, :target,"
          + " :check, :bucket, :count, :failures, :latencyCount, :p50, :p95, :p99, :max, :histogram)");
      add(b, FIVE_MINUTES, fives);
      add(b, HOURLY, hours);
      if (b.size() > 0) {
        b.execute();
      }
      h.createUpdate("INSERT INTO history_progress (id, rolled_until) VALUES (1, :to)"
              + " ON CONFLICT (id) DO UPDATE SET rolled_until = excluded.rolled_until")
          .bind("to", to).execute();
    });
    return fives.size() + hours.size();
  }

  private Map<Key, Tally> aggregate(long from, long to, long width) {
    Map<Key, Tally> tallies = new HashMap<>();
    reads.raw(from, to, null, null, (target, check, at, status, latency) ->
        tallies.computeIfAbsent(new Key(target, check, floor(at, width)), k -> new Tally()).addRun(status, latency));
    // A span of UNKNOWN runs only leaves nothing to store.
    tallies.values().removeIf(t -> t.count() == 0);
    return tallies;
  }

  private static void add(PreparedBatch b, String tier, Map<Key, Tally> tallies) {
    tallies.forEach((k, t) -> {
      RollupRow r = t.toRow(k.target(), k.check(), k.bucketMs());
      b.bind("tier", tier).bind("target", r.target()).bind("check", r.check()).bind("bucket", r.bucketMs())
          .bind("count", r.count()).bind("failures", r.failures()).bind("latencyCount", r.latencyCount())
          .bind("p50", r.p50()).bind("p95", r.p95()).bind("p99", r.p99()).bind("max", r.maxMs())
          .bind("histogram", r.histogram()).add();
    });
  }

  private void saveProgress(long to) {
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO history_progress (id, rolled_until) VALUES (1, :to)"
            + " ON CONFLICT (id) DO UPDATE SET rolled_until = excluded.rolled_until")
        .bind("to", to).execute());
  }

  /** Deletes 5-minute rows older than one instant and hourly rows older than another. */
  int prune(Instant fiveMinuteBefore, Instant hourlyBefore) {
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM observation_rollups WHERE tier = :tier AND bucket_ms < :before")
            .bind("tier", FIVE_MINUTES).bind("before", fiveMinuteBefore.toEpochMilli()).execute()
        + h.createUpdate("DELETE FROM observation_rollups WHERE tier = :tier AND bucket_ms < :before")
            .bind("tier", HOURLY).bind("before", hourlyBefore.toEpochMilli()).execute());
  }
}
