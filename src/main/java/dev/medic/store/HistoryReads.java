package dev.medic.store;

import dev.medic.spi.Status;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;

/** The reads history is made of: raw runs and stored roll-up rows, streamed without building lists. */
final class HistoryReads {

  static final String FIVE_MINUTES = "5m";
  static final String HOURLY = "1h";
  static final long FIVE_MINUTE_MS = 300_000;
  static final long HOUR_MS = 3_600_000;

  /** One raw run, as the roll-up needs it. */
  interface RunSink {
    void run(String target, String check, long at, Status status, Double latencyMs);
  }

  private final Jdbi jdbi;

  HistoryReads(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Raw runs in [from, to), of one target (or all: null) and one check (or all: null). */
  void raw(long from, long to, String target, String check, RunSink sink) {
    StringBuilder sql = new StringBuilder("SELECT target, check_name, at, status, latency_ms FROM observations"
        + " WHERE at >= ? AND at < ?");
    List<Object> args = new ArrayList<>(List.of(from, to));
    narrow(sql, args, target, check);
    query(sql.toString(), args, rs -> {
      double latency = rs.getDouble(5);
      Double ms = rs.wasNull() ? null : latency;
      sink.run(rs.getString(1), rs.getString(2), rs.getLong(3), Status.valueOf(rs.getString(4)), ms);
    });
  }

  /** Stored rows of a tier whose bucket starts in [from, to). */
  void rows(String tier, long from, long to, String target, String check, Consumer<RollupRow> sink) {
    if (from >= to) {
      return;
    }
    // One target's rows through its index; SQLite would otherwise scan the time range of every target.
    StringBuilder sql = new StringBuilder("SELECT target, check_name, bucket_ms, count, failures, latency_count,"
        + " p50, p95, p99, max_ms, histogram FROM observation_rollups"
        + (target == null ? "" : " INDEXED BY observation_rollups_target")
        + " WHERE tier = ? AND bucket_ms >= ? AND bucket_ms < ?");
    List<Object> args = new ArrayList<>(List.of(tier, from, to));
    narrow(sql, args, target, check);
    query(sql.toString(), args, rs -> sink.accept(new RollupRow(rs.getString(1), rs.getString(2), rs.getLong(3),
        rs.getLong(4), rs.getLong(5), rs.getLong(6), real(rs, 7), real(rs, 8), real(rs, 9), real(rs, 10),
        rs.getBytes(11))));
  }

  /** When the oldest raw run still kept was made; null if there is none. */
  Long oldestRaw() {
    return jdbi.withHandle(h -> h.createQuery("SELECT min(at) FROM observations").mapTo(Long.class).one());
  }

  /** When the first raw run at or after an instant was made; null if there is none. */
  Long nextRaw(long from) {
    return jdbi.withHandle(h -> h.createQuery("SELECT min(at) FROM observations WHERE at >= :from")
        .bind("from", from).mapTo(Long.class).one());
  }

  /** Start of the oldest stored bucket of a tier; null if there is none. */
  Long oldestRow(String tier) {
    return jdbi.withHandle(h -> h.createQuery("SELECT min(bucket_ms) FROM observation_rollups WHERE tier = :tier")
        .bind("tier", tier).mapTo(Long.class).one());
  }

  /** Up to where raw runs are rolled into 5-minute rows (hourly ones up to the hour before); null if never. */
  Long rolledUntil() {
    return jdbi.withHandle(h -> h.createQuery("SELECT rolled_until FROM history_progress WHERE id = 1")
        .mapTo(Long.class).findOne().orElse(null));
  }

  private static void narrow(StringBuilder sql, List<Object> args, String target, String check) {
    if (target != null) {
      sql.append(" AND target = ?");
      args.add(target);
    }
    if (check != null) {
      sql.append(" AND check_name = ?");
      args.add(check);
    }
  }

  private interface RowReader {
    void read(ResultSet rs) throws SQLException;
  }

  private void query(String sql, List<Object> args, RowReader reader) {
    try {
      queryOrThrow(sql, args, reader);
    } catch (SQLException e) {
      throw new IllegalStateException("reading history failed: " + e.getMessage(), e);
    }
  }

  private void queryOrThrow(String sql, List<Object> args, RowReader reader) throws SQLException {
    jdbi.useHandle(h -> {
      try (PreparedStatement ps = h.getConnection().prepareStatement(sql)) {
        for (int i = 0; i < args.size(); i++) {
          ps.setObject(i + 1, args.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            reader.read(rs);
          }
        }
      }
    });
  }

  private static Double real(ResultSet rs, int column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? null : v;
  }

  static long floor(long ms, long width) {
    return Math.floorDiv(ms, width) * width;
  }

  static long ceil(long ms, long width) {
    return -Math.floorDiv(-ms, width) * width;
  }
}
