package dev.medic.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Messages to channels, written before they are sent. A row stays {@code pending} until its channel
 * accepted it ({@code delivered}) or medic gave up on it ({@code failed}); pending rows are what a
 * restarted medic still has to send. The payload is opaque here: the sender owns its format.
 */
public interface Outbox {

  /** Where a row stands. */
  enum State {
    PENDING,
    DELIVERED,
    FAILED;

    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One message to one channel.
   *
   * @param id 0 until stored
   * @param ref what tells apart messages of one kind about one incident (an approval id), or empty
   * @param idempotencyKey sent with every attempt, so that a receiver can drop repeats
   * @param payload the message, as its sender wrote it
   */
  record Row(
      long id,
      long incidentId,
      String target,
      String channel,
      String kind,
      String ref,
      String idempotencyKey,
      String payload,
      State state,
      int attempts,
      Instant createdAt,
      Instant nextAttemptAt,
      String lastError,
      Instant finishedAt) {

    public Row {
      ref = ref == null ? "" : ref;
    }
  }

  /**
   * Stores a new pending row.
   *
   * @return its id, or empty if a row for the same incident, channel, kind and ref exists already
   *     (the message was queued before: it is not queued twice)
   */
  Optional<Long> enqueue(Row row);

  /** Every pending row, oldest first. */
  List<Row> pending();

  /** Every row about the incident, oldest first. */
  List<Row> forIncident(long incidentId);

  /** An attempt failed; the row stays pending until {@code next}. */
  void retryAt(long id, int attempts, Instant next, String error);

  void delivered(long id, int attempts, Instant at);

  /** medic gave up on the row. */
  void failed(long id, int attempts, Instant at, String error);

  /**
   * Deletes rows finished (delivered or given up) before the instant whose incident is resolved:
   * an open incident's rows say which channels were told, and so who gets its all-clear.
   *
   * @return how many rows were deleted
   */
  int prune(Instant finishedBefore);
}
