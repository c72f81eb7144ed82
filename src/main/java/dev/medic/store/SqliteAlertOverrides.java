package dev.medic.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** {@link AlertOverrides} in the SQLite store ({@code alert_overrides}, V11). */
final class SqliteAlertOverrides implements AlertOverrides {

  private static final String COLUMNS =
      "target, failures, successes, window_set, window_size, window_failures, thresholds, changed_by, changed_at";

  private final Jdbi jdbi;

  SqliteAlertOverrides(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public List<AlertOverride> list() {
    return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM alert_overrides ORDER BY target")
        .map((rs, ctx) -> read(rs)).list());
  }

  @Override
  public Optional<AlertOverride> get(String target) {
    return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM alert_overrides WHERE target = :target")
        .bind("target", target).map((rs, ctx) -> read(rs)).findOne());
  }

  @Override
  public void put(AlertOverride o) {
    jdbi.useHandle(h -> h.createUpdate("INSERT OR REPLACE INTO alert_overrides (" + COLUMNS + ") VALUES"
            + " (:target, :failures, :successes, :windowSet, :windowSize, :windowFailures, :thresholds, :by, :at)")
        .bind("target", o.target())
        .bind("failures", o.failures())
        .bind("successes", o.successes())
        .bind("windowSet", o.windowSet() ? 1 : 0)
        .bind("windowSize", o.windowSize())
        .bind("windowFailures", o.windowFailures())
        .bind("thresholds", o.thresholds() == null ? null : String.join("\n", o.thresholds()))
        .bind("by", o.changedBy())
        .bind("at", o.changedAt().toEpochMilli())
        .execute());
  }

  @Override
  public boolean delete(String target) {
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM alert_overrides WHERE target = :target")
        .bind("target", target).execute()) > 0;
  }

  private static AlertOverride read(ResultSet rs) throws SQLException {
    String thresholds = rs.getString("thresholds");
    return new AlertOverride(rs.getString("target"), integer(rs, "failures"),
        integer(rs, "successes"), rs.getInt("window_set") == 1,
        integer(rs, "window_size"), integer(rs, "window_failures"),
        thresholds == null ? null : thresholds.isEmpty() ? List.of() : Arrays.asList(thresholds.split("\n")),
        rs.getString("changed_by"), Instant.ofEpochMilli(rs.getLong("changed_at")));
  }

  /** A nullable INTEGER column: the SQLite driver maps no typed getObject. */
  private static Integer integer(ResultSet rs, String column) throws SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? null : value;
  }
}
