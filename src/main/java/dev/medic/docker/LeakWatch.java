package dev.medic.docker;

import dev.medic.spi.Durations;
import java.time.Duration;

/**
 * Memory leak projection over the container's memory use.
 *
 * @param window how far back samples count for the trend (default 30m)
 * @param horizon a leak is reported when the trend reaches the limit within this (default 1h)
 */
public record LeakWatch(Duration window, Duration horizon) {

  public LeakWatch {
    window = window == null ? Duration.ofMinutes(30) : window;
    horizon = horizon == null ? Duration.ofHours(1) : horizon;
    Durations.requirePositive("leak.window", window);
    Durations.requirePositive("leak.horizon", horizon);
  }

  static LeakWatch defaults() {
    return new LeakWatch(null, null);
  }
}
