package dev.medic.config;

import dev.medic.spi.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long medic keeps trying to deliver a message ({@code escalation.retry}). The n-th failed attempt
 * waits {@code backoff} × 2^(n-1), at most {@code backoff_max}; medic gives up once the next attempt
 * would start later than {@code give_up_after} past the message's first one.
 */
public record RetryPolicy(Duration backoff, Duration backoffMax, Duration giveUpAfter) {

  public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(5);
  public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofMinutes(5);
  public static final Duration DEFAULT_GIVE_UP_AFTER = Duration.ofHours(1);

  public RetryPolicy {
    backoff = backoff == null ? DEFAULT_BACKOFF : backoff;
    if (backoffMax == null) {
      // A backoff written above the default maximum is kept, not cut back to it.
      backoffMax = backoff.compareTo(DEFAULT_BACKOFF_MAX) > 0 ? backoff : DEFAULT_BACKOFF_MAX;
    }
    giveUpAfter = giveUpAfter == null ? DEFAULT_GIVE_UP_AFTER : giveUpAfter;
    // Messages start with the key, so the config error points at it.
    if (backoff.isZero() || backoff.isNegative()) {
      throw new IllegalArgumentException("backoff must be more than 0, got " + Durations.format(backoff));
    }
    if (backoffMax.compareTo(backoff) < 0) {
      throw new IllegalArgumentException("backoff_max must be at least backoff (" + Durations.format(backoff)
          + "), got " + Durations.format(backoffMax));
    }
    if (giveUpAfter.isNegative()) {
      throw new IllegalArgumentException("give_up_after must be 0 (one attempt) or more, got "
          + Durations.format(giveUpAfter));
    }
  }

  public static RetryPolicy defaults() {
    return new RetryPolicy(null, null, null);
  }

  /** The wait after the given number of failed attempts (1 for the first failure). */
  public Duration delayAfter(int failedAttempts) {
    Duration d = backoff;
    for (int i = 1; i < failedAttempts && d.compareTo(backoffMax) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(backoffMax) > 0 ? backoffMax : d;
  }

  /**
   * When to try again after a failed attempt, or empty to give up.
   *
   * @param firstAttempt when the message was first due
   * @param failedAttempts attempts so far, all failed
   */
  public Optional<Instant> nextAttempt(Instant firstAttempt, int failedAttempts, Instant now) {
    Instant next = now.plus(delayAfter(failedAttempts));
    return next.isAfter(firstAttempt.plus(giveUpAfter)) ? Optional.empty() : Optional.of(next);
  }
}
