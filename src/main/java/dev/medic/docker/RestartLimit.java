package dev.medic.docker;

import dev.medic.spi.Durations;
import java.time.Duration;

/**
 * How many restarts make a crash loop: more than {@code max} within {@code within}, counted from the
 * engine's restart count as seen across runs.
 *
 * @param max restarts allowed within the window (default 5)
 * @param within the sliding window (default 1h)
 */
public record RestartLimit(Integer max, Duration within) {

  public RestartLimit {
    max = max == null ? 5 : max;
    within = within == null ? Duration.ofHours(1) : within;
    if (max < 0) {
      throw new IllegalArgumentException("restarts.max must be 0 or more, got " + max);
    }
    Durations.requirePositive("restarts.within", within);
  }

  static RestartLimit defaults() {
    return new RestartLimit(null, null);
  }
}
