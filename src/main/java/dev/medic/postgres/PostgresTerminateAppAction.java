package dev.medic.postgres;

import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import dev.medic.spi.ActionSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Resets one application's database connections: terminates the sessions of the database in {@code
 * url} whose {@code application_name} is exactly {@code application_name}, oldest first, at most
 * {@code max_sessions}, never medic's own. The application's pool reconnects with fresh sessions
 * (the "reset database connection" remedy). Their open transactions roll back.
 */
public record PostgresTerminateAppAction(
    String url,
    String user,
    String password,
    String applicationName,
    Integer maxSessions,
    Duration timeout)
    implements ActionSpec {

  public PostgresTerminateAppAction {
    new PostgresEndpoint(url, user, password);
    if (applicationName == null || applicationName.isBlank()) {
      throw new IllegalArgumentException(
          "application_name is required: the application whose sessions are reset, got " + applicationName);
    }
    maxSessions = maxSessions == null ? 20 : maxSessions;
    if (maxSessions < 1) {
      throw new IllegalArgumentException("max_sessions must be >= 1, got " + maxSessions);
    }
  }

  @Override
  public String describe(ActionContext context) {
    return "postgres_terminate_app sessions of application '" + applicationName + "' on "
        + PostgresEndpoint.redactUrl(url);
  }

  @Override
  public ActionOutcome run(ActionContext context) {
    try (Connection c = new PostgresEndpoint(url, user, password).open(effectiveTimeout())) {
      return new PostgresSignals(c).terminateEach(select(c), PostgresTerminateAppAction::terminatedLabel,
          " already gone", "application_name = ?", applicationName).outcome(what(c));
    } catch (SQLException e) {
      return ActionOutcome.failed("cannot terminate sessions " + what() + ": " + PostgresEndpoint.describe(e));
    }
  }

  /** Names the sessions {@link #run} would terminate now, touching none. */
  @Override
  public ActionOutcome plan(ActionContext context) {
    try (Connection c = new PostgresEndpoint(url, user, password).open(effectiveTimeout())) {
      return select(c).plan(what(c), PostgresTerminateAppAction::terminatedLabel);
    } catch (SQLException e) {
      return ActionOutcome.failed("cannot read sessions " + what() + ": " + PostgresEndpoint.describe(e));
    }
  }

  private String what() {
    return "of application '" + applicationName + "'";
  }

  private String what(Connection c) throws SQLException {
    return what() + " in database " + c.getCatalog();
  }

  private static String terminatedLabel(PostgresSession s) {
    return s.label() + " [" + s.state() + "]";
  }

  /**
   * The application's client sessions in this database, oldest first, at most {@code max_sessions};
   * medic's own session (when asked for medic's application) and those beyond the bound are left
   * alone and named.
   */
  private PostgresSelection select(Connection c) throws SQLException {
    PostgresSelection.Builder selection = new PostgresSelection.Builder();
    try (PreparedStatement q = c.prepareStatement("SELECT " + PostgresSession.COLUMNS
        + " FROM pg_stat_activity WHERE datname = current_database()"
        + " AND backend_type = 'client backend' AND application_name = ? ORDER BY backend_start, pid")) {
      q.setString(1, applicationName);
      int own = ownPid(c);
      for (PostgresSession s : PostgresSession.query(q)) {
        if (s.pid() == own) {
          selection.leave(s, "medic's own session");
        } else if (selection.chosen() >= maxSessions) {
          selection.leave(s, "left for the next run (max_sessions " + maxSessions + ")");
        } else {
          selection.choose(s);
        }
      }
    }
    return selection.build("no session of it is connected");
  }

  private static int ownPid(Connection c) throws SQLException {
    try (PreparedStatement q = c.prepareStatement("SELECT pg_backend_pid()");
        java.sql.ResultSet r = q.executeQuery()) {
      r.next();
      return r.getInt(1);
    }
  }

  @Override
  public String toString() {
    return "PostgresTerminateAppAction[url=" + PostgresEndpoint.redactUrl(url) + ", user=" + user
        + ", password=" + (password == null ? "null" : "***") + ", applicationName=" + applicationName
        + ", maxSessions=" + maxSessions + ", timeout=" + timeout + "]";
  }
}
