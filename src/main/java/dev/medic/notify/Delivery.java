package dev.medic.notify;

import dev.medic.spi.Notice;
import dev.medic.store.Outbox;
import java.time.Instant;

/**
 * A message on its way to one channel, as the {@link Dispatcher} keeps it between attempts.
 *
 * @param rowId its outbox row, or 0 while the store has not taken it (then it lives only here)
 * @param attempts attempts so far, all failed
 * @param createdAt when it was queued: {@code give_up_after} runs from here
 */
public record Delivery(long rowId, String channel, Notice notice, int attempts, Instant createdAt, Instant nextAttemptAt,
    String lastError) {

  String key() {
    return notice.idempotencyKey();
  }

  boolean sameMessage(Delivery other) {
    return notice.incident().id() == other.notice.incident().id() && channel.equals(other.channel)
        && notice.kind() == other.notice.kind() && notice.ref().equals(other.notice.ref());
  }

  Delivery stored(long id) {
    return new Delivery(id, channel, notice, attempts, createdAt, nextAttemptAt, lastError);
  }

  Delivery failed(int attemptsNow, Instant next, String error) {
    return new Delivery(rowId, channel, notice, attemptsNow, createdAt, next, error);
  }

  Outbox.Row row() {
    return new Outbox.Row(rowId, notice.incident().id(), notice.incident().target(), channel, notice.kind().key(),
        notice.ref(), key(), notice.toJson(), Outbox.State.PENDING, attempts, createdAt, nextAttemptAt, lastError,
        null);
  }

  String what() {
    return notice.kind().key() + " of incident #" + notice.incident().id();
  }
}
