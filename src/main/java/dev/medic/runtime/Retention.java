package dev.medic.runtime;

import dev.medic.store.Outbox;
import dev.medic.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hourly, in the background: observations and finished deliveries older than the retention go. */
final class Retention {

  private static final Logger log = LoggerFactory.getLogger("medic");

  private final Store store;
  private final Outbox outbox;
  private final Supplier<Duration> retention;
  private final Clock clock;

  Retention(Store store, Outbox outbox, Supplier<Duration> retention, Clock clock) {
    this.store = store;
    this.outbox = outbox;
    this.retention = retention;
    this.clock = clock;
  }

  /**
   * Prunes once; run hourly, and not at start-up: a large delete would compete with the first
   * checks for the store.
   */
  Periodic every(Duration firstDelay, Duration period) {
    return new Periodic("retention", firstDelay, period, this::prune);
  }

  void prune() {
    Instant before = clock.instant().minus(retention.get());
    int n = store.observations().prune(before);
    int m = outbox.prune(before);
    if (n + m > 0) {
      log.debug("pruned {} observations and {} finished deliveries past retention", n, m);
    }
  }
}
