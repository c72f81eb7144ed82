package dev.medic.runtime;

import dev.medic.store.History;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every 5 minutes, on its own thread (checks never wait for it): rolls finished raw observations
 * into 5-minute and hourly aggregates, catching up on whatever was missed while medic was down.
 */
final class HistoryRollup {

  static final Duration PERIOD = Duration.ofMinutes(5);
  /** The first round soon after start: it also fills the in-memory uptime and latency summary. */
  static final Duration FIRST_DELAY = Duration.ofSeconds(20);

  private static final Logger log = LoggerFactory.getLogger("medic");

  private final History history;
  private final Clock clock;

  HistoryRollup(History history, Clock clock) {
    this.history = history;
    this.clock = clock;
  }

  Periodic every(Duration firstDelay, Duration period) {
    return new Periodic("history-rollup", firstDelay, period, this::rollUp);
  }

  void rollUp() {
    long started = System.nanoTime();
    int rows = history.rollUp(clock.instant());
    if (rows > 0) {
      log.debug("rolled {} history rows in {} ms", rows, (System.nanoTime() - started) / 1_000_000);
    }
  }
}
