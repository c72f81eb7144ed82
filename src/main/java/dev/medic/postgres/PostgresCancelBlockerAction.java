package dev.medic.postgres;

import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import dev.medic.spi.ActionSpec;
import dev.medic.spi.Durations;
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
import java.util.stream.Collectors;

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
    try (Connection c = new PostgresEndpoint(url, user, password).open(runTimeout())) {
      Blockers blockers = select(c);
      if (blockers.chosen().isEmpty()) {
        return ActionOutcome.noEffect(blockers.leftAloneWords("nothing cancelled"));
      }
      PostgresSignals signals = new PostgresSignals(c);
      List<String> done = new ArrayList<>();
      boolean anyActed = false;
      boolean anyFailed = false;
      for (Root root : blockers.chosen()) {
        String head = root.head() + " blocked " + PostgresSession.count(root.blocked()) + ": ";
        try {
          Broken broken = breakRoot(signals, root.session());
          anyActed |= broken.acted();
          done.add(head + broken.words());
        } catch (SQLException e) {
          anyFailed = true;
          done.add(head + "not signalled: " + PostgresEndpoint.describe(e));
        }
      }
      String detail = String.join("; ", done) + blockers.leftAloneTail();
      if (anyActed) {
        return ActionOutcome.ok(detail);
      }
      return anyFailed ? ActionOutcome.failed(detail) : ActionOutcome.noEffect(detail);
    } catch (SQLException e) {
      return ActionOutcome.failed("cannot break lock chain: " + PostgresEndpoint.describe(e));
    }
  }

  /** Names the roots {@link #run} would cancel or terminate now and those it would leave, touching none. */
  @Override
  public ActionOutcome plan(ActionContext context) {
    try (Connection c = new PostgresEndpoint(url, user, password).open(effectiveTimeout())) {
      Blockers blockers = select(c);
      if (blockers.chosen().isEmpty()) {
        return ActionOutcome.noEffect("would cancel nothing: " + blockers.leftAloneWords("nothing to cancel"));
      }
      List<String> would = new ArrayList<>();
      for (Root root : blockers.chosen()) {
        String blocks = ", which blocks " + PostgresSession.count(root.blocked());
        would.add(root.session().idleInTransaction()
            ? "would terminate " + root.head() + blocks + " (idle in its transaction, a cancel cannot release its locks)"
            : "would cancel " + root.head() + blocks + ", and terminate it if it still blocks after "
                + Durations.format(terminateAfter));
      }
      return ActionOutcome.ok(String.join("; ", would) + blockers.leftAloneTail());
    } catch (SQLException e) {
      return ActionOutcome.failed("cannot read lock chains: " + PostgresEndpoint.describe(e));
    }
  }

  private Duration runTimeout() {
    return effectiveTimeout().compareTo(terminateAfter.plusSeconds(5)) < 0
        ? terminateAfter.plusSeconds(5) : effectiveTimeout();
  }

  /** A root to signal: its session and how many sessions wait on it, directly or down the chain. */
  private record Root(PostgresSession session, int blocked) {
    String head() {
      return "root " + session.label() + " [" + session.state() + "] query '" + session.shortQuery() + "'";
    }
  }

  /**
   * The lock chains of the database as one look saw them: the roots to signal, most waiters first,
   * and in words every root left alone and every waiter no signal of medic's can help (a cycle, a
   * prepared transaction). {@code run} and {@code plan} both start here.
   */
  private record Blockers(String database, List<Root> chosen, List<String> leftAlone) {

    /** The whole detail when nothing is chosen. */
    String leftAloneWords(String outcome) {
      return leftAlone.isEmpty()
          ? "no session waits on a lock in database " + database + ": " + outcome
          : String.join("; ", leftAlone) + ": " + outcome;
    }

    /** {@code ; left alone: ...} after what was done, or nothing. */
    String leftAloneTail() {
      return leftAlone.isEmpty() ? "" : "; " + String.join("; ", leftAlone);
    }
  }

  private Blockers select(Connection c) throws SQLException {
    String database = c.getCatalog();
    Map<Integer, Set<Integer>> waitsFor = waitsFor(c);
    if (waitsFor.isEmpty()) {
      return new Blockers(database, List.of(), List.of());
    }
    List<Map.Entry<Integer, Integer>> roots = roots(waitsFor);
    Map<Integer, PostgresSession> sessions = sessions(c, roots.stream().map(Map.Entry::getKey).toList());
    PostgresAllowList allow = new PostgresAllowList(roles, applications);
    List<Root> chosen = new ArrayList<>();
    List<String> left = new ArrayList<>();
    for (Map.Entry<Integer, Integer> entry : roots) {
      PostgresSession s = sessions.get(entry.getKey());
      String blocked = " blocked " + PostgresSession.count(entry.getValue()) + ": ";
      if (s == null) {
        left.add("root pid " + entry.getKey() + blocked + "already gone");
        continue;
      }
      Root root = new Root(s, entry.getValue());
      String refused = allow.refusal(s);
      if (refused != null) {
        left.add(root.head() + blocked + refused + ", left alone");
      } else if (chosen.size() >= maxSessions) {
        left.add(root.head() + blocked + "left for the next run (max_sessions " + maxSessions + ")");
      } else {
        chosen.add(root);
      }
    }
    Map<Integer, Set<Integer>> blocks = blocks(waitsFor);
    Set<Integer> held = new HashSet<>();
    roots.forEach(r -> held.addAll(below(r.getKey(), blocks)));
    List<Integer> behindPrepared = below(0, blocks).stream().filter(p -> !held.contains(p)).sorted().toList();
    if (!behindPrepared.isEmpty()) {
      left.add(pids(behindPrepared) + " wait on a prepared transaction (pid 0), which no signal reaches: left alone");
      held.addAll(behindPrepared);
    }
    List<Integer> inCycle = waitsFor.keySet().stream().filter(p -> !held.contains(p)).sorted().toList();
    if (!inCycle.isEmpty()) {
      left.add(PostgresSession.count(inCycle.size()) + " (" + pids(inCycle) + ") wait in a lock cycle:"
          + " a deadlock PostgreSQL resolves itself after deadlock_timeout (" + deadlockTimeout(c) + "), left to it");
    }
    return new Blockers(database, chosen, left);
  }

  private static String pids(List<Integer> pids) {
    return (pids.size() == 1 ? "pid " : "pids ") + pids.stream().map(String::valueOf).collect(Collectors.joining(", "));
  }

  private static String deadlockTimeout(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SHOW deadlock_timeout")) {
      r.next();
      return r.getString(1);
    }
  }

  /** What was done to one root, in words, and whether medic signalled it (a root already gone was not). */
  private record Broken(String words, boolean acted) {}

  /** Cancel, wait while it still blocks, terminate. */
  private Broken breakRoot(PostgresSignals signals, PostgresSession s)
      throws SQLException, InterruptedException {
    if (s.idleInTransaction()) {
      return terminate(signals, s.pid(), "idle in its transaction, so a cancel cannot release its locks: ", false);
    }
    if (signals.cancel(s.pid()) == PostgresSignals.Result.NO_LONGER_MATCHES) {
      return new Broken("already gone", false);
    }
    long start = System.nanoTime();
    long deadline = start + terminateAfter.toNanos();
    while (signals.waitingOn(s.pid()) > 0) {
      if (System.nanoTime() >= deadline) {
        return terminate(signals, s.pid(), "cancelled, still blocking after "
            + Durations.format(terminateAfter) + ": ", true);
      }
      Thread.sleep(100);
    }
    return new Broken("cancelled; the chain cleared after " + (System.nanoTime() - start) / 1_000_000 + " ms", true);
  }

  private static Broken terminate(PostgresSignals signals, int pid, String why, boolean cancelled) throws SQLException {
    return switch (signals.terminate(pid, "true")) {
      case DONE -> new Broken(why + "terminated", true);
      case NO_LONGER_MATCHES -> new Broken(why + "already gone", cancelled);
      case SIGNALLED -> signals.waitingOn(pid) > 0
          ? new Broken(why + "terminate signalled, still blocks", true)
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
    Map<Integer, Set<Integer>> blocks = blocks(waitsFor);
    List<Map.Entry<Integer, Integer>> roots = new ArrayList<>();
    for (Integer blocker : blocks.keySet()) {
      if (blocker != 0 && !waitsFor.containsKey(blocker)) {
        roots.add(Map.entry(blocker, below(blocker, blocks).size()));
      }
    }
    roots.sort(Comparator.comparing(Map.Entry<Integer, Integer>::getValue).reversed()
        .thenComparing(Map.Entry::getKey));
    return roots;
  }

  /** For every blocker: the sessions that wait on it directly. */
  private static Map<Integer, Set<Integer>> blocks(Map<Integer, Set<Integer>> waitsFor) {
    Map<Integer, Set<Integer>> blocks = new HashMap<>();
    waitsFor.forEach((waiter, blockers) -> blockers.forEach(b -> blocks.computeIfAbsent(b, x -> new HashSet<>()).add(waiter)));
    return blocks;
  }

  /** The sessions that wait on {@code root}, directly or down the chain. */
  private static Set<Integer> below(int root, Map<Integer, Set<Integer>> blocks) {
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
    return seen;
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
