package dev.medic.sql;

import dev.medic.spi.Probe;
import dev.medic.spi.ProbeContext;
import dev.medic.spi.ProbeResult;
import dev.medic.spi.CheckSpec;
import dev.medic.spi.ThresholdRule;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Calendar;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;

/**
 * Runs one read-only query against any JDBC database and turns the first column of its first row
 * into a metric: a number as it is, a timestamp as its age in seconds (so data freshness is {@code
 * value > 1800 as stale_data}). The query runs in a read-only transaction under a query timeout and
 * is rolled back.
 *
 * <p>Conditions: {@code db_connection_error} (cannot connect or log in), {@code query_failed} (the
 * query failed, timed out, or its first column is neither a number nor a timestamp). A NULL or an
 * empty result leaves the metric out and says so: no rule fires on a value that is not there.
 *
 * @param metric the metric's name (default {@code value})
 * @param timeZone the zone in which timestamps without a time zone are read (default: medic's)
 * @param rules rules on this check's metrics, for example {@code value > 1800 as stale_data}
 */
public record SqlCheck(
    String name,
    Duration interval,
    Duration timeout,
    String url,
    String user,
    String password,
    String query,
    String metric,
    String timeZone,
    List<ThresholdRule> rules)
    implements CheckSpec {

  private static final Set<String> READ_VERBS = Set.of("select", "with", "values", "table", "show");

  public SqlCheck {
    name = name == null ? "sql" : name;
    if (url == null || !url.startsWith("jdbc:")) {
      throw new IllegalArgumentException(
          "url must be a JDBC URL like jdbc:postgresql://host:5432/db, got " + Jdbc.redact(url));
    }
    if (query == null || query.isBlank()) {
      throw new IllegalArgumentException("query is required (one SELECT returning one number or timestamp)");
    }
    SqlText scan = SqlText.scan(query);
    if (scan.unterminated()) {
      throw new IllegalArgumentException("query has an unterminated quote or comment: " + query);
    }
    if (scan.semicolons() > 0) {
      throw new IllegalArgumentException(
          "query must be a single statement without ';' (outside quotes), got: " + query);
    }
    if (!READ_VERBS.contains(scan.firstKeyword())) {
      throw new IllegalArgumentException("query must be one read-only statement (SELECT, WITH, VALUES,"
          + " TABLE or SHOW), got '" + scan.firstKeyword() + "'");
    }
    if (scan.placeholders() > 0) {
      throw new IllegalArgumentException("query cannot have '?' parameters, got: " + query);
    }
    metric = metric == null ? "value" : metric;
    if (!metric.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("metric must be a name like value or stuck_documents, got " + metric);
    }
    if (timeZone != null) {
      try {
        ZoneId.of(timeZone);
      } catch (java.time.DateTimeException e) {
        throw new IllegalArgumentException("time_zone must be a zone like UTC or Europe/Berlin, got " + timeZone);
      }
    }
    rules = rules == null ? List.of() : List.copyOf(rules);
    for (ThresholdRule rule : rules) {
      if (!rule.metric().equals(metric) && !rule.metric().equals("query_ms")) {
        throw new IllegalArgumentException("rule '" + rule + "' is about " + rule.metric()
            + ", but this check reports only " + metric + " and query_ms");
      }
    }
  }

  @Override
  public String toString() {
    return "SqlCheck[name=" + name + ", url=" + Jdbc.redact(url) + ", user=" + user
        + ", password=" + (password == null ? "null" : "***") + ", query=" + query + ", metric=" + metric
        + ", rules=" + rules + "]";
  }

  @Override
  public java.util.Set<String> conditions() {
    return java.util.Set.of("db_connection_error", "query_failed");
  }

  public Probe create(ProbeContext context) {
    ZoneId zone = timeZone == null ? ZoneId.systemDefault() : ZoneId.of(timeZone);
    return timeout -> JdbcRun.connect(url, user, password, timeout, (c, start) -> run(c, start, context, zone, timeout));
  }

  private ProbeResult run(Connection c, long start, ProbeContext context, ZoneId zone, Duration timeout) {
    long queryStart = System.nanoTime();
    try (c) {
      readOnly(c);
      try (Statement s = c.createStatement()) {
        Duration left = timeout.minus(since(start));
        s.setQueryTimeout(Jdbc.ceilSeconds(left.isNegative() ? Duration.ZERO : left));
        s.setMaxRows(1);
        try (ResultSet rs = s.executeQuery(query)) {
          Reading reading = read(rs, context, zone);
          double queryMs = since(queryStart).toNanos() / 1e6;
          Map<String, Double> metrics = new HashMap<>();
          metrics.put("query_ms", queryMs);
          if (reading.bad() != null) {
            return ProbeResult.down(since(start), metrics, "query_failed", reading.bad());
          }
          if (reading.value() != null) {
            metrics.put(metric, reading.value());
          }
          return ProbeResult.up(since(start), metrics, reading.text());
        }
      } finally {
        rollback(c);
      }
    } catch (SQLException e) {
      Map<String, Double> metrics = Map.of("query_ms", since(queryStart).toNanos() / 1e6);
      return ProbeResult.down(since(start), metrics, "query_failed", "query failed: " + Jdbc.describe(e));
    }
  }

  /** Quietly: a rollback failing on a broken connection must not hide why the query failed. */
  private static void rollback(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      // Closing the connection ends the transaction on the server anyway.
    }
  }

  /**
   * pgJDBC opens {@code BEGIN READ ONLY} for a read-only connection out of auto-commit; MariaDB and
   * MySQL are told on the server, as their driver treats read-only as a hint only.
   */
  private void readOnly(Connection c) throws SQLException {
    if (Jdbc.mysqlFamily(url)) {
      try (Statement s = c.createStatement()) {
        s.execute("SET SESSION TRANSACTION READ ONLY");
      }
    }
    c.setReadOnly(true);
    c.setAutoCommit(false);
  }

  /** The value of the first column, or why there is none. */
  private record Reading(Double value, String text, String bad) {}

  private Reading read(ResultSet rs, ProbeContext context, ZoneId zone) throws SQLException {
    if (!rs.next()) {
      return new Reading(null, "query returned no rows: " + metric + " absent", null);
    }
    int type = rs.getMetaData().getColumnType(1);
    if (type == Types.TIMESTAMP || type == Types.TIMESTAMP_WITH_TIMEZONE || type == Types.DATE) {
      Timestamp ts = rs.getTimestamp(1, Calendar.getInstance(TimeZone.getTimeZone(zone)));
      if (ts == null) {
        return new Reading(null, "query returned NULL: " + metric + " absent", null);
      }
      double age = (context.clock().millis() - ts.getTime()) / 1000.0;
      return new Reading(age, metric + " = " + format(age) + " s since " + ts.toInstant(), null);
    }
    Object o = rs.getObject(1);
    if (o == null) {
      return new Reading(null, "query returned NULL: " + metric + " absent", null);
    }
    Double value = switch (o) {
      case Number number -> number.doubleValue();
      case Boolean b -> b ? 1.0 : 0.0;
      default -> parse(o.toString());
    };
    if (value != null && !Double.isFinite(value)) {
      value = null;
    }
    if (value == null) {
      String shown = o.toString().length() > 60 ? o.toString().substring(0, 60) + "..." : o.toString();
      return new Reading(null, null, "first column is " + rs.getMetaData().getColumnTypeName(1) + " '" + shown
          + "', expected a number or a timestamp");
    }
    return new Reading(value, metric + " = " + format(value), null);
  }

  private static Double parse(String text) {
    try {
      return Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format("%.3f", v);
  }
}
