package dev.medic.store;

import dev.medic.spi.Observation;
import dev.medic.spi.Status;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** A real SQLite store in a test directory, with helpers to write runs and read roll-up rows. */
final class HistoryFixture implements AutoCloseable {

  final Path file;
  final SqliteStore store;

  HistoryFixture(Path dir) {
    this.file = dir.resolve("medic.db");
    this.store = SqliteStore.open(file);
  }

  History history() {
    return store.history();
  }

  void run(Instant at, String target, String check, Status status, Double latencyMs) {
    store.observations().record(new Observation(at, target, check, status,
        latencyMs == null ? null : Duration.ofNanos(Math.round(latencyMs * 1e6)), Map.of(), null, ""));
  }

  void flush() {
    store.observations().flush();
  }

  long scalar(String sql) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        var rs = c.createStatement().executeQuery(sql)) {
      return rs.next() ? rs.getLong(1) : -1;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  void execute(String sql) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      c.createStatement().execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    store.close();
  }
}
