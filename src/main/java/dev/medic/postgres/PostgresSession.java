package dev.medic.postgres;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One server backend as the {@code postgres_*} actions report it.
 *
 * @param secondsInState how long it has been in {@code state} (idle, active, ...)
 */
record PostgresSession(
    int pid, String user, String application, String state, String query, double secondsInState) {

  /** Columns every session query selects, in this order and under these names. */
  static final String COLUMNS = """
      pid, usename, application_name, state, query,
      extract(epoch FROM clock_timestamp() - state_change)::float8 AS seconds_in_state""";

  private static PostgresSession from(ResultSet r) throws SQLException {
    return new PostgresSession(r.getInt("pid"), r.getString("usename"), r.getString("application_name"),
        r.getString("state"), r.getString("query"), r.getDouble("seconds_in_state"));
  }

  /** Runs the query, which selects {@link #COLUMNS}, and reads every session it returns, in order. */
  static List<PostgresSession> query(PreparedStatement q) throws SQLException {
    List<PostgresSession> sessions = new ArrayList<>();
    try (ResultSet r = q.executeQuery()) {
      while (r.next()) {
        sessions.add(from(r));
      }
    }
    return sessions;
  }

  /** {@code pid 4711 (user=app, app=worker)}. */
  String label() {
    return "pid " + pid + " (user=" + user + ", app=" + name(application) + ")";
  }

  /** An application name as details show it: {@code -} for none. */
  static String name(String application) {
    return application == null || application.isEmpty() ? "-" : application;
  }

  /** {@code idle in transaction 45s}: the state and how long the session has been in it. */
  String stateFor() {
    return state + " " + Math.round(secondsInState) + "s";
  }

  /** The query cut to one readable line: enough to recognise it in the audit. */
  String shortQuery() {
    if (query == null) {
      return "";
    }
    String oneLine = query.strip().replaceAll("\\s+", " ");
    return oneLine.length() > 120 ? oneLine.substring(0, 120) + "..." : oneLine;
  }

  /** {@code 1 session}, {@code 3 sessions}. */
  static String count(int n) {
    return n + (n == 1 ? " session" : " sessions");
  }

  boolean idleInTransaction() {
    return state != null && state.startsWith("idle in transaction");
  }
}
