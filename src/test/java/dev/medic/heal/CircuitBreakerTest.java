package dev.medic.heal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.config.AgentSettings.BreakerSettings;
import dev.medic.heal.CircuitBreaker.State;
import dev.medic.support.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The breaker's states on a settable clock: closed, open for open_for, half-open for one trial. */
class CircuitBreakerTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration OPEN_FOR = Duration.ofMinutes(5);

  private final SettableClock clock = new SettableClock(T0);

  private CircuitBreaker breaker(int window, int failureRate, int minActions) {
    return new CircuitBreaker(new BreakerSettings(window, failureRate, minActions, OPEN_FOR), clock);
  }

  /** Four failures in a row over a window of four: open at T0. */
  private CircuitBreaker openedAtT0() {
    CircuitBreaker b = breaker(4, 50, 4);
    for (int i = 0; i < 4; i++) {
      b.record(false);
    }
    assertThat(b.state()).isEqualTo(State.OPEN);
    return b;
  }

  @Test
  void opensWhenTheFailureRateOverTheWindowReachesTheThreshold() {
    CircuitBreaker b = breaker(4, 50, 4);
    b.record(true);
    b.record(false);
    b.record(true);
    assertThat(b.openReason()).as("three attempts are fewer than min_actions").isNull();
    b.record(false);
    assertThat(b.state()).isEqualTo(State.OPEN);
    assertThat(b.openReason()).isEqualTo("circuit breaker open until " + T0.plus(OPEN_FOR) + ": 2 of the last 4 attempts failed");
  }

  @Test
  void staysClosedBelowTheThreshold() {
    CircuitBreaker b = breaker(4, 75, 4);
    List.of(false, true, false, true).forEach(b::record);
    assertThat(b.state()).isEqualTo(State.CLOSED);
    assertThat(b.openReason()).isNull();
  }

  @Test
  void countsOnlyTheLastWindowAttempts() {
    CircuitBreaker b = breaker(3, 66, 3);
    List.of(false, true, true, true, false).forEach(b::record);
    assertThat(b.state()).as("1 of the last 3").isEqualTo(State.CLOSED);
    b.record(false);
    assertThat(b.state()).as("2 of the last 3, though 3 of all 6").isEqualTo(State.OPEN);
    assertThat(b.openReason()).endsWith("2 of the last 3 attempts failed");
  }

  @Test
  void resultsRememberedFromTheStoreCountTowardOpening() {
    CircuitBreaker b = breaker(4, 100, 4);
    b.warm(List.of(false, false, false, true, true)); // newest first; only the newest four fit
    assertThat(b.state()).isEqualTo(State.CLOSED);
    b.record(false);
    assertThat(b.openReason()).endsWith("4 of the last 4 attempts failed");
  }

  @Test
  void openDeniesEveryActionUntilOpenForHasPassed() {
    CircuitBreaker b = openedAtT0();
    clock.advance(OPEN_FOR.minusMillis(1));
    assertThat(b.openReason()).startsWith("circuit breaker open until " + T0.plus(OPEN_FOR));
    assertThat(b.openReason()).as("asking again changes nothing").startsWith("circuit breaker open until");
    clock.advance(Duration.ofMillis(1));
    assertThat(b.state()).isEqualTo(State.HALF_OPEN);
  }

  @Test
  void resultOfAnActionStartedBeforeTheOpeningLeavesItOpen() {
    CircuitBreaker b = openedAtT0();
    clock.advance(Duration.ofMinutes(1));
    b.record(true);
    assertThat(b.state()).isEqualTo(State.OPEN);
    assertThat(b.openReason()).isEqualTo("circuit breaker open until " + T0.plus(OPEN_FOR) + ": 4 of the last 4 attempts failed");
  }

  @Test
  void halfOpenLetsOneTrialThroughAndHoldsTheRestUntilItsResult() {
    CircuitBreaker b = openedAtT0();
    clock.advance(OPEN_FOR);
    assertThat(b.openReason()).as("the trial").isNull();
    clock.advance(Duration.ofSeconds(10));
    assertThat(b.openReason()).isEqualTo("circuit breaker half-open: waiting for the result of the trial attempt let through at "
        + T0.plus(OPEN_FOR));
  }

  @Test
  void healedTrialClosesTheBreakerWithAnEmptyWindow() {
    CircuitBreaker b = openedAtT0();
    clock.advance(OPEN_FOR);
    assertThat(b.openReason()).isNull();
    b.record(true);
    assertThat(b.state()).isEqualTo(State.CLOSED);
    assertThat(b.openReason()).isNull();
    assertThat(b.openReason()).as("every action, not only one").isNull();
    List.of(false, false, false).forEach(b::record);
    assertThat(b.state()).as("the failures before the opening are forgotten: 3 < min_actions").isEqualTo(State.CLOSED);
  }

  @Test
  void failedTrialOpensTheBreakerForAnotherOpenFor() {
    CircuitBreaker b = openedAtT0();
    clock.advance(OPEN_FOR);
    assertThat(b.openReason()).isNull();
    clock.advance(Duration.ofSeconds(30));
    b.record(false);
    Instant reopened = T0.plus(OPEN_FOR).plusSeconds(30);
    assertThat(b.state()).isEqualTo(State.OPEN);
    assertThat(b.openReason()).isEqualTo("circuit breaker open until " + reopened.plus(OPEN_FOR) + ": its trial attempt failed");
    clock.set(reopened.plus(OPEN_FOR).minusMillis(1));
    assertThat(b.state()).isEqualTo(State.OPEN);
    clock.set(reopened.plus(OPEN_FOR));
    assertThat(b.state()).isEqualTo(State.HALF_OPEN);
    assertThat(b.openReason()).as("the next trial").isNull();
  }

  @Test
  void trialThatNeverReportsGivesItsPlaceUpAfterOpenFor() {
    CircuitBreaker b = openedAtT0();
    clock.advance(OPEN_FOR);
    assertThat(b.openReason()).as("a trial whose action then was not taken (a cooldown)").isNull();
    clock.advance(OPEN_FOR.minusMillis(1));
    assertThat(b.openReason()).startsWith("circuit breaker half-open");
    clock.advance(Duration.ofMillis(1));
    assertThat(b.openReason()).as("another trial").isNull();
    assertThat(b.openReason()).startsWith("circuit breaker half-open");
  }
}
