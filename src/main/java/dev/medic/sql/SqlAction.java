package dev.medic.sql;

import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import dev.medic.spi.ActionSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs one configured UPDATE, DELETE or INSERT (requeue stuck work, release a claim) in a
 * transaction, and commits only if it touched at most {@code max_rows} rows; otherwise it rolls back
 * and fails, so the limit is never exceeded. Values come in as bound parameters ({@code params},
 * templated with {@code {target}} and the like); the statement text itself is never templated.
 *
 * <p>A DELETE is destructive and so needs approval unless the strategy says otherwise.
 *
 * @param params values for the statement's {@code ?} placeholders, in order
 * @param maxRows the most rows one run may change (default 100)
 */
public record SqlAction(
    String url,
    String user,
    String password,
    String statement,
    List<Object> params,
    Integer maxRows,
    Duration timeout)
    implements ActionSpec {

  private static final Map<String, String> DONE = Map.of(
      "update", "updated", "delete", "deleted", "insert", "inserted");
  private static final Set<String> VERBS = DONE.keySet();

  public SqlAction {
    if (url == null || !url.startsWith("jdbc:")) {
      throw new IllegalArgumentException(
          "url must be a JDBC URL like jdbc:postgresql://host:5432/db, got " + Jdbc.redact(url));
    }
    if (statement == null || statement.isBlank()) {
      throw new IllegalArgumentException("statement is required (one UPDATE, DELETE or INSERT)");
    }
    SqlText scan = SqlText.scan(statement);
    if (scan.unterminated()) {
      throw new IllegalArgumentException("statement has an unterminated quote or comment: " + statement);
    }
    if (!VERBS.contains(scan.firstKeyword())) {
      throw new IllegalArgumentException(
          "statement must begin with UPDATE, DELETE or INSERT, got '" + scan.firstKeyword() + "'");
    }
    if (scan.semicolons() > 0) {
      throw new IllegalArgumentException(
          "statement must be a single statement without ';' (outside quotes), got: " + statement);
    }
    params = params == null ? List.of() : List.copyOf(params);
    for (int i = 0; i < params.size(); i++) {
      Object p = params.get(i);
      if (!(p instanceof String || p instanceof Number || p instanceof Boolean)) {
        throw new IllegalArgumentException(
            "params[" + i + "] must be a string, number or boolean, got " + p);
      }
    }
    if (scan.placeholders() != params.size()) {
      throw new IllegalArgumentException("statement has " + scan.placeholders() + " '?' placeholders but "
          + params.size() + " params are given");
    }
    maxRows = maxRows == null ? 100 : maxRows;
    if (maxRows < 1) {
      throw new IllegalArgumentException("max_rows must be >= 1, got " + maxRows);
    }
  }

  private String verb() {
    return SqlText.scan(statement).firstKeyword();
  }

  @Override
  public boolean destructive() {
    return verb().equals("delete");
  }

  /** The parameter values for this incident: strings templated, numbers and booleans as they are. */
  public List<Object> values(ActionContext context) {
    List<Object> values = new ArrayList<>(params.size());
    for (Object p : params) {
      values.add(p instanceof String s ? context.render(s) : p);
    }
    return values;
  }

  @Override
  public String describe(ActionContext context) {
    String text = statement.strip().replaceAll("\\s+", " ");
    if (text.length() > 160) {
      text = text.substring(0, 160) + "...";
    }
    return "sql " + text + (params.isEmpty() ? "" : " " + values(context)) + " (max_rows " + maxRows
        + ") on " + Jdbc.redact(url);
  }

  @Override
  public String toString() {
    return "SqlAction[url=" + Jdbc.redact(url) + ", user=" + user
        + ", password=" + (password == null ? "null" : "***") + ", statement=" + statement
        + ", params=" + params + ", maxRows=" + maxRows + ", timeout=" + timeout + "]";
  }

  @Override
  public ActionOutcome run(ActionContext context) {
    return execute(context, false);
  }

  /**
   * On PostgreSQL, runs the statement exactly as {@link #run} does and always rolls it back, to
   * tell the exact number of rows a run would change (or that it would exceed {@code max_rows}).
   * Rows are locked for that moment, triggers fire, and sequences an INSERT draws from advance
   * (PostgreSQL never rolls a sequence back). Elsewhere it runs nothing: MariaDB and MySQL do not
   * roll back every table (MyISAM), so a dry run there cannot promise to change nothing.
   */
  @Override
  public ActionOutcome plan(ActionContext context) {
    if (!url.startsWith("jdbc:postgresql:")) {
      return ActionOutcome.ok("would run " + describe(context) + " (rows are counted in a dry run on PostgreSQL only:"
          + " this database may not roll every table back)");
    }
    return execute(context, true);
  }

  /** The statement in a transaction, committed only by a run that changed 1..max_rows rows. */
  private ActionOutcome execute(ActionContext context, boolean plan) {
    long start = System.nanoTime();
    Duration budget = effectiveTimeout();
    Connection c;
    try {
      c = Jdbc.connect(url, user, password, budget);
    } catch (SQLException e) {
      return ActionOutcome.failed("cannot connect to " + Jdbc.redact(url) + ": " + Jdbc.describe(e));
    }
    try (c) {
      c.setAutoCommit(false);
      int changed;
      try (PreparedStatement ps = c.prepareStatement(statement)) {
        Duration left = budget.minusNanos(System.nanoTime() - start);
        ps.setQueryTimeout(Jdbc.ceilSeconds(left.isNegative() ? Duration.ZERO : left));
        List<Object> values = values(context);
        for (int i = 0; i < values.size(); i++) {
          ps.setObject(i + 1, values.get(i));
        }
        changed = ps.executeUpdate();
      } catch (SQLException e) {
        rollback(c);
        return ActionOutcome.failed((plan ? "would fail, " : "") + "rolled back, nothing changed: " + Jdbc.describe(e));
      }
      String done = DONE.get(verb());
      if (changed > maxRows) {
        rollback(c);
        return ActionOutcome.failed("would have " + done + " " + rows(changed) + ", more than max_rows "
            + maxRows + ": rolled back, nothing changed");
      }
      if (plan) {
        rollback(c);
        String detail = "would have " + done + " " + rows(changed) + " (limit " + maxRows + ")"
            + (changed == 0 ? ": the statement matches no row" : "") + "; rolled back, nothing changed";
        return changed == 0 ? ActionOutcome.noEffect(detail) : ActionOutcome.ok(detail);
      }
      if (changed == 0) {
        rollback(c);
        return ActionOutcome.noEffect(done + " 0 rows (limit " + maxRows + "): the statement matched no row");
      }
      try {
        c.commit();
      } catch (SQLException e) {
        return ActionOutcome.failed("commit of " + rows(changed) + " failed, the outcome is unknown: "
            + Jdbc.describe(e));
      }
      return ActionOutcome.ok(done + " " + rows(changed) + " (limit " + maxRows + ")");
    } catch (SQLException e) {
      return ActionOutcome.failed(Jdbc.describe(e));
    }
  }

  private static void rollback(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      // Closing the connection rolls back what the server still holds.
    }
  }

  private static String rows(long n) {
    return n + (n == 1 ? " row" : " rows");
  }
}
