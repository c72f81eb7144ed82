package dev.medic.store;

import static dev.medic.store.HistoryReads.FIVE_MINUTES;
import static dev.medic.store.HistoryReads.FIVE_MINUTE_MS;
import static dev.medic.store.HistoryReads.HOURLY;
import static dev.medic.store.HistoryReads.HOUR_MS;
import static dev.medic.store.HistoryReads.ceil;
import static dev.medic.store.HistoryReads.floor;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;

/**
 * History in the SQLite store: raw observations, plus 5-minute and hourly rows that {@link
 * SqliteRollup} makes from them. Spans are answered from the coarsest rows that are still exact for
 * them: whole hours from hourly rows, the edges from 5-minute rows, and what is not rolled yet from
 * raw.
 *
 * <p>Uptime and latency over the usual windows (1 h, 24 h, 7 d, 30 d up to now) are what every
 * dashboard load asks for, for every target: after each roll-up they are computed once, in the
 * background, and kept in memory ({@link WindowSummary}), so those calls answer at once. Any other
 * window is computed from the store.
 */
public final class SqliteHistory implements History {

  private final HistoryReads reads;
  private final SqliteRollup rollup;
  private volatile WindowSummary summary;

  SqliteHistory(Jdbi jdbi) {
    this.reads = new HistoryReads(jdbi);
    this.rollup = new SqliteRollup(jdbi, reads);
  }

  @Override
  public int rollUp(Instant now) {
    int written = rollup.rollUp(now);
    Long rolled = reads.rolledUntil();
    if (rolled != null) {
      summary = WindowSummary.compute(rolled, this::windowTotals);
    }
    return written;
  }

  @Override
  public int prune(Instant fiveMinuteBefore, Instant hourlyBefore) {
    return rollup.prune(fiveMinuteBefore, hourlyBefore);
  }

  @Override
  public Optional<Instant> rolledUntil() {
    return Optional.ofNullable(reads.rolledUntil()).map(Instant::ofEpochMilli);
  }

  @Override
  public Map<String, Double> uptime(Instant from, Instant to) {
    return answer(from, to).uptime();
  }

  @Override
  public Map<String, Latency> latency(Instant from, Instant to) {
    return answer(from, to).latency();
  }

  private WindowSummary.Answer answer(Instant from, Instant to) {
    WindowSummary s = summary;
    WindowSummary.Answer kept = s == null ? null : s.answer(from.toEpochMilli(), to.toEpochMilli());
    if (kept != null) {
      return kept;
    }
    return WindowSummary.Answer.of(totals(from.toEpochMilli(), to.toEpochMilli(), reads.rolledUntil()));
  }

  /** Runs per target over [from, to): hourly rows for whole rolled hours, 5-minute rows at the edges, raw after. */
  private Map<String, Tally> totals(long from, long to, Long rolled) {
    Map<String, Tally> byTarget = new HashMap<>();
    Consumer<RollupRow> add = r -> byTarget.computeIfAbsent(r.target(), k -> new Tally()).addRow(r);
    long rolledTo = rolled == null ? from : Math.max(from, Math.min(rolled, to));
    long hourStart = ceil(from, HOUR_MS);
    long hourEnd = floor(rolledTo, HOUR_MS);
    if (hourStart < hourEnd) {
      reads.rows(HOURLY, hourStart, hourEnd, null, null, add);
      reads.rows(FIVE_MINUTES, from, hourStart, null, null, add);
      reads.rows(FIVE_MINUTES, hourEnd, rolledTo, null, null, add);
    } else {
      reads.rows(FIVE_MINUTES, from, rolledTo, null, null, add);
    }
    reads.raw(rolledTo, to, null, null, (target, check, at, status, latency) ->
        byTarget.computeIfAbsent(target, k -> new Tally()).addRun(status, latency));
    byTarget.values().removeIf(t -> t.count() == 0);
    return byTarget;
  }

  /**
   * Runs per target over several windows that all end at {@code end} (a rolled 5-minute boundary),
   * reading each stored row once: hourly rows for the whole hours of the longest window (each added
   * to every window it falls in), 5-minute rows for each window's first partial hour and for the
   * common last one.
   */
  private Map<Long, Map<String, Tally>> windowTotals(long end, List<Long> lengths) {
    Map<Long, Map<String, Tally>> out = new HashMap<>();
    long hourEnd = floor(end, HOUR_MS);
    long longest = lengths.stream().mapToLong(Long::longValue).max().orElse(0);
    List<Long> hourly = lengths.stream().filter(l -> ceil(end - l, HOUR_MS) < hourEnd).toList();
    for (long length : lengths) {
      out.put(length, new HashMap<>());
    }
    reads.rows(HOURLY, ceil(end - longest, HOUR_MS), hourEnd, null, null, r -> {
      for (long length : hourly) {
        if (r.bucketMs() >= ceil(end - length, HOUR_MS)) {
          out.get(length).computeIfAbsent(r.target(), k -> new Tally()).addRow(r);
        }
      }
    });
    reads.rows(FIVE_MINUTES, hourEnd, end, null, null, r -> {
      for (long length : lengths) {
        if (r.bucketMs() >= end - length) {
          out.get(length).computeIfAbsent(r.target(), k -> new Tally()).addRow(r);
        }
      }
    });
    for (long length : lengths) {
      long from = end - length;
      long edgeEnd = hourly.contains(length) ? ceil(from, HOUR_MS) : hourEnd;
      Map<String, Tally> byTarget = out.get(length);
      reads.rows(FIVE_MINUTES, from, Math.min(edgeEnd, hourEnd), null, null,
          r -> byTarget.computeIfAbsent(r.target(), k -> new Tally()).addRow(r));
    }
    return out;
  }

  @Override
  public List<Bucket> series(String target, String check, Instant from, Instant to, Duration step) {
    return chart(target, check, from, to, step).buckets();
  }

  @Override
  public Series chart(String target, String check, Instant from, Instant to, Duration step) {
    long f = from.toEpochMilli();
    long t = to.toEpochMilli();
    long stepMs = Math.max(1_000, step.toMillis());
    Horizons held = Horizons.read(reads);
    String tier;
    if (stepMs < FIVE_MINUTE_MS && f >= held.raw()) {
      tier = "raw";
    } else if (stepMs < HOUR_MS && f >= held.fiveMinute()) {
      tier = FIVE_MINUTES;
      stepMs = ceil(stepMs, FIVE_MINUTE_MS);
    } else {
      tier = HOURLY;
      stepMs = ceil(stepMs, HOUR_MS);
    }
    long width = stepMs;
    TreeMap<Long, Tally> buckets = new TreeMap<>();
    Consumer<RollupRow> add = r -> buckets.computeIfAbsent(floor(r.bucketMs(), width), k -> new Tally()).addRow(r);
    long rolledTo = tier.equals("raw") || held.rolled() == null ? f : Math.max(f, Math.min(held.rolled(), t));
    if (tier.equals(HOURLY)) {
      long hourEnd = Math.max(floor(f, HOUR_MS), floor(rolledTo, HOUR_MS));
      reads.rows(HOURLY, floor(f, HOUR_MS), hourEnd, target, check, add);
      reads.rows(FIVE_MINUTES, Math.max(hourEnd, floor(f, FIVE_MINUTE_MS)), rolledTo, target, check, add);
    } else if (tier.equals(FIVE_MINUTES)) {
      reads.rows(FIVE_MINUTES, floor(f, FIVE_MINUTE_MS), rolledTo, target, check, add);
    }
    reads.raw(rolledTo, t, target, check, (tg, ck, at, status, latency) ->
        buckets.computeIfAbsent(floor(at, width), k -> new Tally()).addRun(status, latency));
    Duration w = Duration.ofMillis(width);
    List<Bucket> out = buckets.entrySet().stream()
        .filter(e -> e.getValue().count() > 0)
        .map(e -> e.getValue().toBucket(Instant.ofEpochMilli(e.getKey()), w))
        .toList();
    return new Series(tier, w, out);
  }

  /**
   * From when each tier still holds everything: a tier whose oldest rows were pruned holds time
   * only from its oldest row on; one that lost nothing (no coarser tier reaches further back)
   * holds all time.
   */
  private record Horizons(long raw, long fiveMinute, Long rolled) {
    static Horizons read(HistoryReads reads) {
      Long oldestRaw = reads.oldestRaw();
      Long oldest5 = reads.oldestRow(FIVE_MINUTES);
      Long oldestHour = reads.oldestRow(HOURLY);
      long raw;
      if (oldestRaw == null) {
        raw = oldest5 == null && oldestHour == null ? Long.MIN_VALUE : Long.MAX_VALUE;
      } else {
        boolean lost = oldestHour != null && oldestHour < floor(oldestRaw, HOUR_MS)
            || oldest5 != null && oldest5 < floor(oldestRaw, FIVE_MINUTE_MS);
        // Pruning cuts at any instant; the oldest run kept is a little after the cut.
        raw = lost ? floor(oldestRaw, FIVE_MINUTE_MS) : Long.MIN_VALUE;
      }
      long five;
      if (oldest5 == null) {
        five = oldestHour == null ? Long.MIN_VALUE : Long.MAX_VALUE;
      } else {
        five = oldestHour != null && oldestHour < oldest5 ? oldest5 : Long.MIN_VALUE;
      }
      return new Horizons(raw, five, reads.rolledUntil());
    }
  }
}
