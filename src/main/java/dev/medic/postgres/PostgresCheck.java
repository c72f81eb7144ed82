package dev.medic.postgres;

import dev.medic.spi.CheckSpec;
import dev.medic.spi.Probe;
import dev.medic.spi.ProbeContext;
import dev.medic.spi.Durations;
import dev.medic.spi.ThresholdRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Watches one PostgreSQL database: connects, runs {@code SELECT 1}, and reads the health of the
 * server from {@code pg_stat_activity} and {@code pg_stat_database}. A failure to connect is {@code
 * db_connection_error}; everything else is a metric that the rules of {@link #rules()} turn into
 * conditions ({@code db_pool_exhausted}, {@code idle_in_transaction}, {@code db_lock_chain}, {@code
 * db_deadlock}, {@code slow_query}, {@code replication_lag}).
 *
 * <p>Works as a role with {@code pg_monitor} only (no superuser needed): one short-lived connection
 * per run, read-only, bounded by {@code statement_timeout}.
 *
 * @param poolExhaustedPct connections in use, as a percentage of {@code max_connections} (or of the
 *     database's own connection limit when that is tighter), above which {@code db_pool_exhausted}
 * @param idleInTransactionAfter how long a session may sit idle inside a transaction before it counts
 * @param slowQueryAfter how long a query may run before it counts as slow
 * @param replica when true, also measure {@code replication_lag_seconds}
 * @param replicationLagLimit lag above which {@code replication_lag} is raised (replicas only)
 */
public record PostgresCheck(
    String name,
    Duration interval,
    Duration timeout,
    String url,
    String user,
    String password,
    Integer poolExhaustedPct,
    Duration idleInTransactionAfter,
    Duration slowQueryAfter,
    Boolean replica,
    Duration replicationLagLimit)
    implements CheckSpec {

  public PostgresCheck {
    name = name == null ? "postgres" : name;
    new PostgresEndpoint(url, user, password); // validates the URL
    poolExhaustedPct = poolExhaustedPct == null ? 90 : poolExhaustedPct;
    if (poolExhaustedPct < 1 || poolExhaustedPct > 100) {
      throw new IllegalArgumentException("pool_exhausted_pct must be 1..100, got " + poolExhaustedPct);
    }
    idleInTransactionAfter = positive("idle_in_transaction_after", idleInTransactionAfter, Duration.ofMinutes(5));
    slowQueryAfter = positive("slow_query_after", slowQueryAfter, Duration.ofSeconds(30));
    replica = replica != null && replica;
    replicationLagLimit = positive("replication_lag_limit", replicationLagLimit, Duration.ofSeconds(60));
  }

  private static Duration positive(String key, Duration value, Duration fallback) {
    if (value == null) {
      return fallback;
    }
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(key + " must be more than 0, got " + Durations.format(value));
    }
    return value;
  }

  public PostgresEndpoint endpoint() {
    return new PostgresEndpoint(url, user, password);
  }

  @Override
  public java.util.Set<String> conditions() {
    return java.util.Set.of("db_connection_error", "db_pool_exhausted", "db_query_error");
  }

  public Probe create(ProbeContext context) {
    return new PostgresProbe(this);
  }

  @Override
  public List<ThresholdRule> rules() {
    List<ThresholdRule> rules = new ArrayList<>(List.of(
        above("connections_pct", poolExhaustedPct, "db_pool_exhausted"),
        above("idle_in_transaction", 0, "idle_in_transaction"),
        above("blocked_sessions", 0, "db_lock_chain"),
        above("deadlocks_delta", 0, "db_deadlock"),
        above("slow_queries", 0, "slow_query")));
    if (replica) {
      rules.add(above("replication_lag_seconds", replicationLagLimit.toMillis() / 1000.0, "replication_lag"));
    }
    return List.copyOf(rules);
  }

  private static ThresholdRule above(String metric, double value, String condition) {
    return new ThresholdRule(metric, ">", value, Duration.ZERO, condition);
  }

  /** The password never reaches a log line or the API. */
  @Override
  public String toString() {
    return "PostgresCheck[name=" + name + ", interval=" + interval + ", timeout=" + timeout
        + ", url=" + PostgresEndpoint.redactUrl(url) + ", user=" + user
        + ", password=" + (password == null ? "null" : "***")
        + ", poolExhaustedPct=" + poolExhaustedPct + ", idleInTransactionAfter=" + idleInTransactionAfter
        + ", slowQueryAfter=" + slowQueryAfter + ", replica=" + replica
        + ", replicationLagLimit=" + replicationLagLimit + "]";
  }
}
