package dev.medic.postgres;

import dev.medic.spi.ActionOutcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Cancels and terminates backends over one connection, one backend per statement: signalling a
 * superuser's session as a non-superuser is an error, and one refusal must not hide what happened
 * to the others. Each signal re-checks, in the same statement, that the backend still matches what
 * the action chose it for (a session that turned active meanwhile is left alone).
 */
final class PostgresSignals {

  /** How long terminate waits for the backend to be gone, so its connection slot is free again. */
  static final int TERMINATE_WAIT_MS = 2000;

  enum Result {
    /** The backend is gone (or cancelled). */
    DONE,
    /** Signalled, but still exiting after the wait. */
    SIGNALLED,
    /** It no longer matched: nothing was sent. */
    NO_LONGER_MATCHES
  }

  private final Connection connection;
  private final String terminateCall;

  PostgresSignals(Connection connection) throws SQLException {
    this.connection = connection;
    // PostgreSQL 14 can wait until the backend has exited; older servers only send the signal.
    this.terminateCall = connection.getMetaData().getDatabaseMajorVersion() >= 14
        ? "pg_terminate_backend(pid, " + TERMINATE_WAIT_MS + ")"
        : "pg_terminate_backend(pid)";
  }

  /**
   * @param stillMatches a constant SQL condition over {@code pg_stat_activity}; its {@code ?} are
   *     bound to {@code binds} (never concatenate incident or config text into it)
   */
  Result terminate(int pid, String stillMatches, Object... binds) throws SQLException {
    return signal(terminateCall, pid, stillMatches, binds);
  }

  /**
   * Terminates each chosen session that still matches, one statement each, and tells what came of
   * it, naming the sessions the selection left alone.
   *
   * @param label how a terminated session is listed
   * @param gone noted after the label of a session that no longer matched (and was left alone)
   */
  Terminations terminateEach(PostgresSelection selection, Function<PostgresSession, String> label, String gone,
      String stillMatches, Object... binds) {
    Terminations done = new Terminations(selection);
    for (PostgresSession s : selection.chosen()) {
      try {
        switch (terminate(s.pid(), stillMatches, binds)) {
          case DONE -> done.terminated.add(label.apply(s));
          case SIGNALLED -> done.terminated.add(label.apply(s) + " (still exiting)");
          case NO_LONGER_MATCHES -> done.notes.add(s.label() + gone);
        }
      } catch (SQLException e) {
        done.refused = true;
        done.notes.add(s.label() + " not terminated: " + PostgresEndpoint.describe(e));
      }
    }
    return done;
  }

  /** The sessions an action terminated, what it noted about the others, and whom it left alone. */
  static final class Terminations {
    private final PostgresSelection selection;
    private final List<String> terminated = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private boolean refused;

    private Terminations(PostgresSelection selection) {
      this.selection = selection;
    }

    /**
     * {@code terminated 2 sessions WHAT: pid ..., pid ...; notes; left alone: pid ...: why}. Ok when
     * a session was terminated; failed when the server refused and none was; otherwise no effect.
     */
    ActionOutcome outcome(String what) {
      String detail = "terminated " + PostgresSession.count(terminated.size()) + " " + what
          + (terminated.isEmpty() ? "" : ": " + String.join(", ", terminated))
          + (notes.isEmpty() ? "" : "; " + String.join("; ", notes))
          + (selection.leftAlone().isEmpty() ? "" : "; left alone: " + PostgresSelection.listed(selection.leftAlone()))
          + (selection.chosen().isEmpty() && selection.leftAlone().isEmpty() ? ": " + selection.noneSeen() : "");
      if (!terminated.isEmpty()) {
        return ActionOutcome.ok(detail);
      }
      return refused ? ActionOutcome.failed(detail) : ActionOutcome.noEffect(detail);
    }
  }

  Result cancel(int pid) throws SQLException {
    return signal("pg_cancel_backend(pid)", pid, "true");
  }

  /** How many sessions wait on a lock that this backend holds. */
  int waitingOn(int pid) throws SQLException {
    try (PreparedStatement q = connection.prepareStatement(
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND ? = ANY(pg_blocking_pids(pid))")) {
      q.setInt(1, pid);
      try (ResultSet r = q.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }

  boolean alive(int pid) throws SQLException {
    try (PreparedStatement q = connection.prepareStatement("SELECT 1 FROM pg_stat_activity WHERE pid = ?")) {
      q.setInt(1, pid);
      try (ResultSet r = q.executeQuery()) {
        return r.next();
      }
    }
  }

  private Result signal(String call, int pid, String stillMatches, Object... binds) throws SQLException {
    String sql = "SELECT " + call + " FROM pg_stat_activity WHERE pid = ? AND pid <> pg_backend_pid() AND ("
        + stillMatches + ")";
    try (PreparedStatement q = connection.prepareStatement(sql)) {
      q.setInt(1, pid);
      for (int i = 0; i < binds.length; i++) {
        q.setObject(i + 2, binds[i]);
      }
      try (ResultSet r = q.executeQuery()) {
        if (!r.next()) {
          return Result.NO_LONGER_MATCHES;
        }
        return r.getBoolean(1) ? Result.DONE : Result.SIGNALLED;
      }
    }
  }
}
