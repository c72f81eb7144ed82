package dev.medic.log;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * Matching lines counted over a sliding window, each stamped with the time it was read (a log line's
 * own timestamp has no format medic could rely on). One entry per run, so memory stays small at any
 * line rate.
 */
final class RateWindow {

  private record Count(Instant at, long lines) {}

  private final Duration window;
  private final ArrayDeque<Count> counts = new ArrayDeque<>();
  private long total;

  RateWindow(Duration window) {
    this.window = window;
  }

  void add(Instant at, long lines) {
    if (lines > 0) {
      counts.addLast(new Count(at, lines));
      total += lines;
    }
  }

  /** Lines read within the window that ends now. */
  long count(Instant now) {
    Instant since = now.minus(window);
    while (!counts.isEmpty() && !counts.peekFirst().at().isAfter(since)) {
      total -= counts.removeFirst().lines();
    }
    return total;
  }
}
