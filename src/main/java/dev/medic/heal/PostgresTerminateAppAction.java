package dev.medic.heal;

import dev.medic.probe.PostgresEndpoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

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
    String what = "of application '" + applicationName + "'";
    try (Connection c = new PostgresEndpoint(url, user, password).open(effectiveTimeout())) {
      List<PostgresSession> sessions;
      try (PreparedStatement q = c.prepareStatement("SELECT " + PostgresSession.COLUMNS
          + " FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'"
          + " AND pid <> pg_backend_pid() AND application_name = ? ORDER BY backend_start LIMIT ?")) {
        q.setString(1, applicationName);
        q.setInt(2, maxSessions + 1);
        sessions = PostgresSession.query(q);
      }
      PostgresSignals.Terminations done = new PostgresSignals(c).terminateEach(
          sessions.subList(0, Math.min(maxSessions, sessions.size())), s -> s.label() + " [" + s.state() + "]",
          " already gone", "application_name = ?", applicationName);
      if (sessions.size() > maxSessions) {
        done.note("more left for the next run (max_sessions " + maxSessions + ")");
      }
      return done.outcome(what + " in database " + c.getCatalog());
    } catch (SQLException e) {
      return ActionOutcome.failed("cannot terminate sessions " + what + ": " + PostgresEndpoint.describe(e));
    }
  }

  @Override
  public String toString() {
    return "PostgresTerminateAppAction[url=" + PostgresEndpoint.redactUrl(url) + ", user=" + user
        + ", password=" + (password == null ? "null" : "***") + ", applicationName=" + applicationName
        + ", maxSessions=" + maxSessions + ", timeout=" + timeout + "]";
  }
}
