package dev.medic.postgres;

import dev.medic.spi.Bindings;
import dev.medic.spi.Probe;
import dev.medic.spi.ProbeContext;
import dev.medic.spi.ProbeResult;
import dev.medic.spi.Status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.medic.spi.ThresholdRule;
import dev.medic.support.PostgresScratch;
import dev.medic.support.TestServices;
import dev.medic.support.WithPostgresScratch;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class PostgresCheckTest extends WithPostgresScratch {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private PostgresCheck check(String user, Duration idleAfter, Duration slowAfter) {
    return new PostgresCheck(null, null, null, db.url, user, null, null, idleAfter, slowAfter, null, null);
  }

  private static Probe probe(PostgresCheck spec) {
    return spec.create(new ProbeContext("db", Clock.systemUTC(), Bindings.none()));
  }

  /** The conditions this check's own rules raise for one result. */
  private static List<String> conditions(PostgresCheck spec, ProbeResult r) {
    return spec.rules().stream()
        .filter(rule -> r.metrics().containsKey(rule.metric()) && rule.breached(r.metrics().get(rule.metric())))
        .map(ThresholdRule::condition)
        .toList();
  }

  @Test
  void healthyDatabaseIsUpWithEveryMetricAndNoConditionAndNeverCountsItsOwnQueryAsSlow() throws Exception {
    // slow_query_after 1ms: the probe's own metrics query runs longer than that, yet must not count.
    PostgresCheck spec = check("postgres", null, Duration.ofMillis(1));
    ProbeResult r = probe(spec).run(TIMEOUT);

    assertThat(r.status()).isEqualTo(Status.UP);
    assertThat(r.metrics()).containsKeys("connect_ms", "connections", "max_connections", "connections_pct",
        "idle_in_transaction", "blocked_sessions", "deadlocks_delta", "slow_queries", "cache_hit_ratio",
        "db_size_bytes");
    assertThat(r.metrics()).doesNotContainKey("replication_lag_seconds");
    assertThat(r.metrics().get("connections")).isGreaterThanOrEqualTo(1);
    assertThat(r.metrics().get("max_connections")).isGreaterThan(1);
    assertThat(r.metrics().get("slow_queries")).isZero();
    assertThat(r.metrics().get("deadlocks_delta")).isZero();
    assertThat(r.metrics().get("cache_hit_ratio")).isBetween(0.0, 1.0);
    assertThat(r.metrics().get("db_size_bytes")).isGreaterThan(1_000_000.0);
    assertThat(r.message()).contains("connections").contains("0 idle in transaction");
    assertThat(conditions(spec, r)).isEmpty();
  }

  @Test
  void closedPortIsDbConnectionError() throws Exception {
    int port = TestServices.freePort();
    PostgresCheck spec = new PostgresCheck(null, null, null, "jdbc:postgresql://127.0.0.1:" + port + "/test",
        "postgres", "s3cret", null, null, null, null, null);
    ProbeResult r = probe(spec).run(Duration.ofSeconds(2));

    assertThat(r.status()).isEqualTo(Status.DOWN);
    assertThat(r.condition()).isEqualTo("db_connection_error");
    assertThat(r.message()).contains("127.0.0.1:" + port).doesNotContain("s3cret");
    assertThat(r.latency()).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void realDeadlockBetweenTwoSessionsRaisesDbDeadlockOnTheNextRun() throws Exception {
    db.sql("CREATE TABLE account (id int PRIMARY KEY, balance int)", "INSERT INTO account VALUES (1, 100), (2, 100)");
    PostgresCheck spec = check("postgres", null, null);
    Probe probe = probe(spec);
    assertThat(probe.run(TIMEOUT).metrics().get("deadlocks_delta")).isZero(); // first run: nothing to compare

    Connection a = db.connect("postgres", "transfer-a");
    Connection b = db.connect("postgres", "transfer-b");
    a.setAutoCommit(false);
    b.setAutoCommit(false);
    try (Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
      sa.execute("UPDATE account SET balance = balance - 10 WHERE id = 1");
      sb.execute("UPDATE account SET balance = balance - 10 WHERE id = 2");
    }
    int pidA = db.pid(a);
    CompletableFuture<Void> aWaits = db.inBackground(a, "UPDATE account SET balance = balance + 10 WHERE id = 2");
    await().atMost(Duration.ofSeconds(5)).until(() -> db.waitsOnLock(pidA));
    CompletableFuture<Void> bCloses = db.inBackground(b, "UPDATE account SET balance = balance + 10 WHERE id = 1");
    // After deadlock_timeout PostgreSQL aborts one of the two with SQLSTATE 40P01.
    await().atMost(Duration.ofSeconds(10)).until(() -> aWaits.isDone() && bCloses.isDone());
    assertThat(List.of(aWaits, bCloses)).filteredOn(CompletableFuture::isCompletedExceptionally).singleElement()
        .satisfies(f -> assertThatThrownBy(f::join).isInstanceOf(CompletionException.class)
            .hasMessageContaining("deadlock detected"));
    a.close(); // a backend flushes its statistics when it exits
    b.close();

    ProbeResult[] seen = new ProbeResult[1];
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
      seen[0] = probe.run(TIMEOUT);
      return seen[0].metrics().get("deadlocks_delta") > 0;
    });
    assertThat(seen[0].metrics().get("deadlocks_delta")).isEqualTo(1.0);
    assertThat(conditions(spec, seen[0])).containsExactly("db_deadlock");
    // The counter did not move again: the next run clears it.
    assertThat(probe.run(TIMEOUT).metrics().get("deadlocks_delta")).isZero();
  }

  @Test
  void lockChainCountsEveryBlockedSessionAsDbLockChain() throws Exception {
    db.sql("CREATE TABLE job (id int PRIMARY KEY, state text)", "INSERT INTO job VALUES (1, 'new'), (2, 'new')");
    Connection a = db.connect("postgres", "holder");
    Connection b = db.connect("postgres", "middle");
    Connection c = db.connect("postgres", "tail");
    a.setAutoCommit(false);
    b.setAutoCommit(false);
    try (Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
      sa.execute("UPDATE job SET state = 'a' WHERE id = 1");
      sb.execute("UPDATE job SET state = 'b' WHERE id = 2");
    }
    db.inBackground(b, "UPDATE job SET state = 'b' WHERE id = 1"); // waits on A
    db.inBackground(c, "UPDATE job SET state = 'c' WHERE id = 2"); // waits on B
    int pidB = db.pid(b);
    int pidC = db.pid(c);
    await().atMost(Duration.ofSeconds(5)).until(() -> db.waitsOnLock(pidB) && db.waitsOnLock(pidC));

    PostgresCheck spec = check("postgres", null, null);
    ProbeResult r = probe(spec).run(TIMEOUT);
    assertThat(r.status()).isEqualTo(Status.UP);
    assertThat(r.metrics().get("blocked_sessions")).isEqualTo(2.0);
    assertThat(conditions(spec, r)).contains("db_lock_chain");
  }

  @Test
  void queryRunningLongerThanTheLimitIsSlowQuery() throws Exception {
    Connection sleeper = db.connect("postgres", "report");
    CompletableFuture<Void> sleeping = db.inBackground(sleeper, "SELECT pg_sleep(60)");
    PostgresCheck spec = check("postgres", null, Duration.ofSeconds(1));
    Probe probe = probe(spec);
    assertThat(probe.run(TIMEOUT).metrics().get("slow_queries")).isZero();

    ProbeResult[] seen = new ProbeResult[1];
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).until(() -> {
      seen[0] = probe.run(TIMEOUT);
      return seen[0].metrics().get("slow_queries") > 0;
    });
    assertThat(seen[0].metrics().get("slow_queries")).isEqualTo(1.0);
    assertThat(conditions(spec, seen[0])).containsExactly("slow_query");
    sleeper.close();
    await().atMost(Duration.ofSeconds(5)).until(sleeping::isDone);
  }

  @Test
  void roleWithOnlyPgMonitorRunsTheProbeAndSeesOtherRolesSessions() throws Exception {
    String monitor = db.role("monitor", "NOSUPERUSER");
    db.sql("GRANT pg_monitor TO " + monitor);
    String app = db.role("app", "NOSUPERUSER");
    db.idleInTransaction(app, "worker");
    db.idleInTransaction("postgres", "psql");

    PostgresCheck spec = check(monitor, Duration.ofMillis(200), null);
    Probe probe = probe(spec);
    await().atMost(Duration.ofSeconds(5)).until(() -> probe.run(TIMEOUT).metrics().get("idle_in_transaction") == 2.0);
    ProbeResult r = probe.run(TIMEOUT);
    assertThat(r.status()).isEqualTo(Status.UP);
    assertThat(r.metrics().get("db_size_bytes")).isGreaterThan(0.0);
    assertThat(conditions(spec, r)).containsExactly("idle_in_transaction");
  }

  @Test
  void databaseConnectionLimitReachedIsDbPoolExhaustedAndARefusedConnectionSaysSo() throws Exception {
    String app = db.role("app", "NOSUPERUSER");
    String monitor = db.role("monitor", "NOSUPERUSER");
    db.sql("GRANT pg_monitor TO " + monitor);
    try (Connection c = PostgresScratch.server(); Statement st = c.createStatement()) {
      st.execute("ALTER DATABASE " + db.database + " CONNECTION LIMIT 3");
    }
    db.idleInTransaction(app, "worker");
    db.idleInTransaction(app, "worker");

    // Two sessions plus the probe's own: 3 of 3.
    PostgresCheck spec = check(monitor, null, null);
    ProbeResult full = probe(spec).run(TIMEOUT);
    assertThat(full.metrics()).containsEntry("database_connection_limit", 3.0)
        .containsEntry("database_connections", 3.0)
        .containsEntry("connections_pct", 100.0);
    assertThat(conditions(spec, full)).containsExactly("db_pool_exhausted");

    // The probe has closed its connection; its backend ends a moment later and frees the slot.
    await().atMost(Duration.ofSeconds(10)).until(() -> db.sessions() == 2);
    db.idleInTransaction(app, "worker");
    ProbeResult refused = probe(spec).run(TIMEOUT);
    assertThat(refused.status()).isEqualTo(Status.DOWN);
    assertThat(refused.condition()).isEqualTo("db_pool_exhausted");
    assertThat(refused.message()).contains("53300").contains("too many connections");
  }

  @Test
  void replicaFlagOnAPrimaryMeasuresNoLagAndSaysWhy() throws Exception {
    PostgresCheck spec = new PostgresCheck(null, null, null, db.url, "postgres", null, null, null, null, true,
        Duration.ofSeconds(30));
    ProbeResult r = probe(spec).run(TIMEOUT);
    assertThat(r.status()).isEqualTo(Status.UP);
    assertThat(r.metrics()).doesNotContainKey("replication_lag_seconds");
    assertThat(r.message()).contains("not in recovery");
    assertThat(spec.rules()).map(ThresholdRule::toString).contains("replication_lag_seconds > 30 as replication_lag");
  }

  @Test
  void defaultRulesNameTheDatabaseConditions() {
    PostgresCheck spec = new PostgresCheck(null, null, null, "jdbc:postgresql://db:5432/app", "medic", "pw",
        80, null, null, null, null);
    assertThat(spec.name()).isEqualTo("postgres");
    assertThat(spec.idleInTransactionAfter()).isEqualTo(Duration.ofMinutes(5));
    assertThat(spec.slowQueryAfter()).isEqualTo(Duration.ofSeconds(30));
    assertThat(spec.rules()).map(ThresholdRule::toString).containsExactly(
        "connections_pct > 80 as db_pool_exhausted",
        "idle_in_transaction > 0 as idle_in_transaction",
        "blocked_sessions > 0 as db_lock_chain",
        "deadlocks_delta > 0 as db_deadlock",
        "slow_queries > 0 as slow_query");
    assertThat(spec.toString()).doesNotContain("pw").contains("password=***");
  }

  @Test
  void invalidSettingsAreRefusedNamingTheValue() {
    assertThatThrownBy(() -> new PostgresCheck(null, null, null, "postgres://db/app", null, null, null, null, null,
        null, null)).hasMessageContaining("jdbc:postgresql://").hasMessageContaining("postgres://db/app");
    assertThatThrownBy(() -> new PostgresCheck(null, null, null, "jdbc:postgresql://db/app", null, null, 150, null,
        null, null, null)).hasMessageContaining("pool_exhausted_pct must be 1..100, got 150");
    assertThatThrownBy(() -> new PostgresCheck(null, null, null, "jdbc:postgresql://db/app", null, null, null,
        Duration.ZERO, null, null, null)).hasMessageContaining("idle_in_transaction_after must be more than 0");
    assertThat(Map.of("url", PostgresEndpoint.redactUrl("jdbc:postgresql://db/app?user=x&password=hunter2")))
        .containsEntry("url", "jdbc:postgresql://db/app?user=x&password=***");
  }
}
