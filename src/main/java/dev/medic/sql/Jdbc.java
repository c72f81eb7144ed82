package dev.medic.sql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Opens the one short-lived JDBC connection a check run or an action uses, with every timeout the
 * driver knows bounded by the caller's budget, so medic never hangs on a database it watches.
 */
public final class Jdbc {

  /** Beyond the budget before the socket gives up: the server-side query timeout fires first. */
  private static final long SOCKET_SLACK_MS = 1000;

  private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)((?:password|pwd)=)[^&;]*");
  private static final Pattern USER_INFO = Pattern.compile("//[^/@?]*:[^/@?]*@");

  private Jdbc() {}

  /**
   * @param timeout the whole budget; the connect, login and socket timeouts of PostgreSQL and
   *     MariaDB/MySQL drivers are set from it, other drivers get {@link Connection#setNetworkTimeout}
   */
  public static Connection connect(String url, String user, String password, Duration timeout)
      throws SQLException {
    long ms = Math.max(1, timeout.toMillis());
    String seconds = Long.toString(ceilSeconds(timeout));
    Properties p = new Properties();
    if (user != null) {
      p.setProperty("user", user);
    }
    if (password != null) {
      p.setProperty("password", password);
    }
    String target = url;
    if (url.startsWith("jdbc:postgresql:")) {
      p.setProperty("connectTimeout", seconds);
      p.setProperty("loginTimeout", seconds);
      p.setProperty("socketTimeout", Long.toString(ceilSeconds(timeout.plusMillis(SOCKET_SLACK_MS))));
      // Shows up in pg_stat_activity, so a DBA sees who is asking.
      p.setProperty("ApplicationName", "medic");
    } else if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
      p.setProperty("connectTimeout", Long.toString(ms));
      p.setProperty("socketTimeout", Long.toString(ms + SOCKET_SLACK_MS));
      target = mysqlUrlForMariaDbDriver(url);
    }
    Connection c = DriverManager.getConnection(target, p);
    try {
      c.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, ms + SOCKET_SLACK_MS));
    } catch (SQLFeatureNotSupportedException | UnsupportedOperationException e) {
      // The driver cannot bound its socket reads; the scheduler's hard timeout still does.
    }
    return c;
  }

  /**
   * MariaDB Connector/J, the driver medic ships, speaks to MySQL servers too but refuses
   * {@code jdbc:mysql:} URLs unless asked; with no MySQL driver present, hand it the same URL.
   */
  private static String mysqlUrlForMariaDbDriver(String url) {
    if (!url.startsWith("jdbc:mysql:")) {
      return url;
    }
    try {
      DriverManager.getDriver(url);
      return url;
    } catch (SQLException noDriver) {
      return "jdbc:mariadb:" + url.substring("jdbc:mysql:".length());
    }
  }

  /** Whole seconds for {@code setQueryTimeout}, rounded up and at least 1 (0 would mean no limit). */
  public static int ceilSeconds(Duration d) {
    long ms = Math.max(1, d.toMillis());
    return (int) Math.min(Integer.MAX_VALUE, (ms + 999) / 1000);
  }

  /** The URL with any password in it masked, for messages and logs. */
  public static String redact(String url) {
    if (url == null) {
      return null;
    }
    String masked = PASSWORD_PARAM.matcher(url).replaceAll("$1***");
    return USER_INFO.matcher(masked).replaceAll("//***@");
  }

  /** {@code SQL state 42P01: relation "x" does not exist}, on one line. */
  public static String describe(SQLException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
    int nl = message.indexOf('\n');
    if (nl >= 0) {
      message = message.substring(0, nl).strip();
    }
    if (message.length() > 300) {
      message = message.substring(0, 300) + "...";
    }
    return (e.getSQLState() == null ? "" : "SQL state " + e.getSQLState() + ": ") + message;
  }

  /** True for MariaDB and MySQL URLs, whose read-only transactions need saying on the server. */
  public static boolean mysqlFamily(String url) {
    return url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:");
  }
}
