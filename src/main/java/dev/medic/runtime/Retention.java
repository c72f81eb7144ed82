package dev.medic.runtime;

import dev.medic.config.HistorySettings;
import dev.medic.store.Outbox;
import dev.medic.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hourly, in the background: raw observations and finished deliveries older than {@code
 * history.raw} (alias {@code retention}) go, and 5-minute and hourly aggregates older than theirs.
 * Raw that is not rolled into aggregates yet stays even when older, so a roll-up that falls behind
 * (medic was down) loses nothing it could still catch up on.
 */
final class Retention {

  private static final Logger log = LoggerFactory.getLogger("medic");

  private final Store store;
  private final Outbox outbox;
  private final Supplier<HistorySettings> history;
  private final Clock clock;

  Retention(Store store, Outbox outbox, Supplier<HistorySettings> history, Clock clock) {
    this.store = store;
    this.outbox = outbox;
    this.history = history;
    this.clock = clock;
  }

  /**
   * Prunes once; run hourly, and not at start-up: a large delete would compete with the first
   * checks for the store.
   */
  Periodic every(java.time.Duration firstDelay, java.time.Duration period) {
    return new Periodic("retention", firstDelay, period, this::prune);
  }

  void prune() {
    HistorySettings keep = history.get();
    Instant now = clock.instant();
    Instant rawBefore = now.minus(keep.raw());
    Instant observationsBefore = store.history().rolledUntil()
        .map(rolled -> rolled.isBefore(rawBefore) ? rolled : rawBefore)
        .orElse(rawBefore);
    int n = store.observations().prune(observationsBefore);
    int m = outbox.prune(rawBefore);
    int r = store.history().prune(now.minus(keep.fiveMinute()), now.minus(keep.hourly()));
    if (n + m + r > 0) {
      log.debug("pruned {} observations, {} aggregates and {} finished deliveries past retention", n, r, m);
    }
  }
}
