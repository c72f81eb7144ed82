package dev.medic.heal;

import dev.medic.config.Durations;
import dev.medic.probe.PostgresEndpoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * Terminates sessions of the database in {@code url} that sit idle inside a transaction for longer
 * than {@code older_than}: they hold locks and connection slots and do nothing. Only sessions of
 * allow-listed roles and/or applications are touched (at least one list is required), at most
 * {@code max_sessions} per run, oldest first, never medic's own.
 */
public record PostgresTerminateIdleAction(
    String url,
    String user,
    String password,
    Duration olderThan,
    List<String> roles,
    List<String> applications,
    Integer maxSessions,
    Duration timeout)
    implements ActionSpec {

  static final String IDLE = "state IN ('idle in transaction', 'idle in transaction (aborted)')"
      + " AND clock_timestamp() - state_change > make_interval(secs => ?)";

  public PostgresTerminateIdleAction {
    new PostgresEndpoint(url, user, password);
    olderThan = olderThan == null ? Duration.ofMinutes(5) : olderThan;
    if (olderThan.isZero() || olderThan.isNegative()) {
      // Zero would catch every transaction between two of its statements.
      throw new IllegalArgumentException("older_than must be more than 0, got " + Durations.format(olderThan));
    }
    PostgresAllowList allow = new PostgresAllowList(roles, applications);
    if (allow.empty()) {
      throw new IllegalArgumentException(
          "roles and/or applications must list whose idle sessions may be terminated, got neither");
    }
    roles = allow.roles();
    applications = allow.applications();
    maxSessions = maxSessions == null ? 20 : maxSessions;
    if (maxSessions < 1) {
      throw new IllegalArgumentException("max_sessions must be >= 1, got " + maxSessions);
    }
  }

  PostgresAllowList allowList() {
    return new PostgresAllowList(roles, applications);
  }

  @Override
  public String describe(ActionContext context) {
    return "postgres_terminate_idle sessions idle in transaction > " + Durations.format(olderThan)
        + " of " + allowList().describe() + " on " + PostgresEndpoint.redactUrl(url);
  }

  @Override
  public ActionOutcome run(ActionContext context) {
    double seconds = olderThan.toMillis() / 1000.0;
    String what = "idle in transaction > " + Durations.format(olderThan);
    try (Connection c = new PostgresEndpoint(url, user, password).open(effectiveTimeout())) {
      List<PostgresSession> candidates = candidates(c, seconds);
      PostgresSignals.Terminations done = new PostgresSignals(c).terminateEach(
          candidates.subList(0, Math.min(maxSessions, candidates.size())),
          s -> s.label() + " idle " + Math.round(s.secondsInState()) + "s", " no longer idle: left alone", IDLE, seconds);
      if (candidates.size() > maxSessions) {
        done.note("more matched, left for the next run (max_sessions " + maxSessions + ")");
      }
      return done.outcome(what + " of " + allowList().describe() + " in database " + c.getCatalog());
    } catch (SQLException e) {
      return ActionOutcome.failed("cannot terminate sessions " + what + ": " + PostgresEndpoint.describe(e));
    }
  }

  /** Allow-listed idle sessions, oldest first, one beyond the bound to tell that more are left. */
  private List<PostgresSession> candidates(Connection c, double seconds) throws SQLException {
    String sql = "SELECT " + PostgresSession.COLUMNS + " FROM pg_stat_activity"
        + " WHERE datname = current_database() AND pid <> pg_backend_pid() AND " + IDLE
        + " AND (cardinality(?::text[]) = 0 OR usename = ANY(?::text[]))"
        + " AND (cardinality(?::text[]) = 0 OR application_name = ANY(?::text[]))"
        + " ORDER BY state_change LIMIT ?";
    try (PreparedStatement q = c.prepareStatement(sql)) {
      q.setDouble(1, seconds);
      var roleArray = c.createArrayOf("text", roles.toArray());
      var appArray = c.createArrayOf("text", applications.toArray());
      q.setArray(2, roleArray);
      q.setArray(3, roleArray);
      q.setArray(4, appArray);
      q.setArray(5, appArray);
      q.setInt(6, maxSessions + 1);
      // Defence in depth: the same allow-list, checked again outside SQL.
      return PostgresSession.query(q).stream().filter(allowList()::allows).toList();
    }
  }

  @Override
  public String toString() {
    return "PostgresTerminateIdleAction[url=" + PostgresEndpoint.redactUrl(url) + ", user=" + user
        + ", password=" + (password == null ? "null" : "***") + ", olderThan=" + olderThan
        + ", roles=" + roles + ", applications=" + applications + ", maxSessions=" + maxSessions
        + ", timeout=" + timeout + "]";
  }
}
