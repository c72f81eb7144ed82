package dev.medic.notify;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;

/**
 * Says why a delivery failed in words a person can act on. A refused connection reaches medic from
 * the JDK's HTTP client as a {@code ConnectException} with no message at any depth of its causes:
 * left to itself it reads "null".
 */
public final class Causes {

  private Causes() {}

  /** {@code ConnectException: connection refused}; never null, never the bare word "null". */
  public static String describe(Throwable error) {
    String name = error.getClass().getSimpleName();
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = t.getMessage();
      if (message != null && !message.isBlank() && !"null".equals(message)) {
        String inner = t.getClass().getSimpleName();
        return inner.equals(name) ? name + ": " + message : name + ": " + inner + ": " + message;
      }
    }
    return name + ": " + wordless(error);
  }

  /**
   * Why the store refused: the database's own words ({@code SQLiteException: [SQLITE_FULL] ...}).
   * The data-access layer's message around them repeats the statement with its arguments: the whole
   * message being sent, secrets and all.
   */
  public static String ofStore(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException && t.getMessage() != null) {
        return t.getClass().getSimpleName() + ": " + t.getMessage();
      }
    }
    String described = describe(error);
    int statement = described.indexOf(" [statement:");
    return statement < 0 ? described : described.substring(0, statement);
  }

  /** What an exception without any message means, by its kind. */
  private static String wordless(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectException) {
        return "connection refused (nothing listening, or a firewall rejected it)";
      }
      if (t instanceof ClosedChannelException) {
        return "the connection was closed";
      }
    }
    return "no detail given";
  }
}
