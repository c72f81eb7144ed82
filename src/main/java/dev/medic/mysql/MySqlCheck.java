package dev.medic.mysql;

import dev.medic.spi.Probe;
import dev.medic.spi.ProbeContext;
import dev.medic.spi.ProbeResult;
import dev.medic.sql.JdbcRun;
import dev.medic.spi.CheckSpec;
import dev.medic.spi.ThresholdRule;
import dev.medic.sql.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Health of a MariaDB or MySQL server from one short-lived connection: how long connecting takes,
 * how full the connection table is, how many statements have run longer than {@code
 * long_query_after}, and how many transactions wait for a row lock.
 *
 * <p>Metrics: {@code connect_ms}, {@code threads_connected}, {@code max_connections}, {@code
 * connections_pct}, {@code long_queries}, {@code lock_waits}. Default rules: {@code connections_pct
 * > 90 as db_pool_exhausted}, {@code long_queries > 0 as slow_query}, {@code lock_waits > 0 as
 * db_lock_wait}. Condition when it cannot measure: {@code db_connection_error} (cannot connect or
 * log in), {@code query_failed} (a status query failed).
 *
 * @param longQueryAfter a statement running at least this long counts in {@code long_queries}
 *     (default 30s; the server counts whole seconds)
 * @param poolExhaustedPct {@code connections_pct} above which {@code db_pool_exhausted} is raised
 */
public record MySqlCheck(
    String name,
    Duration interval,
    Duration timeout,
    String url,
    String user,
    String password,
    Duration longQueryAfter,
    Integer poolExhaustedPct)
    implements CheckSpec {

  /**
   * Statements of clients, not of the server's own threads: idle connections, replication and the
   * event scheduler are never a slow query.
   */
  private static final String LONG_QUERIES_WHERE = """
       FROM information_schema.processlist
      WHERE id <> CONNECTION_ID()
        AND command NOT IN ('Sleep', 'Daemon', 'Connect', 'Binlog Dump', 'Binlog Dump GTID', 'Killed',
                            'Slave_IO', 'Slave_SQL', 'Slave_worker')
        AND user NOT IN ('system user', 'event_scheduler')
        AND time >= ?""";

  private static final String LONG_QUERIES = "SELECT COUNT(*)" + LONG_QUERIES_WHERE;
  private static final String LONGEST_QUERY =
      "SELECT id, user, time, LEFT(info, 120)" + LONG_QUERIES_WHERE + " ORDER BY time DESC LIMIT 1";

  /** Where lock waits are listed, in the order tried: MySQL 8, then MariaDB and MySQL 5.7. */
  private static final List<String> LOCK_WAIT_SOURCES = List.of(
      "performance_schema.data_lock_waits", "information_schema.innodb_lock_waits");

  /** The server's "no such table" errors: this server keeps lock waits elsewhere. */
  private static final int ER_NO_SUCH_TABLE = 1146;
  private static final int ER_UNKNOWN_TABLE = 1109;

  public MySqlCheck {
    name = name == null ? "mysql" : name;
    if (url == null || !Jdbc.mysqlFamily(url)) {
      throw new IllegalArgumentException(
          "url must be jdbc:mariadb://host:3306/db or jdbc:mysql://host:3306/db, got " + Jdbc.redact(url));
    }
    longQueryAfter = longQueryAfter == null ? Duration.ofSeconds(30) : longQueryAfter;
    if (longQueryAfter.toSeconds() < 1) {
      throw new IllegalArgumentException(
          "long_query_after must be at least 1s (the server counts whole seconds), got " + longQueryAfter);
    }
    poolExhaustedPct = poolExhaustedPct == null ? 90 : poolExhaustedPct;
    if (poolExhaustedPct < 1 || poolExhaustedPct > 100) {
      throw new IllegalArgumentException("pool_exhausted_pct must be 1..100, got " + poolExhaustedPct);
    }
  }

  @Override
  public List<ThresholdRule> rules() {
    return List.of(
        ThresholdRule.parse("connections_pct > " + poolExhaustedPct + " as db_pool_exhausted"),
        ThresholdRule.parse("long_queries > 0 as slow_query"),
        ThresholdRule.parse("lock_waits > 0 as db_lock_wait"));
  }

  @Override
  public String toString() {
    return "MySqlCheck[name=" + name + ", url=" + Jdbc.redact(url) + ", user=" + user
        + ", password=" + (password == null ? "null" : "***") + ", longQueryAfter=" + longQueryAfter
        + ", poolExhaustedPct=" + poolExhaustedPct + "]";
  }

  @Override
  public java.util.Set<String> conditions() {
    return java.util.Set.of("db_connection_error", "query_failed");
  }

  public Probe create(ProbeContext context) {
    // Which table lists lock waits on this server, once found; the server does not change under us.
    AtomicReference<String> lockWaitSource = new AtomicReference<>();
    return timeout -> JdbcRun.connect(url, user, password, timeout, (c, start) -> run(c, start, timeout, lockWaitSource));
  }

  private ProbeResult run(Connection c, long start, Duration timeout, AtomicReference<String> lockWaitSource) {
    double connectMs = since(start).toNanos() / 1e6;
    Map<String, Double> metrics = new HashMap<>();
    metrics.put("connect_ms", connectMs);
    List<String> notes = new ArrayList<>();
    try (c) {
      long deadline = start + timeout.toNanos();
      double threads = statusValue(c, secondsLeft(deadline), "SHOW GLOBAL STATUS LIKE 'Threads_connected'");
      double max = statusValue(c, secondsLeft(deadline), "SHOW GLOBAL VARIABLES LIKE 'max_connections'");
      metrics.put("threads_connected", threads);
      metrics.put("max_connections", max);
      double pct = max > 0 ? threads * 100.0 / max : 0;
      metrics.put("connections_pct", pct);
      notes.add((long) threads + "/" + (long) max + " connections (" + Math.round(pct) + "%)");

      long after = longQueryAfter.toSeconds();
      long longQueries = count(c, secondsLeft(deadline), LONG_QUERIES, after);
      metrics.put("long_queries", (double) longQueries);
      if (longQueries > 0) {
        notes.add(longQueries + " queries running >= " + after + " s, longest " + longest(c, secondsLeft(deadline), after));
      }

      Long waits = lockWaits(c, secondsLeft(deadline), lockWaitSource, notes);
      if (waits != null) {
        metrics.put("lock_waits", (double) waits);
        if (waits > 0) {
          notes.add(waits + " lock waits");
        }
      }
      return ProbeResult.up(since(start), metrics, String.join("; ", notes));
    } catch (SQLException e) {
      return ProbeResult.down(since(start), metrics, "query_failed", "status query failed: " + Jdbc.describe(e));
    }
  }

  private static double statusValue(Connection c, int queryTimeout, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.setQueryTimeout(queryTimeout);
      try (ResultSet rs = s.executeQuery(sql)) {
        if (!rs.next()) {
          throw new SQLException("no row from " + sql);
        }
        return Double.parseDouble(rs.getString(2));
      }
    }
  }

  private static long count(Connection c, int queryTimeout, String sql, long seconds) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setQueryTimeout(queryTimeout);
      s.setLong(1, seconds);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** {@code 35 s: id 42 app: SELECT ...}, for the observation's message. */
  private static String longest(Connection c, int queryTimeout, long seconds) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(LONGEST_QUERY)) {
      s.setQueryTimeout(queryTimeout);
      s.setLong(1, seconds);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return "gone already";
        }
        String info = rs.getString(4);
        return rs.getLong(3) + " s: id " + rs.getLong(1) + " " + rs.getString(2)
            + (info == null ? "" : ": " + info.replaceAll("\\s+", " "));
      }
    }
  }

  /**
   * Lock waits from whichever table this server has; null, with a note, when it has neither or
   * medic may not read it (MariaDB needs PROCESS for {@code innodb_lock_waits}).
   */
  private static Long lockWaits(Connection c, int queryTimeout, AtomicReference<String> source, List<String> notes)
      throws SQLException {
    List<String> candidates = source.get() != null ? List.of(source.get())
        // MariaDB checks grants before existence, so asking it for MySQL's table only says "denied".
        : c.getMetaData().getDatabaseProductVersion().contains("MariaDB") ? List.of(LOCK_WAIT_SOURCES.getLast())
        : LOCK_WAIT_SOURCES;
    SQLException refused = null;
    SQLException missing = null;
    for (String table : candidates) {
      try (Statement s = c.createStatement()) {
        s.setQueryTimeout(queryTimeout);
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
          rs.next();
          source.set(table);
          return rs.getLong(1);
        }
      } catch (SQLException e) {
        // A missing table only says where not to look; a refusal says which grant is missing.
        if (e.getErrorCode() == ER_NO_SUCH_TABLE || e.getErrorCode() == ER_UNKNOWN_TABLE) {
          missing = e;
        } else if (refused == null) {
          refused = e;
        }
      }
    }
    SQLException why = refused != null ? refused : missing;
    notes.add("lock_waits unavailable: " + (why == null ? "no lock-wait table" : Jdbc.describe(why)));
    return null;
  }

  /** What is left of the run's budget, as a query timeout (at least 1 s). */
  private static int secondsLeft(long deadlineNanos) {
    return Jdbc.ceilSeconds(Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime())));
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
