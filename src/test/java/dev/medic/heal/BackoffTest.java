package dev.medic.heal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static final Duration BASE = Duration.ofSeconds(10);
  private static final Duration MAX = Duration.ofSeconds(60);
  private static final Duration RESET = Duration.ofHours(1);
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final Backoff backoff = new Backoff();

  private Duration before(Instant openedAt) {
    return backoff.before("api", openedAt, BASE, MAX, RESET);
  }

  @Test
  void noPauseBeforeAFirstAttempt() {
    assertThat(before(T0)).isZero();
  }

  @Test
  void eachFailedAttemptInARowDoublesThePauseUpToTheMaximum() {
    backoff.attempted("api", false);
    assertThat(before(T0)).isEqualTo(Duration.ofSeconds(10));
    backoff.attempted("api", false);
    assertThat(before(T0)).isEqualTo(Duration.ofSeconds(20));
    backoff.attempted("api", false);
    assertThat(before(T0)).isEqualTo(Duration.ofSeconds(40));
    backoff.attempted("api", false);
    assertThat(before(T0)).isEqualTo(MAX);
  }

  @Test
  void aHealedAttemptEndsTheStreak() {
    backoff.attempted("api", false);
    backoff.attempted("api", true);
    assertThat(before(T0)).isZero();
  }

  @Test
  void anIncidentOpenedLongAfterTheLastResolutionStartsWithoutPause() {
    backoff.attempted("api", false);
    backoff.attempted("api", false);
    backoff.resolved("api", T0);

    assertThat(before(T0.plus(RESET).minusSeconds(1))).as("within the reset").isEqualTo(Duration.ofSeconds(20));
    assertThat(before(T0.plus(RESET))).as("once the reset has passed").isZero();
    assertThat(before(T0.plusSeconds(1))).as("and the streak is gone for good").isZero();
  }

  @Test
  void targetsKeepStreaksOfTheirOwnAndResumeThemAfterARestart() {
    backoff.restore(Map.of("api", 3), Map.of("web", T0));
    assertThat(before(T0)).isEqualTo(Duration.ofSeconds(40));
    assertThat(backoff.before("web", T0, BASE, MAX, RESET)).isZero();
  }
}
