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
final class Retention implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger("medic");

  private final Store store;
  private final Outbox outbox;
  private final Supplier<Duration> retention;
  private final Clock clock;
  private volatile Thread thread;

  Retention(Store store, Outbox outbox, Supplier<Duration> retention, Clock clock) {
    this.store = store;
    this.outbox = outbox;
    this.retention = retention;
    this.clock = clock;
  }

  void start() {
    thread = Thread.ofVirtual().name("medic-retention").start(this::loop);
  }

  private void loop() {
    try {
      // Not at start-up: a large delete would compete with the first checks for the store.
      Thread.sleep(Duration.ofMinutes(1));
      while (!Thread.currentThread().isInterrupted()) {
        try {
          Instant before = clock.instant().minus(retention.get());
          int n = store.observations().prune(before);
          int m = outbox.prune(before);
          if (n + m > 0) {
            log.debug("pruned {} observations and {} finished deliveries past retention", n, m);
          }
        } catch (RuntimeException e) {
          // A failed round (a locked database, say) must not end pruning for good: try next hour.
          log.warn("retention pruning failed: {}", e.toString());
        }
        Thread.sleep(Duration.ofHours(1));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }
}
