package dev.medic.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/**
 * Where and as whom medic reaches one PostgreSQL database: shared by the {@code postgres} check and
 * the {@code postgres_*} actions, so every one of them opens its connection the same careful way.
 *
 * @param url {@code jdbc:postgresql://host:port/db}
 * @param user login role; null lets the driver take it from the URL
 * @param password null when the server trusts the role (or the URL carries it)
 */
public record PostgresEndpoint(String url, String user, String password) {

  /** What medic's sessions call themselves, so that they can be told apart and never signalled. */
  public static final String APPLICATION_NAME = "medic";

  public PostgresEndpoint {
    if (url == null || !url.startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException(
          "url must look like jdbc:postgresql://host:5432/database, got " + redactUrl(url));
    }
  }

  /**
   * Opens one connection whose every statement is bounded by {@code timeout}: connect, login and
   * socket timeouts from the driver, {@code statement_timeout} on the server, and {@code
   * application_name = 'medic'} so that medic can recognise (and spare) its own sessions. The caller
   * closes it.
   */
  public Connection open(Duration timeout) throws SQLException {
    // The driver counts these in whole seconds: round up so that 500ms does not become "no limit".
    String seconds = Long.toString(Math.max(1, (timeout.toMillis() + 999) / 1000));
    Properties props = new Properties();
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    props.setProperty("connectTimeout", seconds);
    props.setProperty("loginTimeout", seconds);
    // A little beyond statement_timeout, so the server's own cancel normally wins and says why.
    props.setProperty("socketTimeout", Long.toString(Long.parseLong(seconds) + 1));
    props.setProperty("ApplicationName", APPLICATION_NAME);
    props.setProperty("tcpKeepAlive", "true");
    Connection connection = DriverManager.getConnection(url, props);
    try (Statement s = connection.createStatement()) {
      s.execute("SET statement_timeout = " + Math.max(1, timeout.toMillis()));
      s.execute("SET application_name = '" + APPLICATION_NAME + "'");
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return connection;
  }

  /** The driver's message, SQLSTATE first, cut to a readable length; it never holds the password. */
  public static String describe(SQLException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
    int nl = message.indexOf('\n');
    if (nl > 0) {
      message = message.substring(0, nl);
    }
    if (message.length() > 300) {
      message = message.substring(0, 300) + "...";
    }
    return e.getSQLState() == null ? message : "[" + e.getSQLState() + "] " + message;
  }

  /** The URL without any {@code password=} parameter, for messages. */
  public static String redactUrl(String url) {
    return url == null ? null : url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  @Override
  public String toString() {
    return "PostgresEndpoint[url=" + redactUrl(url) + ", user=" + user
        + ", password=" + (password == null ? "null" : "***") + "]";
  }
}
