package dev.medic.sql;

import dev.medic.spi.Bindings;
import dev.medic.spi.Observation;
import dev.medic.spi.Probe;
import dev.medic.spi.ProbeContext;
import dev.medic.spi.ProbeResult;
import dev.medic.spi.Status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medic.config.DetectSettings;
import dev.medic.spi.ThresholdRule;
import dev.medic.detect.Signal;
import dev.medic.detect.TargetDetector;
import dev.medic.support.RealServices;
import dev.medic.support.SqlScratch;
import dev.medic.support.TestServices;
import dev.medic.support.WithDocumentsTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sql check against real tables in a scratch PostgreSQL schema (and one MariaDB database). */
class SqlCheckTest extends WithDocumentsTable {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private final ProbeContext ctx = new ProbeContext("t", Clock.systemUTC(), Bindings.none());

  @BeforeEach
  void jobsTable() throws Exception {
    db.exec(
        "CREATE TABLE jobs (id serial PRIMARY KEY, status text NOT NULL, started_at timestamptz NOT NULL,"
            + " finished_at timestamptz NOT NULL)");
  }

  private SqlCheck check(String query, String... rules) {
    return checkAt(db.url(), query, rules);
  }

  private SqlCheck checkAt(String url, String query, String... rules) {
    return new SqlCheck(null, null, null, url, db.user(), null, query, null, null,
        List.of(rules).stream().map(ThresholdRule::parse).toList());
  }

  /** Feeds real probe results to a detector, one observation every 30 s of detector time. */
  private static final class Watch {
    final SqlCheck spec;
    final Probe probe;
    final TargetDetector detector;
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    ProbeResult last;

    Watch(SqlCheck spec, ProbeContext ctx) {
      this.spec = spec;
      this.probe = spec.create(ctx);
      this.detector = new TargetDetector("t", DetectSettings.none(), c -> 3, 1, Map.of(spec.name(), spec.rules()));
    }

    List<Signal> run() throws InterruptedException {
      last = probe.run(TIMEOUT);
      at = at.plusSeconds(30);
      return detector.observe(Observation.of(at, "t", spec.name(), last));
    }
  }

  @Test
  void reportsTheAgeOfTheNewestRowAsStaleDataOnceItPassesThirtyMinutes() throws Exception {
    db.exec("INSERT INTO documents (status, updated_at) VALUES ('done', now() - interval '2 hours'),"
        + " ('done', now() - interval '45 minutes')");
    Watch w = new Watch(check("select max(updated_at) from documents", "value > 1800 as stale_data"), ctx);

    List<Signal> signals = w.run();

    assertThat(w.last.status()).isEqualTo(Status.UP);
    assertThat(w.last.metrics().get("value")).isBetween(45 * 60 - 30.0, 45 * 60 + 30.0);
    assertThat(w.last.metrics()).containsKey("query_ms");
    assertThat(signals).singleElement().isInstanceOf(Signal.Raise.class)
        .extracting(Signal::condition).isEqualTo("stale_data");

    db.exec("INSERT INTO documents (status, updated_at) VALUES ('done', now())");
    assertThat(w.run()).singleElement().isInstanceOf(Signal.Clear.class);
    assertThat(w.last.metrics().get("value")).isLessThan(60);
  }

  @Test
  void readsATimestampWithoutTimeZoneInMedicsZone() throws Exception {
    db.exec("CREATE TABLE events (at timestamp NOT NULL)",
        "INSERT INTO events VALUES (localtimestamp - interval '1 hour')");

    ProbeResult r = check("select max(at) from events").create(ctx).run(TIMEOUT);

    assertThat(r.metrics().get("value")).isBetween(3600 - 30.0, 3600 + 30.0);
  }

  @Test
  void countsStuckRowsUnderTheMetricNameItIsGiven() throws Exception {
    db.exec("INSERT INTO documents (status, updated_at) VALUES"
        + " ('processing', now() - interval '2 hours'), ('processing', now() - interval '40 minutes'),"
        + " ('processing', now() - interval '5 minutes'), ('pending', now() - interval '3 hours')");
    SqlCheck spec = new SqlCheck("stuck", null, null, db.url(), db.user(), null,
        "select count(*) from documents where status = 'processing' and updated_at < now() - interval '30 minutes'",
        "stuck_documents", null, List.of(ThresholdRule.parse("stuck_documents > 0 as stuck_items")));
    Watch w = new Watch(spec, ctx);

    assertThat(w.run()).singleElement().extracting(Signal::condition).isEqualTo("stuck_items");
    assertThat(w.last.metrics()).containsEntry("stuck_documents", 2.0);
    assertThat(w.last.message()).isEqualTo("stuck_documents = 2");
  }

  @Test
  void raisesErrorRateSpikeWhenFailuresPassFifteenPercentOfTheWindow() throws Exception {
    // Old failures, outside the 15-minute window, must not count.
    db.exec(jobs(10, "failed", "1 hour"), jobs(17, "done", "5 minutes"), jobs(3, "failed", "5 minutes"));
    Watch w = new Watch(check(
        "select coalesce(sum(case when status = 'failed' then 1 else 0 end)::float / nullif(count(*), 0), 0)"
            + " from jobs where finished_at > now() - interval '15 minutes'",
        "value > 0.15 as error_rate_spike"), ctx);

    assertThat(w.run()).as("exactly 15%% is not above 15%%").isEmpty();
    assertThat(w.last.metrics()).containsEntry("value", 0.15);

    db.exec(jobs(1, "failed", "1 minute"));
    assertThat(w.run()).singleElement().satisfies(s -> {
      assertThat(s).isInstanceOf(Signal.Raise.class);
      assertThat(s.condition()).isEqualTo("error_rate_spike");
      assertThat(s.message()).contains("value = 0.19");
    });
  }

  @Test
  void raisesLatencyAnomalyWhenProcessingTakesThreeTimesItsBaseline() throws Exception {
    db.exec(jobs(4, "done", "2 minutes", "2 seconds"));
    Watch w = new Watch(check(
        "select avg(extract(epoch from finished_at - started_at)) from jobs"
            + " where finished_at > now() - interval '5 minutes'",
        "value > 3x baseline over 1h as latency_anomaly"), ctx);
    for (int i = 0; i < ThresholdRule.MIN_BASELINE_SAMPLES + 1; i++) {
      assertThat(w.run()).as("baseline run %d", i).isEmpty();
      assertThat(w.last.metrics().get("value")).isEqualTo(2.0);
    }

    // The fast jobs age out of the window; the new ones take 9 s each: 4.5 times the baseline.
    db.exec("UPDATE jobs SET finished_at = finished_at - interval '1 hour'", jobs(3, "done", "1 minute", "9 seconds"));
    assertThat(w.run()).singleElement().satisfies(s -> {
      assertThat(s.condition()).isEqualTo("latency_anomaly");
      assertThat(s.message()).contains("value = 9");
    });
  }

  private static String jobs(int n, String status, String finishedAgo) {
    return jobs(n, status, finishedAgo, "3 seconds");
  }

  private static String jobs(int n, String status, String finishedAgo, String took) {
    return "INSERT INTO jobs (status, started_at, finished_at) SELECT '" + status + "',"
        + " now() - interval '" + finishedAgo + "' - interval '" + took + "', now() - interval '" + finishedAgo + "'"
        + " FROM generate_series(1, " + n + ")";
  }

  @Test
  void aNullResultLeavesTheMetricOutAndSaysSo() throws Exception {
    Watch w = new Watch(check("select max(updated_at) from documents", "value > 1800 as stale_data"), ctx);

    assertThat(w.run()).isEmpty();
    assertThat(w.last.status()).isEqualTo(Status.UP);
    assertThat(w.last.metrics()).containsOnlyKeys("query_ms");
    assertThat(w.last.message()).isEqualTo("query returned NULL: value absent");

    ProbeResult none = check("select 1 from documents").create(ctx).run(TIMEOUT);
    assertThat(none.message()).isEqualTo("query returned no rows: value absent");
  }

  @Test
  void aFailingQueryIsQueryFailedWithItsSqlState() throws Exception {
    ProbeResult r = check("select count(*) from no_such_table").create(ctx).run(TIMEOUT);

    assertThat(r.status()).isEqualTo(Status.DOWN);
    assertThat(r.condition()).isEqualTo("query_failed");
    assertThat(r.message()).contains("SQL state 42P01").contains("no_such_table");
  }

  @Test
  void aTextResultIsQueryFailedNamingWhatCameBack() throws Exception {
    ProbeResult r = check("select 'lots'").create(ctx).run(TIMEOUT);

    assertThat(r.condition()).isEqualTo("query_failed");
    assertThat(r.message()).contains("'lots'").contains("expected a number or a timestamp");
  }

  @Test
  void aQueryThatWritesIsRefusedByTheReadOnlyTransaction() throws Exception {
    db.exec("INSERT INTO documents (status, updated_at) VALUES ('done', now())");

    ProbeResult r = check("with gone as (delete from documents returning 1) select count(*) from gone")
        .create(ctx).run(TIMEOUT);

    assertThat(r.condition()).isEqualTo("query_failed");
    assertThat(r.message()).contains("SQL state 25006");
    assertThat(db.count("select count(*) from documents")).isEqualTo(1);
  }

  @Test
  void aQueryOutlastingTheTimeoutIsCancelledOnTheServer() throws Exception {
    long start = System.nanoTime();
    ProbeResult r = check("select pg_sleep(30)").create(ctx).run(Duration.ofSeconds(1));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    assertThat(r.condition()).isEqualTo("query_failed");
    assertThat(r.message()).contains("SQL state 57014");
  }

  @Test
  void anUnreachableServerOrMissingDatabaseIsDbConnectionError() throws Exception {
    int port = TestServices.freePort();
    ProbeResult refused = checkAt("jdbc:postgresql://127.0.0.1:" + port + "/test", "select 1").create(ctx).run(TIMEOUT);
    assertThat(refused.status()).isEqualTo(Status.DOWN);
    assertThat(refused.condition()).isEqualTo("db_connection_error");
    assertThat(refused.message()).contains("cannot connect to jdbc:postgresql://127.0.0.1:" + port);

    ProbeResult missing = checkAt("jdbc:postgresql://127.0.0.1:5432/" + db.name() + "_absent", "select 1")
        .create(ctx).run(TIMEOUT);
    assertThat(missing.condition()).isEqualTo("db_connection_error");
    assertThat(missing.message()).contains("SQL state 3D000");
  }

  @Test
  void worksAgainstMariaDbTooAndKeepsItsTransactionReadOnly() throws Exception {
    RealServices.requireMariaDb();
    try (SqlScratch maria = SqlScratch.mariadb()) {
      maria.exec("CREATE TABLE documents (id int PRIMARY KEY, updated_at datetime NOT NULL)",
          "INSERT INTO documents VALUES (1, NOW() - INTERVAL 2 HOUR)",
          "CREATE FUNCTION sneak() RETURNS int MODIFIES SQL DATA"
              + " BEGIN INSERT INTO documents VALUES (2, NOW()); RETURN 1; END");
      SqlCheck fresh = new SqlCheck(null, null, null, maria.url(), maria.user(), null,
          "select max(updated_at) from documents", null, null, List.of());

      ProbeResult r = fresh.create(ctx).run(TIMEOUT);
      assertThat(r.status()).isEqualTo(Status.UP);
      assertThat(r.metrics().get("value")).isBetween(7200 - 30.0, 7200 + 30.0);

      SqlCheck writer = new SqlCheck(null, null, null, maria.url(), maria.user(), null,
          "select sneak()", null, null, List.of());
      ProbeResult refused = writer.create(ctx).run(TIMEOUT);
      assertThat(refused.condition()).isEqualTo("query_failed");
      assertThat(refused.message()).containsIgnoringCase("read only");
      assertThat(maria.count("select count(*) from documents")).isEqualTo(1);
    }
  }

  @Test
  void refusesQueriesThatAreNotOneReadOnlyStatement() {
    assertThatThrownBy(() -> check("select 1; delete from documents"))
        .hasMessageContaining("single statement without ';'");
    assertThatThrownBy(() -> check("update documents set status = 'x'"))
        .hasMessageContaining("read-only statement").hasMessageContaining("'update'");
    assertThatThrownBy(() -> check("select 1", "lag > 5 as behind"))
        .hasMessageContaining("is about lag").hasMessageContaining("only value and query_ms");
    SqlCheck quoted = check("select count(*) from documents where status = 'a;b'");
    assertThat(quoted.query()).contains("a;b");
  }

  @Test
  void neverShowsThePassword() {
    SqlCheck spec = new SqlCheck(null, null, null, "jdbc:postgresql://h/db?password=hunter2", "u", "s3cret",
        "select 1", null, null, null);
    assertThat(spec.toString()).doesNotContain("hunter2").doesNotContain("s3cret").contains("password=***");
  }
}
