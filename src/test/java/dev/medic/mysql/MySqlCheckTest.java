package dev.medic.mysql;

import dev.medic.spi.Bindings;
import dev.medic.spi.Observation;
import dev.medic.spi.Probe;
import dev.medic.spi.ProbeContext;
import dev.medic.spi.ProbeResult;
import dev.medic.spi.Status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.medic.config.DetectSettings;
import dev.medic.detect.Signal;
import dev.medic.detect.TargetDetector;
import dev.medic.support.RealServices;
import dev.medic.support.SqlScratch;
import dev.medic.support.TestServices;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The mysql check against the real MariaDB server, with real sessions making real trouble. */
class MySqlCheckTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private final ProbeContext ctx = new ProbeContext("t", Clock.systemUTC(), Bindings.none());
  private final ExecutorService sessions = Executors.newVirtualThreadPerTaskExecutor();
  private SqlScratch db;

  @BeforeAll
  static void servers() {
    RealServices.requireMariaDb();
  }

  @BeforeEach
  void database() throws Exception {
    db = SqlScratch.mariadb();
  }

  @AfterEach
  void drop() throws Exception {
    sessions.shutdownNow();
    db.close();
  }

  private MySqlCheck check(Duration longQueryAfter, Integer poolExhaustedPct) {
    return new MySqlCheck(null, null, null, db.url(), db.user(), null, longQueryAfter, poolExhaustedPct);
  }

  /** Real probe results into a detector that knows the kind's default rules. */
  private static final class Watch {
    final MySqlCheck spec;
    final Probe probe;
    final TargetDetector detector;
    final List<Signal> signals = new ArrayList<>();
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    ProbeResult last;

    Watch(MySqlCheck spec, ProbeContext ctx) {
      this.spec = spec;
      this.probe = spec.create(ctx);
      this.detector = new TargetDetector("db", DetectSettings.none(), c -> 3, 1, Map.of(spec.name(), spec.rules()));
    }

    ProbeResult run() throws InterruptedException {
      last = probe.run(TIMEOUT);
      at = at.plusSeconds(10);
      signals.addAll(detector.observe(Observation.of(at, "db", spec.name(), last)));
      return last;
    }

    boolean raised(String condition) {
      return signals.stream().anyMatch(s -> s instanceof Signal.Raise && s.condition().equals(condition));
    }

    boolean cleared(String condition) {
      return signals.stream().anyMatch(s -> s instanceof Signal.Clear && s.condition().equals(condition));
    }
  }

  private static double serverValue(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getDouble(rs.getMetaData().getColumnCount());
    }
  }

  @Test
  void reportsConnectionsAgainstTheServersLimit() throws Exception {
    try (Connection extra = db.connect()) {
      ProbeResult r = check(null, null).create(ctx).run(TIMEOUT);

      assertThat(r.status()).isEqualTo(Status.UP);
      double max = serverValue(extra, "SELECT @@max_connections");
      Map<String, Double> m = r.metrics();
      assertThat(m).containsKeys("connect_ms", "threads_connected", "max_connections", "connections_pct",
          "long_queries", "lock_waits");
      assertThat(m.get("max_connections")).isEqualTo(max);
      // This test's own session and the probe's are both connected while it measures.
      assertThat(m.get("threads_connected")).isGreaterThanOrEqualTo(2);
      assertThat(m.get("connections_pct")).isCloseTo(m.get("threads_connected") * 100 / max,
          org.assertj.core.data.Offset.offset(1e-9));
      assertThat(m.get("connect_ms")).isPositive();
      assertThat(r.message()).contains("connections");
    }
  }

  @Test
  void acceptsAJdbcMysqlUrlThroughTheMariaDbDriver() throws Exception {
    MySqlCheck spec = new MySqlCheck(null, null, null, "jdbc:mysql://127.0.0.1:3306/" + db.name(), db.user(), null,
        null, null);

    ProbeResult r = spec.create(ctx).run(TIMEOUT);

    assertThat(r.status()).isEqualTo(Status.UP);
    assertThat(r.metrics()).containsKey("threads_connected");
  }

  @Test
  void connectionsAboveTheConfiguredShareRaiseDbPoolExhausted() throws Exception {
    // A share of 1% of max_connections: the sessions held open here are enough to pass it for real.
    List<Connection> held = new ArrayList<>();
    try {
      Watch w = new Watch(check(null, 1), ctx);
      for (int i = 0; i < 3; i++) {
        held.add(db.connect());
      }
      w.run();
      assertThat(w.last.metrics().get("connections_pct")).isGreaterThan(1);
      assertThat(w.raised("db_pool_exhausted")).isTrue();
    } finally {
      for (Connection c : held) {
        c.close();
      }
    }
  }

  @Test
  void aStatementRunningPastLongQueryAfterRaisesSlowQuery() throws Exception {
    Watch w = new Watch(check(Duration.ofSeconds(1), null), ctx);
    double before = w.run().metrics().get("long_queries");

    CompletableFuture<Void> sleeper = CompletableFuture.runAsync(() -> {
      try (Connection c = db.connect(); Statement s = c.createStatement()) {
        s.execute("SELECT SLEEP(5)");
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }, sessions);

    await().atMost(Duration.ofSeconds(4)).until(() -> w.run().metrics().get("long_queries") > before);
    assertThat(w.raised("slow_query")).isTrue();
    assertThat(w.last.message()).contains("SELECT SLEEP(5)");

    sleeper.get();
    await().atMost(Duration.ofSeconds(4)).until(() -> w.run().metrics().get("long_queries") <= before);
    if (before == 0) {
      assertThat(w.cleared("slow_query")).isTrue();
    }
  }

  @Test
  void aTransactionWaitingForAnotherOnesRowLockRaisesDbLockWait() throws Exception {
    db.exec("CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL) ENGINE=InnoDB",
        "INSERT INTO accounts VALUES (1, 100)");
    Watch w = new Watch(check(null, null), ctx);
    assertThat(w.run().metrics()).containsKey("lock_waits");

    try (Connection holder = db.connect()) {
      holder.setAutoCommit(false);
      try (Statement s = holder.createStatement()) {
        s.executeUpdate("UPDATE accounts SET balance = balance - 10 WHERE id = 1");
      }
      CompletableFuture<Integer> waiter = CompletableFuture.supplyAsync(() -> {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
          s.execute("SET SESSION innodb_lock_wait_timeout = 20");
          return s.executeUpdate("UPDATE accounts SET balance = balance + 10 WHERE id = 1");
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      }, sessions);

      await().atMost(Duration.ofSeconds(5)).until(() -> w.run().metrics().getOrDefault("lock_waits", 0.0) > 0);
      assertThat(w.raised("db_lock_wait")).isTrue();
      assertThat(w.last.message()).contains("lock waits");

      holder.rollback();
      assertThat(waiter.get()).isEqualTo(1);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> w.run().metrics().get("lock_waits") == 0);
    assertThat(w.cleared("db_lock_wait")).isTrue();
  }

  @Test
  void withoutTheProcessGrantItStillMeasuresAndSaysWhatItCannotSee() throws Exception {
    String user = "medic_ro_" + db.name().substring("medic_sql_".length());
    db.exec("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'pw-" + user + "'",
        "CREATE USER '" + user + "'@'localhost' IDENTIFIED BY 'pw-" + user + "'");
    try {
      MySqlCheck spec = new MySqlCheck(null, null, null, "jdbc:mariadb://127.0.0.1:3306/", user, "pw-" + user,
          null, null);
      ProbeResult r = spec.create(ctx).run(TIMEOUT);

      assertThat(r.status()).isEqualTo(Status.UP);
      assertThat(r.metrics()).containsKeys("threads_connected", "connections_pct", "long_queries")
          .doesNotContainKey("lock_waits");
      assertThat(r.message()).contains("lock_waits unavailable").containsIgnoringCase("PROCESS");
    } finally {
      db.exec("DROP USER '" + user + "'@'%'", "DROP USER '" + user + "'@'localhost'");
    }
  }

  @Test
  void anUnreachableServerOrARefusedLoginIsDbConnectionError() throws Exception {
    int port = TestServices.freePort();
    MySqlCheck closed = new MySqlCheck(null, null, null, "jdbc:mariadb://127.0.0.1:" + port + "/test", "root",
        null, null, null);
    ProbeResult r = closed.create(ctx).run(TIMEOUT);
    assertThat(r.status()).isEqualTo(Status.DOWN);
    assertThat(r.condition()).isEqualTo("db_connection_error");

    MySqlCheck stranger = new MySqlCheck(null, null, null, db.url(), "medic_nobody_" + port, "wrong", null, null);
    ProbeResult denied = stranger.create(ctx).run(TIMEOUT);
    assertThat(denied.condition()).isEqualTo("db_connection_error");
    assertThat(denied.message()).contains("SQL state 28000").doesNotContain("wrong");
  }

  @Test
  void validatesItsSettingsAndBringsTheThreeDefaultRules() {
    assertThatThrownBy(() -> new MySqlCheck(null, null, null, "jdbc:postgresql://h/db", null, null, null, null))
        .hasMessageContaining("jdbc:mariadb://");
    assertThatThrownBy(() -> new MySqlCheck(null, null, null, db.url(), null, null, Duration.ofMillis(500), null))
        .hasMessageContaining("long_query_after must be at least 1s");
    assertThat(check(null, null).rules()).extracting(Object::toString).containsExactly(
        "connections_pct > 90 as db_pool_exhausted", "long_queries > 0 as slow_query", "lock_waits > 0 as db_lock_wait");
    assertThat(new MySqlCheck(null, null, null, db.url(), "u", "s3cret", null, null).toString())
        .doesNotContain("s3cret");
  }
}
