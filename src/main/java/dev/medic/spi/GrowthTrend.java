package dev.medic.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Tells a leak from ordinary ups and downs: the samples of one quantity (a process's or container's
 * memory) over a sliding window, fitted with a least-squares line. It is a leak when the quantity
 * grows steadily (enough samples, a positive slope, most steps up or flat, the line explaining most
 * of the variation) and the line reaches the limit within the horizon. The projection is what lets
 * medic raise {@code memory_leak} while there is still time to act, not when the kernel kills the
 * process.
 *
 * <p>A series is judged only once it covers half the window (since the first sample, or since
 * {@link #reset}): a process or container that just started grows fast while it warms up (loads
 * code, fills caches), which is not a leak.
 *
 * <p>Not thread-safe: a probe owns one per quantity and its runs never overlap.
 */
public final class GrowthTrend {

  /** Fewer samples than this are not a trend. */
  public static final int MIN_SAMPLES = 5;
  /** The share of steps that must go up or stay flat. */
  static final double STEADY_STEPS = 0.8;
  /** How much of the variation the line must explain (R²). */
  static final double MIN_FIT = 0.8;

  private record Sample(Instant at, double value) {}

  private final Duration window;
  private final Deque<Sample> samples = new ArrayDeque<>();
  /** The first sample of the series: judged once the latest is half a window later. */
  private Instant seriesStart;

  /** @param window how far back samples count; older ones fall out */
  public GrowthTrend(Duration window) {
    if (window == null || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive, got " + window);
    }
    this.window = window;
  }

  public void add(Instant at, double value) {
    if (!samples.isEmpty() && !at.isAfter(samples.peekLast().at())) {
      return; // a clock step back: keep the series ordered
    }
    if (seriesStart == null) {
      seriesStart = at;
    }
    samples.addLast(new Sample(at, value));
    Instant horizon = at.minus(window);
    while (samples.peekFirst().at().isBefore(horizon)) {
      samples.removeFirst();
    }
  }

  /** Forgets the series, as after the process or container restarted (its memory starts afresh). */
  public void reset() {
    samples.clear();
    seriesStart = null;
  }

  /** Growth per second of the fitted line, when the samples show steady growth; empty otherwise. */
  public Optional<Double> steadyGrowthPerSecond() {
    int n = samples.size();
    if (n < MIN_SAMPLES || samples.peekLast().at().isBefore(seriesStart.plus(window.dividedBy(2)))) {
      return Optional.empty();
    }
    Instant origin = samples.peekFirst().at();
    double sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
    int steady = 0;
    Sample previous = null;
    for (Sample s : samples) {
      double x = (s.at().toEpochMilli() - origin.toEpochMilli()) / 1000.0;
      double y = s.value();
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
      syy += y * y;
      if (previous != null && s.value() >= previous.value()) {
        steady++;
      }
      previous = s;
    }
    double vx = n * sxx - sx * sx;
    double vy = n * syy - sy * sy;
    if (vx <= 0 || vy <= 0) {
      return Optional.empty(); // no time spread, or a flat line: no growth
    }
    double slope = (n * sxy - sx * sy) / vx;
    double r2 = Math.pow(n * sxy - sx * sy, 2) / (vx * vy);
    boolean steadySteps = steady >= STEADY_STEPS * (n - 1);
    return slope > 0 && steadySteps && r2 >= MIN_FIT ? Optional.of(slope) : Optional.empty();
  }

  /**
   * How long until the quantity reaches {@code limit} at its steady growth rate, from the latest
   * sample; empty when it is not growing steadily. Zero when it is already at the limit.
   */
  public Optional<Duration> timeTo(double limit) {
    if (samples.isEmpty()) {
      return Optional.empty();
    }
    double latest = samples.peekLast().value();
    return steadyGrowthPerSecond().map(perSecond -> latest >= limit
        ? Duration.ZERO
        : Duration.ofMillis((long) Math.min(Long.MAX_VALUE / 2.0, (limit - latest) / perSecond * 1000)));
  }

  /** Samples in the window now. */
  public int size() {
    return samples.size();
  }
}
