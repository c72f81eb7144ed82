package dev.medic.heal;

import dev.medic.config.Durations;
import dev.medic.probe.PostgresEndpoint;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Breaks lock chains in the database of {@code url} at their root: the session that blocks others
 * while waiting on nobody ({@code pg_blocking_pids}). Cancelling a waiter would only move the queue;
 * the root is what holds everyone up. The root's query is cancelled first; if it still blocks after
 * {@code terminate_after} its session is terminated. A root idle inside its transaction has no query
 * to cancel (PostgreSQL ignores a cancel between statements), so it is terminated at once.
 *
 * <p>Optional {@code roles}/{@code applications} allow-lists limit whose sessions may be signalled;
 * a root outside them is named in the detail and left alone. At most {@code max_sessions} roots per
 * run, those holding up the most sessions first.
 */
public record PostgresCancelBlockerAction(
    String url,
    String user,
    String password,
    Duration terminateAfter,
    List<String> roles,
    List<String> applications,
    Integer maxSessions,
    Duration timeout)
    implements ActionSpec {

  public PostgresCancelBlockerAction {
    new PostgresEndpoint(url, user, password);
    terminateAfter = terminateAfter == null ? Duration.ofSeconds(5) : terminateAfter;
    if (terminateAfter.isNegative()) {
      throw new IllegalArgumentException("terminate_after must be >= 0, got " + Durations.format(terminateAfter));
    }
    PostgresAllowList allow = new PostgresAllowList(roles, applications);
    roles = allow.roles();
    applications = allow.applications();
    maxSessions = maxSessions == null ? 5 : maxSessions;
    if (maxSessions < 1) {
      throw new IllegalArgumentException("max_sessions must be >= 1, got " + maxSessions);
    }
  }

  @Override
  public String describe(ActionContext context) {
    PostgresAllowList allow = new PostgresAllowList(roles, applications);
    return "postgres_cancel_blocker on " + PostgresEndpoint.redactUrl(url)
        + (allow.empty() ? "" : " for " + allow.describe());
  }

  @Override
  public ActionOutcome run(ActionContext context) throws InterruptedException {
    Duration timeout = effectiveTimeout().compareTo(terminateAfter.plusSeconds(5)) < 0
        ? terminateAfter.plusSeconds(5) : effectiveTimeout();
    try (Connection c = new PostgresEndpoint(url, user, password).open(timeout)) {
      Map<Integer, Set<Integer>> waitsFor = waitsFor(c);
      if (waitsFor.isEmpty()) {
        return ActionOutcome.ok("no session waits on a lock in database " + c.getCatalog() + ": nothing to cancel");
      }
      List<Map.Entry<Integer, Integer>> roots = roots(waitsFor);
      if (roots.isEmpty()) {
        return ActionOutcome.ok(waitsFor.size() + " sessions wait on each other in a cycle (a deadlock"
            + " PostgreSQL resolves itself after deadlock_timeout): nothing cancelled");
      }
      Map<Integer, PostgresSession> sessions = sessions(c, roots.stream().map(Map.Entry::getKey).toList());
      PostgresSignals signals = new PostgresSignals(c);
      PostgresAllowList allow = new PostgresAllowList(roles, applications);
      List<String> done = new ArrayList<>();
      boolean anyFailed = false;
      boolean anyReleased = false;
      for (Map.Entry<Integer, Integer> root : roots.subList(0, Math.min(maxSessions, roots.size()))) {
        PostgresSession s = sessions.get(root.getKey());
        if (s == null) {
          done.add("root pid " + root.getKey() + " already gone");
          anyReleased = true;
          continue;
        }
        String head = "root " + s.label() + " [" + s.state() + "] query '" + s.shortQuery() + "' blocked "
            + PostgresSession.count(root.getValue()) + ": ";
        if (!allow.allows(s)) {
          done.add(head + "not in " + allow.describe() + ", left alone");
          continue;
        }
        try {
          Broken broken = breakRoot(signals, s);
          anyReleased |= broken.released();
          done.add(head + broken.words());
        } catch (SQLException e) {
          anyFailed = true;
          done.add(head + "not signalled: " + PostgresEndpoint.describe(e));
        }
      }
      if (roots.size() > maxSessions) {
        done.add((roots.size() - maxSessions) + " more roots left for the next run (max_sessions " + maxSessions + ")");
      }
      String detail = String.join("; ", done);
      return anyReleased || !anyFailed ? ActionOutcome.ok(detail) : ActionOutcome.failed(detail);
    } catch (SQLException e) {
      return ActionOutcome.failed("cannot break lock chain: " + PostgresEndpoint.describe(e));
    }
  }

  /** What was done to one root, in words, and whether its locks are free now. */
  private record Broken(String words, boolean released) {}

  /** Cancel, wait while it still blocks, terminate. */
  private Broken breakRoot(PostgresSignals signals, PostgresSession s)
      throws SQLException, InterruptedException {
    if (s.idleInTransaction()) {
      return terminate(signals, s.pid(), "idle in its transaction, so a cancel cannot release its locks: ");
    }
    if (signals.cancel(s.pid()) == PostgresSignals.Result.NO_LONGER_MATCHES) {
      return new Broken("already gone", true);
    }
    long start = System.nanoTime();
    long deadline = start + terminateAfter.toNanos();
    while (signals.waitingOn(s.pid()) > 0) {
      if (System.nanoTime() >= deadline) {
        return terminate(signals, s.pid(), "cancelled, still blocking after "
            + Durations.format(terminateAfter) + ": ");
      }
      Thread.sleep(100);
    }
    return new Broken("cancelled; the chain cleared after " + (System.nanoTime() - start) / 1_000_000 + " ms", true);
  }

  private static Broken terminate(PostgresSignals signals, int pid, String why) throws SQLException {
    return switch (signals.terminate(pid, "true")) {
      case DONE -> new Broken(why + "terminated", true);
      case NO_LONGER_MATCHES -> new Broken(why + "already gone", true);
      case SIGNALLED -> signals.waitingOn(pid) > 0
          ? new Broken(why + "terminate signalled, still blocks", false)
          : new Broken(why + "terminated", true);
    };
  }

  /** For every session of this database waiting on a lock: the backends it waits for. */
  private static Map<Integer, Set<Integer>> waitsFor(Connection c) throws SQLException {
    Map<Integer, Set<Integer>> edges = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT pid, pg_blocking_pids(pid) FROM pg_stat_activity"
            + " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            + " AND cardinality(pg_blocking_pids(pid)) > 0 ORDER BY pid")) {
      while (r.next()) {
        Array blockers = r.getArray(2);
        Set<Integer> by = new HashSet<>();
        for (Integer pid : (Integer[]) blockers.getArray()) {
          by.add(pid);
        }
        edges.put(r.getInt(1), by);
      }
    }
    return edges;
  }

  /**
   * Backends that block others but wait on no one, each with how many sessions wait on it directly
   * or down the chain; most first. Pid 0 stands for a prepared transaction, which no signal reaches.
   */
  static List<Map.Entry<Integer, Integer>> roots(Map<Integer, Set<Integer>> waitsFor) {
    Map<Integer, Set<Integer>> blocks = new HashMap<>();
    waitsFor.forEach((waiter, blockers) -> blockers.forEach(b -> blocks.computeIfAbsent(b, x -> new HashSet<>()).add(waiter)));
    List<Map.Entry<Integer, Integer>> roots = new ArrayList<>();
    for (Integer blocker : blocks.keySet()) {
      if (blocker != 0 && !waitsFor.containsKey(blocker)) {
        roots.add(Map.entry(blocker, downstream(blocker, blocks)));
      }
    }
    roots.sort(Comparator.comparing(Map.Entry<Integer, Integer>::getValue).reversed()
        .thenComparing(Map.Entry::getKey));
    return roots;
  }

  private static int downstream(int root, Map<Integer, Set<Integer>> blocks) {
    Set<Integer> seen = new HashSet<>();
    List<Integer> todo = new ArrayList<>(List.of(root));
    while (!todo.isEmpty()) {
      for (Integer waiter : blocks.getOrDefault(todo.removeLast(), Set.of())) {
        if (seen.add(waiter)) {
          todo.add(waiter);
        }
      }
    }
    seen.remove(root);
    return seen.size();
  }

  private static Map<Integer, PostgresSession> sessions(Connection c, List<Integer> pids) throws SQLException {
    Map<Integer, PostgresSession> sessions = new HashMap<>();
    try (PreparedStatement q = c.prepareStatement(
        "SELECT " + PostgresSession.COLUMNS + " FROM pg_stat_activity WHERE pid = ANY(?)")) {
      q.setArray(1, c.createArrayOf("int4", pids.toArray()));
      for (PostgresSession s : PostgresSession.query(q)) {
        sessions.put(s.pid(), s);
      }
    }
    return sessions;
  }

  @Override
  public String toString() {
    return "PostgresCancelBlockerAction[url=" + PostgresEndpoint.redactUrl(url) + ", user=" + user
        + ", password=" + (password == null ? "null" : "***") + ", terminateAfter=" + terminateAfter
        + ", roles=" + roles + ", applications=" + applications + ", maxSessions=" + maxSessions
        + ", timeout=" + timeout + "]";
  }
}
