package dev.medic.sql;

import dev.medic.spi.ProbeResult;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

/**
 * The start of every run of a JDBC check ({@code sql}, {@code mysql}): a fresh connection, or DOWN
 * with {@code db_connection_error} when it cannot connect or log in.
 */
public final class JdbcRun {

  private JdbcRun() {}

  /** A check's work on the fresh connection, which it closes. */
  @FunctionalInterface
  public interface Connected {
    /** @param startNanos when the run began ({@link System#nanoTime()}), connecting included */
    ProbeResult run(Connection connection, long startNanos);
  }

  public static ProbeResult connect(String url, String user, String password, Duration timeout, Connected then) {
    long start = System.nanoTime();
    Connection c;
    try {
      c = Jdbc.connect(url, user, password, timeout);
    } catch (SQLException e) {
      return ProbeResult.down(Duration.ofNanos(System.nanoTime() - start), Map.of(), "db_connection_error",
          "cannot connect to " + Jdbc.redact(url) + ": " + Jdbc.describe(e));
    }
    return then.run(c, start);
  }
}
