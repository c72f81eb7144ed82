package dev.medic.store;

import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Tells a store that cannot write (disk full, I/O error, read-only file or directory) from a write
 * that is wrong (a constraint, a bug). Only the first kind is held back and retried: the second
 * still throws, because retrying it would fail forever.
 */
final class Unwritable {

  private Unwritable() {}

  /** Why the store cannot write, if that is what the failure says. */
  static Optional<String> reason(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLiteException e && unwritable(e.getResultCode())) {
        return Optional.of(e.getResultCode().name() + ": " + firstLine(e.getMessage()));
      }
      if (t instanceof SQLTransientConnectionException e) {
        // The pool could not open a connection: the file or its directory is gone or unreadable.
        return Optional.of("no connection to the store: " + firstLine(e.getMessage()));
      }
    }
    return Optional.empty();
  }

  private static boolean unwritable(SQLiteErrorCode code) {
    String name = code.name();
    return code == SQLiteErrorCode.SQLITE_FULL
        || name.startsWith("SQLITE_IOERR")
        || name.startsWith("SQLITE_READONLY")
        || name.startsWith("SQLITE_CANTOPEN");
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
