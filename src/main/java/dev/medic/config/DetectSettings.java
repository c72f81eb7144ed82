package dev.medic.config;

import dev.medic.spi.ThresholdRule;
import java.time.Duration;
import java.util.List;

/**
 * How a target's observations become conditions. Null fields fall back to the agent defaults.
 *
 * @param failures consecutive failed runs of a check that open an incident
 * @param successes consecutive healthy runs that resolve it
 * @param window N failures among the last M runs also open an incident (catches flapping)
 * @param thresholds metric conditions held for a duration
 * @param crashLoop more than {@code restarts} exits of the supervised process within {@code within}
 */
public record DetectSettings(
    Integer failures,
    Integer successes,
    Window window,
    List<ThresholdRule> thresholds,
    CrashLoop crashLoop) {

  public record Window(int size, int failures) {
    public Window {
      if (size < 1 || failures < 1 || failures > size) {
        throw new IllegalArgumentException(
            "window needs 1 <= failures <= size, got failures=" + failures + " size=" + size);
      }
    }
  }

  public record CrashLoop(int restarts, Duration within) {
    public CrashLoop {
      if (restarts < 1) {
        throw new IllegalArgumentException("crash_loop.restarts must be >= 1, got " + restarts);
      }
      within = within == null ? Duration.ofHours(1) : within;
    }
  }

  public DetectSettings {
    thresholds = thresholds == null ? List.of() : List.copyOf(thresholds);
    if (failures != null && failures < 1) {
      throw new IllegalArgumentException("failures must be >= 1, got " + failures);
    }
    if (successes != null && successes < 1) {
      throw new IllegalArgumentException("successes must be >= 1, got " + successes);
    }
  }

  public static DetectSettings none() {
    return new DetectSettings(null, null, null, List.of(), null);
  }
}
