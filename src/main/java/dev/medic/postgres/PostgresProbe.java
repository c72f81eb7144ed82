package dev.medic.postgres;

import dev.medic.spi.Probe;
import dev.medic.spi.ProbeResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One run of a {@link PostgresCheck}: a fresh connection, {@code SELECT 1}, then one read-only
 * transaction that reads every metric. Keeps the previous deadlock counter so that it can report
 * the growth since the last run.
 */
final class PostgresProbe implements Probe {

  /**
   * Sessions of the watched database only (the server's connection count excepted, since
   * max_connections is server-wide): a probe of one database must not raise incidents for another.
   * Only {@code pg_monitor} is needed to see other roles' states and queries.
   */
  static final String METRICS_SQL = """
      SELECT
        (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend') AS connections,
        current_setting('max_connections')::int AS max_connections,
        (SELECT count(*) FROM pg_stat_activity
          WHERE backend_type = 'client backend' AND datname = current_database()) AS database_connections,
        (SELECT datconnlimit FROM pg_database WHERE datname = current_database()) AS database_connection_limit,
        (SELECT count(*) FROM pg_stat_activity
          WHERE datname = current_database()
            AND state IN ('idle in transaction', 'idle in transaction (aborted)')
            AND clock_timestamp() - state_change > make_interval(secs => ?)) AS idle_in_transaction,
        (SELECT count(*) FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'
            AND cardinality(pg_blocking_pids(pid)) > 0) AS blocked_sessions,
        (SELECT count(*) FROM pg_stat_activity
          WHERE datname = current_database() AND backend_type = 'client backend'
            AND state = 'active' AND pid <> pg_backend_pid()
            AND clock_timestamp() - query_start > make_interval(secs => ?)) AS slow_queries,
        d.deadlocks,
        d.blks_hit,
        d.blks_read,
        pg_database_size(current_database()) AS db_size_bytes
      FROM pg_stat_database d
      WHERE d.datname = current_database()
      """;

  /**
   * Zero when the replica has replayed everything it received (an idle primary sends nothing, which
   * is not lag); otherwise the age of the last replayed transaction.
   */
  static final String REPLICATION_SQL = """
      SELECT pg_is_in_recovery(),
        CASE WHEN pg_last_wal_receive_lsn() IS NOT NULL
                  AND pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
             ELSE extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp())::float8
        END
      """;

  /** SQLSTATE of "too many connections" (server, database or role limit reached). */
  static final String TOO_MANY_CONNECTIONS = "53300";

  private final PostgresCheck spec;
  private final PostgresEndpoint endpoint;
  /** pg_stat_database.deadlocks at the previous run; -1 before the first. */
  private final AtomicLong previousDeadlocks = new AtomicLong(-1);

  PostgresProbe(PostgresCheck spec) {
    this.spec = spec;
    this.endpoint = spec.endpoint();
  }

  @Override
  public ProbeResult run(Duration timeout) {
    long start = System.nanoTime();
    Connection connection;
    try {
      connection = endpoint.open(timeout);
    } catch (SQLException e) {
      // Refused for want of a free slot: that is the pool running out, not the server being away.
      String condition = TOO_MANY_CONNECTIONS.equals(e.getSQLState()) ? "db_pool_exhausted" : "db_connection_error";
      return ProbeResult.down(since(start), Map.of(), condition, PostgresEndpoint.describe(e));
    }
    try (connection) {
      try (Statement s = connection.createStatement()) {
        s.setQueryTimeout(seconds(timeout));
        s.executeQuery("SELECT 1").close();
      } catch (SQLException e) {
        return ProbeResult.down(since(start), Map.of(), "db_connection_error", PostgresEndpoint.describe(e));
      }
      Duration connected = since(start);
      Map<String, Double> metrics = new LinkedHashMap<>();
      metrics.put("connect_ms", connected.toNanos() / 1e6);
      try {
        String summary = measure(connection, timeout, metrics);
        return ProbeResult.up(connected, metrics, summary);
      } catch (SQLException e) {
        // Reachable but unable to measure (a permission missing, statement_timeout hit under load).
        return ProbeResult.degraded(connected, metrics, "db_query_error", PostgresEndpoint.describe(e));
      }
    } catch (SQLException e) {
      return ProbeResult.down(since(start), Map.of(), "db_connection_error", PostgresEndpoint.describe(e));
    }
  }

  private String measure(Connection connection, Duration timeout, Map<String, Double> metrics)
      throws SQLException {
    // Read-only: BEGIN READ ONLY. Nothing this probe runs can change the database it watches.
    connection.setReadOnly(true);
    connection.setAutoCommit(false);
    try {
      try (PreparedStatement q = connection.prepareStatement(METRICS_SQL)) {
        q.setQueryTimeout(seconds(timeout));
        q.setDouble(1, spec.idleInTransactionAfter().toMillis() / 1000.0);
        q.setDouble(2, spec.slowQueryAfter().toMillis() / 1000.0);
        try (ResultSet r = q.executeQuery()) {
          if (!r.next()) {
            throw new SQLException("database not found in pg_stat_database");
          }
          connectionMetrics(r, metrics);
          metrics.put("idle_in_transaction", (double) r.getLong("idle_in_transaction"));
          metrics.put("blocked_sessions", (double) r.getLong("blocked_sessions"));
          metrics.put("slow_queries", (double) r.getLong("slow_queries"));
          metrics.put("deadlocks_delta", (double) deadlocksDelta(r.getLong("deadlocks")));
          long hit = r.getLong("blks_hit");
          long read = r.getLong("blks_read");
          // No block read at all yet means nothing missed the cache.
          metrics.put("cache_hit_ratio", hit + read == 0 ? 1.0 : (double) hit / (hit + read));
          metrics.put("db_size_bytes", (double) r.getLong("db_size_bytes"));
        }
      }
      String replication = spec.replica() ? replication(connection, timeout, metrics) : "";
      return summary(metrics) + replication;
    } finally {
      try {
        connection.rollback();
      } catch (SQLException ignored) {
        // The connection is closed next anyway; the first failure is the one worth reporting.
      }
    }
  }

  private static void connectionMetrics(ResultSet r, Map<String, Double> metrics) throws SQLException {
    long connections = r.getLong("connections");
    long max = r.getLong("max_connections");
    double pct = max > 0 ? 100.0 * connections / max : 0;
    metrics.put("connections", (double) connections);
    metrics.put("max_connections", (double) max);
    long limit = r.getLong("database_connection_limit");
    if (limit >= 0) {
      // ALTER DATABASE ... CONNECTION LIMIT n: the database runs out before the server does.
      long inDatabase = r.getLong("database_connections");
      metrics.put("database_connections", (double) inDatabase);
      metrics.put("database_connection_limit", (double) limit);
      pct = Math.max(pct, limit == 0 ? 100.0 : 100.0 * inDatabase / limit);
    }
    metrics.put("connections_pct", pct);
  }

  /** Growth since the previous run; 0 on the first run and after a statistics reset. */
  private long deadlocksDelta(long now) {
    long before = previousDeadlocks.getAndSet(now);
    return before < 0 || now < before ? 0 : now - before;
  }

  private static String replication(Connection connection, Duration timeout, Map<String, Double> metrics)
      throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.setQueryTimeout(seconds(timeout));
      try (ResultSet r = s.executeQuery(REPLICATION_SQL)) {
        r.next();
        if (!r.getBoolean(1)) {
          return "; replica: true but the server is not in recovery (promoted?), no lag measured";
        }
        double lag = r.getDouble(2);
        if (r.wasNull()) {
          return "; replica has replayed no transaction yet, no lag measured";
        }
        metrics.put("replication_lag_seconds", lag);
        return String.format("; replication lag %.1fs", lag);
      }
    }
  }

  private static String summary(Map<String, Double> m) {
    return String.format("%d/%d connections (%.0f%%), %d idle in transaction, %d blocked, %d slow, %d new deadlocks",
        m.get("connections").longValue(), m.get("max_connections").longValue(), m.get("connections_pct"),
        m.get("idle_in_transaction").longValue(), m.get("blocked_sessions").longValue(),
        m.get("slow_queries").longValue(), m.get("deadlocks_delta").longValue());
  }

  private static int seconds(Duration timeout) {
    return (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
