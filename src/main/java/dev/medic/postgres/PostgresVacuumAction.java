package dev.medic.postgres;

import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import dev.medic.spi.ActionSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Runs {@code VACUUM (ANALYZE)} on the listed tables, one by one, outside any transaction: dead rows
 * are reclaimed and the planner's statistics refreshed (the "update statistics" remedy for slow
 * queries). Names are checked as SQL identifiers here, resolved by the server ({@code to_regclass},
 * so unquoted names fold to lower case as in SQL) and quoted by it before use.
 */
public record PostgresVacuumAction(
    String url, String user, String password, List<String> tables, Duration timeout)
    implements ActionSpec {

  /** {@code table} or {@code schema.table}, each part an unquoted SQL identifier of at most 63 bytes. */
  private static final Pattern TABLE =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}(\\.[A-Za-z_][A-Za-z0-9_$]{0,62})?");

  public PostgresVacuumAction {
    new PostgresEndpoint(url, user, password);
    if (tables == null || tables.isEmpty()) {
      throw new IllegalArgumentException("tables must list at least one table to vacuum");
    }
    for (String t : tables) {
      if (t == null || !TABLE.matcher(t).matches()) {
        throw new IllegalArgumentException(
            "tables must hold names like orders or public.orders (letters, digits, _ and $), got '" + t + "'");
      }
    }
    tables = List.copyOf(tables);
  }

  @Override
  public String describe(ActionContext context) {
    return "postgres_vacuum VACUUM (ANALYZE) " + String.join(", ", tables) + " on "
        + PostgresEndpoint.redactUrl(url);
  }

  @Override
  public ActionOutcome run(ActionContext context) {
    try (Connection c = new PostgresEndpoint(url, user, password).open(effectiveTimeout())) {
      c.setAutoCommit(true); // VACUUM cannot run inside a transaction block
      List<String> done = new ArrayList<>();
      List<String> failed = new ArrayList<>();
      for (String table : tables) {
        try {
          String quoted = resolve(c, table);
          if (quoted == null) {
            failed.add(table + " (no such table)");
            continue;
          }
          long start = System.nanoTime();
          try (Statement s = c.createStatement()) {
            s.execute("VACUUM (ANALYZE) " + quoted);
            String refused = refusal(s.getWarnings());
            if (refused != null) {
              failed.add(quoted + " (" + refused + ")");
              continue;
            }
          }
          done.add(quoted + " (" + (System.nanoTime() - start) / 1_000_000 + " ms)");
        } catch (SQLException e) {
          failed.add(table + " (" + PostgresEndpoint.describe(e) + ")");
        }
      }
      String detail = "vacuumed and analyzed " + done.size() + " of " + tables.size() + " tables in database "
          + c.getCatalog() + (done.isEmpty() ? "" : ": " + String.join(", ", done))
          + (failed.isEmpty() ? "" : "; failed: " + String.join(", ", failed));
      return failed.isEmpty() ? ActionOutcome.ok(detail) : ActionOutcome.failed(detail);
    } catch (SQLException e) {
      return ActionOutcome.failed("cannot vacuum " + tables + ": " + PostgresEndpoint.describe(e));
    }
  }

  /**
   * Names the tables {@link #run} would vacuum, resolved as a run resolves them, with the dead rows
   * the statistics count in each; vacuums none. Never no effect: ANALYZE refreshes the planner's
   * statistics even where there is no dead row.
   */
  @Override
  public ActionOutcome plan(ActionContext context) {
    try (Connection c = new PostgresEndpoint(url, user, password).open(effectiveTimeout())) {
      List<String> would = new ArrayList<>();
      List<String> missing = new ArrayList<>();
      for (String table : tables) {
        String quoted = resolve(c, table);
        if (quoted == null) {
          missing.add(table + " (no such table)");
        } else {
          would.add(quoted + " (" + deadRows(c, quoted) + " dead rows)");
        }
      }
      String detail = "would vacuum and analyze " + would.size() + " of " + tables.size() + " tables in database "
          + c.getCatalog() + (would.isEmpty() ? "" : ": " + String.join(", ", would))
          + (missing.isEmpty() ? "" : "; would fail: " + String.join(", ", missing));
      return missing.isEmpty() ? ActionOutcome.ok(detail) : ActionOutcome.failed(detail);
    } catch (SQLException e) {
      return ActionOutcome.failed("cannot read tables " + tables + ": " + PostgresEndpoint.describe(e));
    }
  }

  private static long deadRows(Connection c, String quoted) throws SQLException {
    try (PreparedStatement q = c.prepareStatement(
        "SELECT coalesce(n_dead_tup, 0) FROM pg_stat_all_tables WHERE relid = ?::regclass")) {
      q.setString(1, quoted);
      try (ResultSet r = q.executeQuery()) {
        return r.next() ? r.getLong(1) : 0;
      }
    }
  }

  /** The table's name as the server quotes it, or null when there is no such table. */
  private static String resolve(Connection c, String table) throws SQLException {
    try (PreparedStatement q = c.prepareStatement("SELECT to_regclass(?)::text")) {
      q.setString(1, table);
      try (ResultSet r = q.executeQuery()) {
        r.next();
        return r.getString(1);
      }
    }
  }

  /** VACUUM skips a table its role may not vacuum with a WARNING, not an error. */
  private static String refusal(SQLWarning warning) {
    for (SQLWarning w = warning; w != null; w = w.getNextWarning()) {
      if (w.getMessage() != null && w.getMessage().contains("skipping")) {
        return w.getMessage().strip();
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "PostgresVacuumAction[url=" + PostgresEndpoint.redactUrl(url) + ", user=" + user
        + ", password=" + (password == null ? "null" : "***") + ", tables=" + tables
        + ", timeout=" + timeout + "]";
  }
}
