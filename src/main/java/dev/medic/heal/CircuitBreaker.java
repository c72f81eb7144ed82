package dev.medic.heal;

import dev.medic.config.AgentSettings.BreakerSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Stops all auto-healing when most recent attempts failed: a sign that medic is making things worse
 * or that the problem is beyond its reach.
 *
 * <p>Closed, it counts the last {@code window} attempt results and opens when at least {@code
 * min_actions} were counted and the failure rate reaches {@code failure_rate}. Open, it denies every
 * action for {@code open_for}. Then it is half-open: it lets one trial action through and that
 * result decides. A healed trial closes it with an empty window; a failed one opens it for another
 * {@code open_for}. Going straight back to closed would let every waiting remedy loose at once on a
 * problem that may still be there.
 */
public final class CircuitBreaker {

  /** Where the breaker stands; see the class comment. */
  public enum State { CLOSED, OPEN, HALF_OPEN }

  private final BreakerSettings settings;
  private final Clock clock;
  private final Deque<Boolean> results = new ArrayDeque<>();
  private State state = State.CLOSED;
  private Instant openUntil;
  private String openedBecause;
  /** When half-open let its trial through; null while no trial is under way. */
  private Instant trialSince;

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

  /** The result of an attempt that ran: healed or not. */
  public synchronized void record(boolean ok) {
    Instant now = clock.instant();
    switch (stateAt(now)) {
      case CLOSED -> {
        push(ok);
        if (results.size() >= settings.minActions() && failures() * 100 >= settings.failureRate() * results.size()) {
          open(now, failures() + " of the last " + results.size() + " attempts failed");
        }
      }
      // An action that started before the breaker opened: the breaker already stops the others.
      case OPEN -> { }
      // The first result heard while half-open decides, be it the trial's or a late one's.
      case HALF_OPEN -> {
        if (ok) {
          state = State.CLOSED;
          results.clear();
          trialSince = null;
        } else {
          open(now, "its trial attempt failed");
        }
      }
    }
  }

  /**
   * Null when an action may run; otherwise why not. Asking takes the trial when half-open: the
   * caller that hears null then acts as the trial. A trial that reports no result within {@code
   * open_for} gives its place up (its action was not taken after all: a cooldown, a dry run, an
   * action with no effect), so a lost trial cannot keep the breaker half-open for good.
   */
  public synchronized String openReason() {
    Instant now = clock.instant();
    return switch (stateAt(now)) {
      case CLOSED -> null;
      case OPEN -> "circuit breaker open until " + openUntil + ": " + openedBecause;
      case HALF_OPEN -> {
        if (trialSince != null && now.isBefore(trialSince.plus(settings.openFor()))) {
          yield "circuit breaker half-open: waiting for the result of the trial attempt let through at " + trialSince;
        }
        trialSince = now;
        yield null;
      }
    };
  }

  public synchronized State state() {
    return stateAt(clock.instant());
  }

  /** The state at this moment: an open breaker whose time is up is half-open. */
  private State stateAt(Instant now) {
    if (state == State.OPEN && !now.isBefore(openUntil)) {
      state = State.HALF_OPEN;
      trialSince = null;
    }
    return state;
  }

  private void open(Instant now, String because) {
    state = State.OPEN;
    openUntil = now.plus(settings.openFor());
    openedBecause = because;
    trialSince = null;
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
}
