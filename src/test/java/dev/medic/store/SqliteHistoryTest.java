package dev.medic.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.medic.spi.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Roll-ups, tiers and windows of {@link SqliteHistory} over a real SQLite file. */
class SqliteHistoryTest {

  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  private static final Duration FIVE = Duration.ofMinutes(5);
  private static final Duration HOUR = Duration.ofHours(1);

  @TempDir Path dir;
  private HistoryFixture db;

  @BeforeEach
  void open() {
    db = new HistoryFixture(dir);
  }

  @AfterEach
  void close() {
    db.close();
  }

  /** 100 runs per 5-minute bucket, latencies 1..100 ms, every tenth DOWN, plus UNKNOWN runs that do not count. */
  private void fillHour(Instant hour, String target) {
    for (int b = 0; b < 12; b++) {
      Instant bucket = hour.plus(FIVE.multipliedBy(b));
      for (int i = 1; i <= 100; i++) {
        Status s = i % 10 == 0 ? Status.DOWN : i % 7 == 0 ? Status.DEGRADED : Status.UP;
        db.run(bucket.plusMillis(i * 2_000L), target, "http", s, (double) i);
      }
      db.run(bucket.plusSeconds(250), target, "http", Status.UNKNOWN, 99_999.0);
    }
    db.flush();
  }

  @Test
  void rollUpGivesExactCountsFailuresAndPercentilesPerFiveMinutesAndPerHour() {
    fillHour(T0, "gw");
    db.history().rollUp(T0.plus(HOUR).plus(Duration.ofMinutes(2)));
    db.store.observations().prune(T0.plus(Duration.ofDays(1))); // only the aggregates answer now

    History.Series fives = db.history().chart("gw", null, T0, T0.plus(HOUR), FIVE);
    assertThat(fives.tier()).isEqualTo("5m");
    assertThat(fives.buckets()).hasSize(12).allSatisfy(b -> {
      assertThat(b.count()).isEqualTo(100);
      assertThat(b.failures()).isEqualTo(10);
      assertThat(b.p50()).isEqualTo(50.0);
      assertThat(b.p95()).isEqualTo(95.0);
      assertThat(b.p99()).isEqualTo(99.0);
      assertThat(b.maxMs()).isEqualTo(100.0);
    });
    History.Series hour = db.history().chart("gw", null, T0, T0.plus(HOUR), HOUR);
    assertThat(hour.tier()).isEqualTo("1h");
    assertThat(hour.buckets()).singleElement().satisfies(b -> {
      assertThat(b.count()).isEqualTo(1200);
      assertThat(b.failures()).isEqualTo(120);
      assertThat(b.p50()).isEqualTo(50.0);
      assertThat(b.p95()).isEqualTo(95.0);
      assertThat(b.p99()).isEqualTo(99.0);
    });
  }

  @Test
  void percentilesMergedOverManyBucketsStayWithinFivePercentOfExact() {
    Random random = new Random(7);
    double[] all = new double[24 * 60];
    for (int i = 0; i < all.length; i++) {
      all[i] = Math.exp(3 + random.nextGaussian()) * (i < 720 ? 1 : 3); // the second hour is slower
      db.run(T0.plusSeconds(i * 5L), "gw", "http", Status.UP, all[i]);
    }
    db.flush();
    Instant now = T0.plus(Duration.ofHours(3));
    db.history().rollUp(now);
    db.store.observations().prune(now);

    History.Latency merged = db.history().latency(T0, T0.plus(Duration.ofHours(2))).get("gw");

    Arrays.sort(all);
    assertThat(merged.count()).isEqualTo(all.length);
    for (double[] q : new double[][] {{0.50, merged.p50()}, {0.95, merged.p95()}, {0.99, merged.p99()}}) {
      double exact = all[(int) Math.ceil(q[0] * all.length) - 1];
      assertThat(q[1]).as("p%s", q[0]).isCloseTo(exact, within(exact * 0.05));
    }
    assertThat(merged.maxMs()).isEqualTo(all[all.length - 1], within(1e-6));
  }

  @Test
  void rollingAgainFromScratchWritesTheSameRowsOnce() {
    fillHour(T0, "gw");
    Instant now = T0.plus(HOUR).plus(Duration.ofMinutes(2));
    db.history().rollUp(now);
    long rows = db.scalar("SELECT count(*) FROM observation_rollups");
    long sum = db.scalar("SELECT sum(count * 1000 + failures) FROM observation_rollups");

    db.history().rollUp(now);
    db.execute("DELETE FROM history_progress");
    db.history().rollUp(now);

    assertThat(rows).isEqualTo(13);
    assertThat(db.scalar("SELECT count(*) FROM observation_rollups")).isEqualTo(rows);
    assertThat(db.scalar("SELECT sum(count * 1000 + failures) FROM observation_rollups")).isEqualTo(sum);
  }

  @Test
  void aBucketIsRolledOnlyOnceItIsOverAndSettled() {
    fillHour(T0, "gw");
    db.history().rollUp(T0.plus(Duration.ofMinutes(10)).plusSeconds(30));

    assertThat(db.scalar("SELECT count(*) FROM observation_rollups WHERE tier = '5m'")).isEqualTo(1);
    assertThat(db.scalar("SELECT count(*) FROM observation_rollups WHERE tier = '1h'")).isZero();
  }

  @Test
  void catchesUpOnEveryBucketMissedWhileMedicWasDown() {
    fillHour(T0, "gw");
    fillHour(T0.plus(HOUR), "gw");
    fillHour(T0.plus(HOUR.multipliedBy(2)), "gw");
    db.history().rollUp(T0.plus(Duration.ofMinutes(16))); // then medic is down for hours

    db.history().rollUp(T0.plus(Duration.ofHours(5)));

    assertThat(db.scalar("SELECT count(*) FROM observation_rollups WHERE tier = '5m'")).isEqualTo(36);
    assertThat(db.scalar("SELECT count(*) FROM observation_rollups WHERE tier = '1h'")).isEqualTo(3);
    assertThat(db.scalar("SELECT sum(count) FROM observation_rollups WHERE tier = '1h'")).isEqualTo(3600);
    assertThat(db.history().rolledUntil()).contains(T0.plus(Duration.ofHours(5)).minus(FIVE));
  }

  @Test
  void anHourWhoseRunsStopBeforeItsEndIsRolledHourlyWhenTheNextRunsComeHoursLater() {
    // Runs from 10:00 to 10:20, then medic is stopped until 12:30.
    for (int i = 0; i < 20 * 60; i += 10) {
      db.run(T0.plusSeconds(i), "gw", "http", Status.UP, 5.0);
    }
    db.run(T0.plus(Duration.ofMinutes(150)), "gw", "http", Status.DOWN, 7.0);
    db.flush();
    db.history().rollUp(T0.plus(Duration.ofMinutes(26)));

    db.history().rollUp(T0.plus(Duration.ofHours(4)));

    assertThat(db.scalar("SELECT count FROM observation_rollups WHERE tier = '1h' AND bucket_ms = "
        + T0.toEpochMilli())).isEqualTo(120);
    assertThat(db.scalar("SELECT count(*) FROM observation_rollups WHERE tier = '1h'")).isEqualTo(2);
  }

  @Test
  void anHourIsRolledHourlyWhenNoRunFollowsIt() {
    fillHour(T0, "gw");
    db.history().rollUp(T0.plus(Duration.ofMinutes(56)));

    db.history().rollUp(T0.plus(Duration.ofHours(3)));

    assertThat(db.scalar("SELECT count(*) FROM observation_rollups WHERE tier = '1h'")).isEqualTo(1);
    assertThat(db.scalar("SELECT count(*) FROM observation_rollups WHERE tier = '5m'")).isEqualTo(12);
  }

  @Test
  void pruneRemovesEachTierAtItsOwnAgeAndNotBefore() {
    fillHour(T0, "gw");
    fillHour(T0.plus(HOUR), "gw");
    db.history().rollUp(T0.plus(Duration.ofHours(3)));

    db.history().prune(T0.plus(HOUR), T0);
    assertThat(db.scalar("SELECT count(*) FROM observation_rollups WHERE tier = '5m'")).isEqualTo(12);
    assertThat(db.scalar("SELECT min(bucket_ms) FROM observation_rollups WHERE tier = '5m'"))
        .isEqualTo(T0.plus(HOUR).toEpochMilli());
    assertThat(db.scalar("SELECT count(*) FROM observation_rollups WHERE tier = '1h'")).isEqualTo(2);

    db.history().prune(T0.plus(HOUR), T0.plusMillis(1));
    assertThat(db.scalar("SELECT count(*) FROM observation_rollups WHERE tier = '1h'")).isEqualTo(1);
  }

  @Test
  void seriesTakesTheFinestTierThatStillHoldsTheStartAndGrowsTheStepToIt() {
    for (int h = 0; h < 4; h++) {
      fillHour(T0.plus(HOUR.multipliedBy(h)), "gw");
    }
    Instant now = T0.plus(Duration.ofHours(4)).plus(Duration.ofMinutes(2));
    db.history().rollUp(now);
    db.store.observations().prune(T0.plus(Duration.ofHours(2))); // raw kept for the last 2 hours
    db.history().prune(T0.plus(HOUR), T0);                         // 5-minute rows for the last 3

    History.Series recent = db.history().chart("gw", "http", T0.plus(Duration.ofHours(2)), now, Duration.ofMinutes(1));
    assertThat(recent.tier()).isEqualTo("raw");
    assertThat(recent.step()).isEqualTo(Duration.ofMinutes(1));
    assertThat(recent.buckets()).hasSize(96); // runs fill 4 minutes of each 5

    History.Series middle = db.history().chart("gw", null, T0.plus(HOUR), now, Duration.ofMinutes(1));
    assertThat(middle.tier()).isEqualTo("5m");
    assertThat(middle.step()).isEqualTo(FIVE);
    assertThat(middle.buckets()).hasSize(36);
    assertThat(middle.buckets().stream().mapToLong(History.Bucket::count).sum()).isEqualTo(3600);

    History.Series old = db.history().chart("gw", null, T0, now, Duration.ofMinutes(7));
    assertThat(old.tier()).isEqualTo("1h");
    assertThat(old.step()).isEqualTo(HOUR);
    assertThat(old.buckets()).extracting(History.Bucket::count).containsExactly(1200L, 1200L, 1200L, 1200L);

    assertThat(db.history().chart("gw", "other-check", T0, now, HOUR).buckets()).isEmpty();
  }

  @Test
  void uptimeAndLatencyAddHourlyRowsFiveMinuteEdgesAndRawNotYetRolled() {
    for (int h = 0; h < 3; h++) {
      fillHour(T0.plus(HOUR.multipliedBy(h)), "gw");
    }
    db.history().rollUp(T0.plus(Duration.ofHours(2)).plus(Duration.ofMinutes(6))); // rolled to 2:05
    // From 0:30 to 2:35: six 5-minute rows, one hourly row, one 5-minute row, then raw to 2:35.
    Instant from = T0.plus(Duration.ofMinutes(30));
    Instant to = T0.plus(Duration.ofHours(2)).plus(Duration.ofMinutes(35));

    long runs = 25 * 100;
    assertThat(db.history().latency(from, to).get("gw").count()).isEqualTo(runs);
    assertThat(db.history().uptime(from, to).get("gw")).isCloseTo(0.9, within(1e-9));
    assertThat(db.history().latency(from, to).get("gw").p50()).isCloseTo(50.0, within(2.5));
    assertThat(db.history().uptime(T0.minus(HOUR), T0)).isEmpty();
  }

  @Test
  void usualWindowsAreAnsweredFromTheSummaryOfTheLastRollUp() {
    fillHour(T0, "gw");
    fillHour(T0, "db");
    Instant now = T0.plus(HOUR).plus(Duration.ofMinutes(1));
    db.history().rollUp(now);
    // A failure after the roll-up: the 24-hour summary shows it from the next roll-up on.
    db.run(now.minusSeconds(30), "gw", "http", Status.DOWN, 5.0);
    db.flush();

    assertThat(db.history().uptime(now.minus(Duration.ofHours(24)), now)).containsEntry("gw", 0.9).containsEntry("db", 0.9);
    assertThat(db.history().latency(now.minus(Duration.ofDays(30)), now).get("gw").count()).isEqualTo(1200);
    // Any other window is computed from the store, raw included.
    assertThat(db.history().latency(now.minus(Duration.ofHours(24)).plusSeconds(1), now).get("gw").count()).isEqualTo(1201);

    db.history().rollUp(now.plus(FIVE));
    assertThat(db.history().latency(now.plus(FIVE).minus(Duration.ofDays(7)), now.plus(FIVE)).get("gw").count())
        .isEqualTo(1201);
  }

  @Test
  void theSummaryAddsUpWindowsAcrossHourlyRowsAndFiveMinuteEdgesExactly() {
    Random random = new Random(3);
    Instant end = T0.plus(Duration.ofHours(26)).plus(Duration.ofMinutes(35));
    long inDay = 0;
    long downInDay = 0;
    for (Instant at = T0; at.isBefore(end); at = at.plusSeconds(30)) {
      Status s = random.nextInt(20) == 0 ? Status.DOWN : Status.UP;
      db.run(at, "gw", "http", s, 1.0 + random.nextInt(200));
      if (!at.isBefore(end.minus(Duration.ofHours(24)))) {
        inDay++;
        downInDay += s == Status.DOWN ? 1 : 0;
      }
    }
    db.flush();
    db.history().rollUp(end.plus(Duration.ofMinutes(1)));

    History.Latency kept = db.history().latency(end.minus(Duration.ofHours(24)), end).get("gw");
    History.Latency computed = db.history().latency(end.minus(Duration.ofHours(24)).minusMillis(1), end).get("gw");

    assertThat(kept.count()).isEqualTo(inDay);
    assertThat(computed).isEqualTo(kept);
    assertThat(db.history().uptime(end.minus(Duration.ofHours(24)), end).get("gw"))
        .isCloseTo((double) (inDay - downInDay) / inDay, within(1e-12));
  }

  @Test
  void aStoreWithoutRunsAnswersNothing() {
    db.history().rollUp(T0);
    assertThat(db.history().uptime(T0.minus(Duration.ofDays(1)), T0)).isEmpty();
    assertThat(db.history().series("gw", null, T0.minus(HOUR), T0, FIVE)).isEmpty();
    assertThat(List.of(db.history().rolledUntil().orElseThrow())).containsExactly(T0.minus(FIVE));
  }
}
