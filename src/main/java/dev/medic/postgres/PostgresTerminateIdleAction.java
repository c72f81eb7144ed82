package dev.medic.postgres;

import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import dev.medic.spi.ActionSpec;
import dev.medic.spi.Durations;
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
    try (Connection c = new PostgresEndpoint(url, user, password).open(effectiveTimeout())) {
      var roleArray = c.createArrayOf("text", roles.toArray());
      var appArray = c.createArrayOf("text", applications.toArray());
      // The terminate statement checks again, in SQL, that the session is still idle long enough and
      // still allowed: defence in depth beside the choice made here.
      return new PostgresSignals(c).terminateEach(select(c), this::terminatedLabel, " no longer idle: left alone",
          IDLE + " AND " + ALLOWED, seconds, roleArray, roleArray, appArray, appArray).outcome(what(c));
    } catch (SQLException e) {
      return ActionOutcome.failed("cannot terminate sessions " + what() + ": " + PostgresEndpoint.describe(e));
    }
  }

  /** Names the sessions {@link #run} would terminate now and those it would leave, touching none. */
  @Override
  public ActionOutcome plan(ActionContext context) {
    try (Connection c = new PostgresEndpoint(url, user, password).open(effectiveTimeout())) {
      return select(c).plan(what(c), this::terminatedLabel);
    } catch (SQLException e) {
      return ActionOutcome.failed("cannot read sessions " + what() + ": " + PostgresEndpoint.describe(e));
    }
  }

  static final String ALLOWED = "(cardinality(?::text[]) = 0 OR usename = ANY(?::text[]))"
      + " AND (cardinality(?::text[]) = 0 OR application_name = ANY(?::text[]))";

  private String what() {
    return "idle in transaction > " + Durations.format(olderThan);
  }

  private String what(Connection c) throws SQLException {
    return what() + " of " + allowList().describe() + " in database " + c.getCatalog();
  }

  private String terminatedLabel(PostgresSession s) {
    return s.label() + " idle " + Math.round(s.secondsInState()) + "s";
  }

  /**
   * Every session of the database idle in a transaction, oldest first: those allowed and idle longer
   * than {@code older_than} are chosen (at most {@code max_sessions}); each other one is left alone
   * with its reason.
   */
  private PostgresSelection select(Connection c) throws SQLException {
    String sql = "SELECT " + PostgresSession.COLUMNS + " FROM pg_stat_activity"
        + " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        + " AND state IN ('idle in transaction', 'idle in transaction (aborted)') ORDER BY state_change, pid";
    PostgresSelection.Builder selection = new PostgresSelection.Builder();
    PostgresAllowList allow = allowList();
    double seconds = olderThan.toMillis() / 1000.0;
    try (PreparedStatement q = c.prepareStatement(sql)) {
      for (PostgresSession s : PostgresSession.query(q)) {
        String refused = allow.refusal(s);
        if (refused != null) {
          selection.leave(s, refused);
        } else if (s.secondsInState() <= seconds) {
          selection.leave(s, "not idle longer than " + Durations.format(olderThan));
        } else if (selection.chosen() >= maxSessions) {
          selection.leave(s, "more matched, left for the next run (max_sessions " + maxSessions + ")");
        } else {
          selection.choose(s);
        }
      }
    }
    return selection.build("no session is idle in a transaction");
  }

  @Override
  public String toString() {
    return "PostgresTerminateIdleAction[url=" + PostgresEndpoint.redactUrl(url) + ", user=" + user
        + ", password=" + (password == null ? "null" : "***") + ", olderThan=" + olderThan
        + ", roles=" + roles + ", applications=" + applications + ", maxSessions=" + maxSessions
        + ", timeout=" + timeout + "]";
  }
}
