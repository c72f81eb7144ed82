package dev.medic.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
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
 * @param flap flap detection over the target's recent runs; null means on with the defaults
 */
public record DetectSettings(
    Integer failures,
    Integer successes,
    Window window,
    List<ThresholdRule> thresholds,
    CrashLoop crashLoop,
    Flap flap) {

  public DetectSettings(Integer failures, Integer successes, Window window, List<ThresholdRule> thresholds,
      CrashLoop crashLoop) {
    this(failures, successes, window, thresholds, crashLoop, null);
  }

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

  /**
   * Nagios-style flap detection: the weighted share of state changes among the target's last {@code
   * window} runs (older changes weigh 0.8, the newest 1.2). At {@code high} percent or more the
   * target starts flapping; below {@code low} it stops. Written {@code flap: false} to turn it off,
   * {@code flap: true} for the defaults.
   */
  public record Flap(boolean enabled, int window, double high, double low) {

    public static final int DEFAULT_WINDOW = 21;
    public static final double DEFAULT_HIGH = 50;
    public static final double DEFAULT_LOW = 25;

    public static final Flap DEFAULTS = new Flap(true, DEFAULT_WINDOW, DEFAULT_HIGH, DEFAULT_LOW);
    public static final Flap OFF = new Flap(false, DEFAULT_WINDOW, DEFAULT_HIGH, DEFAULT_LOW);

    public Flap {
      if (window < 3 || window > 100) {
        throw new IllegalArgumentException("flap.window must be 3..100 runs, got " + window);
      }
      if (!(low > 0) || !(low < high) || !(high <= 100)) {
        throw new IllegalArgumentException("flap needs 0 < low < high <= 100 (percent), got low="
            + number(low) + " high=" + number(high));
      }
    }

    /** The mapping form, {@code flap: {window: 21, high: 50, low: 25}}; a key left out keeps its default. */
    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    static Flap of(@JsonProperty("window") Integer window, @JsonProperty("high") Double high,
        @JsonProperty("low") Double low) {
      return new Flap(true, window == null ? DEFAULT_WINDOW : window, high == null ? DEFAULT_HIGH : high,
          low == null ? DEFAULT_LOW : low);
    }

    /** {@code flap: false} turns flap detection off; {@code flap: true} keeps the defaults. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Flap of(boolean on) {
      return on ? DEFAULTS : OFF;
    }

    private static String number(double v) {
      return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
  }

  public DetectSettings {
    flap = flap == null ? Flap.DEFAULTS : flap;
    thresholds = thresholds == null ? List.of() : List.copyOf(thresholds);
    if (failures != null && failures < 1) {
      throw new IllegalArgumentException("failures must be >= 1, got " + failures);
    }
    if (successes != null && successes < 1) {
      throw new IllegalArgumentException("successes must be >= 1, got " + successes);
    }
  }

  public static DetectSettings none() {
    return new DetectSettings(null, null, null, List.of(), null, null);
  }
}
