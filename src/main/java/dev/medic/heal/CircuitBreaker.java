package dev.medic.heal;

import dev.medic.config.AgentSettings.BreakerSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Stops all auto-healing when most recent attempts failed: a sign that medic is making things worse
 * or that the problem is beyond its reach. Counts the last {@code window} attempt results; opens when
 * at least {@code min_actions} were counted and the failure rate reaches {@code failure_rate}; closes
 * again after {@code open_for}, with a clean window.
 */
public final class CircuitBreaker {

  private final BreakerSettings settings;
  private final Clock clock;
  private final Deque<Boolean> results = new ArrayDeque<>();
  private Instant openUntil;

  public CircuitBreaker(BreakerSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /** Seeds the window with results remembered in the store, newest first. */
  public synchronized void warm(List<Boolean> newestFirst) {
    for (int i = Math.min(newestFirst.size(), settings.window()) - 1; i >= 0; i--) {
      push(newestFirst.get(i));
    }
  }

  public synchronized void record(boolean ok) {
    push(ok);
    if (openUntil == null && results.size() >= settings.minActions()
        && failures() * 100 >= settings.failureRate() * results.size()) {
      openUntil = clock.instant().plus(settings.openFor());
    }
  }

  private void push(boolean ok) {
    results.addLast(ok);
    while (results.size() > settings.window()) {
      results.removeFirst();
    }
  }

  private long failures() {
    return results.stream().filter(ok -> !ok).count();
  }

  /** Null when closed; otherwise why it is open and until when. */
  public synchronized String openReason() {
    if (openUntil == null) {
      return null;
    }
    if (!clock.instant().isBefore(openUntil)) {
      openUntil = null;
      results.clear();
      return null;
    }
    return "circuit breaker open until " + openUntil + ": " + failures() + " of the last "
        + results.size() + " attempts failed";
  }
}
