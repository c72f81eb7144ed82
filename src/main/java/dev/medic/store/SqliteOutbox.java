package dev.medic.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The outbox as a table of the SQLite store ({@code V4__outbox.sql}). Every write is committed on
 * return (inside {@link Store#inTransaction}, with the transaction); none is held when the store
 * cannot write: a write that fails throws.
 */
final class SqliteOutbox implements Outbox {

  private final Jdbi jdbi;

  SqliteOutbox(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public Optional<Long> enqueue(Row r) {
    // INSERT OR IGNORE reports no key of its own when it ignores: the count says whether it inserted.
    return jdbi.inTransaction(
        h -> {
          int inserted =
              h.createUpdate(
                      "INSERT OR IGNORE INTO outbox (incident_id, target, channel, kind, ref, idempotency_key,"
                          + " payload, state, attempts, created_at, next_attempt_at, last_error)"
                          + " VALUES (:incident, :target, :channel, :kind, :ref, :key, :payload, 'pending',"
                          + " :attempts, :created, :next, :error)")
                  .bind("incident", r.incidentId())
                  .bind("target", r.target())
                  .bind("channel", r.channel())
                  .bind("kind", r.kind())
                  .bind("ref", r.ref())
                  .bind("key", r.idempotencyKey())
                  .bind("payload", r.payload())
                  .bind("attempts", r.attempts())
                  .bind("created", r.createdAt().toEpochMilli())
                  .bind("next", r.nextAttemptAt().toEpochMilli())
                  .bind("error", r.lastError())
                  .execute();
          if (inserted == 0) {
            return Optional.<Long>empty();
          }
          return h.createQuery("SELECT id FROM outbox WHERE idempotency_key = :key")
              .bind("key", r.idempotencyKey())
              .mapTo(Long.class)
              .findOne();
        });
  }

  @Override
  public List<Row> pending() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT * FROM outbox WHERE state = 'pending' ORDER BY id")
            .map((rs, ctx) -> rowOf(rs)).list());
  }

  @Override
  public List<Row> forIncident(long incidentId) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT * FROM outbox WHERE incident_id = :incident ORDER BY id")
            .bind("incident", incidentId)
            .map((rs, ctx) -> rowOf(rs)).list());
  }

  @Override
  public void retryAt(long id, int attempts, Instant next, String error) {
    jdbi.useHandle(
        h -> h.createUpdate("UPDATE outbox SET attempts = :attempts, next_attempt_at = :next, last_error = :error"
                + " WHERE id = :id AND state = 'pending'")
            .bind("attempts", attempts)
            .bind("next", next.toEpochMilli())
            .bind("error", error)
            .bind("id", id)
            .execute());
  }

  @Override
  public void delivered(long id, int attempts, Instant at) {
    finish(id, State.DELIVERED, attempts, at, null);
  }

  @Override
  public void failed(long id, int attempts, Instant at, String error) {
    finish(id, State.FAILED, attempts, at, error);
  }

  @Override
  public int prune(Instant finishedBefore) {
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM outbox WHERE state <> 'pending'"
            + " AND finished_at < :before"
            + " AND incident_id IN (SELECT id FROM incidents WHERE state = 'resolved')")
        .bind("before", finishedBefore.toEpochMilli())
        .execute());
  }

  private void finish(long id, State state, int attempts, Instant at, String error) {
    jdbi.useHandle(
        h -> h.createUpdate("UPDATE outbox SET state = :state, attempts = :attempts, finished_at = :at,"
                + " last_error = coalesce(:error, last_error) WHERE id = :id")
            .bind("state", state.key())
            .bind("attempts", attempts)
            .bind("at", at.toEpochMilli())
            .bind("error", error)
            .bind("id", id)
            .execute());
  }

  private static Row rowOf(ResultSet rs) throws SQLException {
    long finished = rs.getLong("finished_at");
    Instant finishedAt = rs.wasNull() ? null : Instant.ofEpochMilli(finished);
    return new Row(
        rs.getLong("id"),
        rs.getLong("incident_id"),
        rs.getString("target"),
        rs.getString("channel"),
        rs.getString("kind"),
        rs.getString("ref"),
        rs.getString("idempotency_key"),
        rs.getString("payload"),
        State.valueOf(rs.getString("state").toUpperCase(Locale.ROOT)),
        rs.getInt("attempts"),
        Instant.ofEpochMilli(rs.getLong("created_at")),
        Instant.ofEpochMilli(rs.getLong("next_attempt_at")),
        rs.getString("last_error"),
        finishedAt);
  }
}
