package dev.medic.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.config.HistorySettings;
import dev.medic.spi.Observation;
import dev.medic.spi.Status;
import dev.medic.store.SqliteStore;
import dev.medic.support.SettableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each tier of history goes at its own age, and raw not rolled up yet stays. */
class RetentionTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final HistorySettings KEEP =
      new HistorySettings(Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(400));

  @TempDir Path dir;
  private SqliteStore store;
  private final SettableClock clock = new SettableClock(NOW);
  private Retention retention;

  @BeforeEach
  void open() {
    store = SqliteStore.open(dir.resolve("medic.db"));
    retention = new Retention(store, store.outbox(), () -> KEEP, clock);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void run(Instant at) {
    store.observations().record(new Observation(at, "gw", "http", Status.UP, Duration.ofMillis(5), Map.of(), null, ""));
  }

  private void row(String tier, Instant bucket) throws SQLException {
    sql("INSERT INTO observation_rollups (tier, target, check_name, bucket_ms, count, failures, latency_count)"
        + " VALUES ('" + tier + "', 'gw', 'http', " + bucket.toEpochMilli() + ", 1, 0, 0)");
  }

  private long count(String where) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("medic.db"));
        var rs = c.createStatement().executeQuery("SELECT count(*) FROM " + where)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void sql(String statement) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("medic.db"))) {
      c.createStatement().execute(statement);
    }
  }

  @Test
  void fiveMinuteRowsGoAfterThirtyDaysAndHourlyRowsAfterFourHundred() throws SQLException {
    row("5m", NOW.minus(Duration.ofDays(30)).minusSeconds(1));
    row("5m", NOW.minus(Duration.ofDays(30)).plusSeconds(1));
    row("1h", NOW.minus(Duration.ofDays(400)).minusSeconds(1));
    row("1h", NOW.minus(Duration.ofDays(400)).plusSeconds(1));
    row("1h", NOW.minus(Duration.ofDays(31)));

    retention.prune();

    assertThat(count("observation_rollups WHERE tier = '5m'")).isEqualTo(1);
    assertThat(count("observation_rollups WHERE tier = '1h'")).isEqualTo(2);
  }

  @Test
  void rawGoesAfterItsRetentionOnlyOnceRolledUp() throws SQLException {
    run(NOW.minus(Duration.ofDays(10)));
    run(NOW.minus(Duration.ofDays(8)));
    run(NOW.minus(Duration.ofDays(1)));
    store.observations().flush();
    store.history().rollUp(NOW.minus(Duration.ofDays(9))); // medic was down since 9 days ago

    retention.prune();
    assertThat(count("observations")).isEqualTo(2); // the run of 8 days ago waits for its roll-up

    store.history().rollUp(NOW);
    retention.prune();
    assertThat(count("observations")).isEqualTo(1);
    assertThat(count("observation_rollups WHERE tier = '1h'")).isEqualTo(3);
  }
}
