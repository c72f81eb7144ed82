package dev.medic.notify;

import dev.medic.spi.Durations;
import dev.medic.store.AuditEntry;
import dev.medic.store.Outbox;
import dev.medic.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of each delivery, written down: its outbox row and its audit entry. Writes here never
 * stop a delivery: when the store fails, the log line is the record.
 */
final class DeliveryRecords {

  private static final Logger log = LoggerFactory.getLogger("medic.escalation");

  private final Outbox outbox;
  private final Store store;

  DeliveryRecords(Outbox outbox, Store store) {
    this.outbox = outbox;
    this.store = store;
  }

  void delivered(Delivery d, int attempt, Instant at) {
    if (d.rowId() > 0) {
      bestEffort("record the delivery of " + d.what() + " to " + d.channel() + " (it may be sent again after a"
          + " restart, with the same idempotency key)", () -> outbox.delivered(d.rowId(), attempt, at));
    }
    audit(d, at, "ok", "channel " + d.channel() + ": " + d.notice().kind().key()
        + (attempt > 1 ? " (attempt " + attempt + ")" : ""));
  }

  /** A page that went out within the grouped message {@code lead}. */
  void deliveredWithin(Delivery member, Delivery lead, int attempt, Instant at) {
    if (member.rowId() > 0) {
      bestEffort("record the delivery of " + member.what() + " to " + member.channel(),
          () -> outbox.delivered(member.rowId(), attempt, at));
    }
    audit(member, at, "ok", "channel " + member.channel() + ": " + member.notice().kind().key()
        + " (in the message about incident #" + lead.notice().incident().id() + ")");
  }

  /** @return the delivery to retry, stored now if the store did not take it at first */
  Delivery retryAt(Delivery later, int attempt, Instant next, String cause) {
    if (later.rowId() > 0) {
      bestEffort("record the failed attempt at " + later.what(),
          () -> outbox.retryAt(later.rowId(), attempt, next, cause));
      return later;
    }
    return storeLate(later);
  }

  /** @return why it was given up, for the log */
  String gaveUp(Delivery d, int attempts, Instant at, String cause) {
    String why = "gave up after " + attempts + (attempts == 1 ? " attempt" : " attempts") + " in "
        + took(Duration.between(d.createdAt(), at)) + ": " + cause;
    if (d.rowId() > 0) {
      bestEffort("record that " + d.what() + " to " + d.channel() + " was given up",
          () -> outbox.failed(d.rowId(), attempts, at, cause));
    }
    audit(d, at, "failed", "channel " + d.channel() + ": " + d.notice().kind().key() + " " + why);
    return why;
  }

  /** A message the store did not take at first: the store may be back, and then it survives a restart. */
  Delivery storeLate(Delivery d) {
    try {
      return outbox.enqueue(d.row()).map(d::stored).orElse(d);
    } catch (RuntimeException e) {
      return d;
    }
  }

  /** Whole seconds once there are any: "gave up after 9 attempts in 3600s", not to the nanosecond. */
  private static String took(Duration d) {
    return Durations.format(d.truncatedTo(d.compareTo(Duration.ofSeconds(1)) < 0 ? ChronoUnit.MILLIS : ChronoUnit.SECONDS));
  }

  private void audit(Delivery d, Instant at, String result, String detail) {
    bestEffort("audit \"" + detail + "\"", () -> store.audit().append(AuditEntry.of(at, d.notice().incident().id(),
        d.notice().incident().target(), "notified", null, result, detail)));
  }

  /** A write that must not stop a delivery. */
  static void bestEffort(String what, Runnable write) {
    try {
      write.run();
    } catch (RuntimeException e) {
      log.error("could not {}: {}", what, Causes.ofStore(e));
    }
  }
}
