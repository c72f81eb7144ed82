package dev.medic.notify;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;

/**
 * Says why a delivery failed in words a person can act on. A refused connection is said the same
 * way whatever said it first (a socket's "Connection refused", or no message at all).
 */
public final class Causes {

  private Causes() {}

  /** {@code ConnectException: connection refused}; never null, never the bare word "null". */
  public static String describe(Throwable error) {
    String name = error.getClass().getSimpleName();
    if (error instanceof ConnectException) {
      // The same words whatever the client: the JDK's says nothing, the socket's "Connection refused".
      return name + ": " + wordless(error);
    }
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
