package dev.medic.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GrowthTrendTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void projectsWhenSteadyGrowthReachesTheLimit() {
    GrowthTrend trend = new GrowthTrend(Duration.ofMinutes(15));
    for (int i = 0; i < 10; i++) {
      trend.add(T0.plusSeconds(60L * i), 100 + 10 * i); // 10 units a minute, 190 at the end
    }
    assertThat(trend.steadyGrowthPerSecond()).hasValueSatisfying(s -> assertThat(s).isCloseTo(10 / 60.0, org.assertj.core.data.Offset.offset(1e-9)));
    assertThat(trend.timeTo(290)).contains(Duration.ofMinutes(10));
    assertThat(trend.timeTo(150)).contains(Duration.ZERO);
  }

  @Test
  void seesNoTrendInFewSamplesAFlatLineOrUpsAndDowns() {
    GrowthTrend few = new GrowthTrend(Duration.ofMinutes(30));
    for (int i = 0; i < GrowthTrend.MIN_SAMPLES - 1; i++) {
      few.add(T0.plusSeconds(60L * i), 100 + 10 * i);
    }
    assertThat(few.timeTo(1000)).isEmpty();

    GrowthTrend flat = new GrowthTrend(Duration.ofMinutes(30));
    for (int i = 0; i < 10; i++) {
      flat.add(T0.plusSeconds(60L * i), 100);
    }
    assertThat(flat.timeTo(1000)).isEmpty();

    GrowthTrend sawtooth = new GrowthTrend(Duration.ofMinutes(30));
    double[] values = {100, 140, 90, 150, 95, 160, 100, 170, 105, 175};
    for (int i = 0; i < values.length; i++) {
      sawtooth.add(T0.plusSeconds(60L * i), values[i]);
    }
    assertThat(sawtooth.timeTo(1000)).isEmpty();

    GrowthTrend shrinking = new GrowthTrend(Duration.ofMinutes(30));
    for (int i = 0; i < 10; i++) {
      shrinking.add(T0.plusSeconds(60L * i), 200 - 5 * i);
    }
    assertThat(shrinking.timeTo(1000)).isEmpty();
  }

  @Test
  void judgesASeriesOnlyOnceItCoversHalfTheWindow() {
    GrowthTrend trend = new GrowthTrend(Duration.ofMinutes(20));
    for (int i = 0; i < 10; i++) {
      trend.add(T0.plusSeconds(60L * i), 100 + 10 * i); // a warm-up ramp of 9 minutes
    }
    assertThat(trend.timeTo(1000)).isEmpty();
    trend.add(T0.plusSeconds(600), 200);
    assertThat(trend.timeTo(1000)).isPresent();

    trend.reset(); // restarted: a new series, judged half a window after its own first sample
    trend.add(T0.plusSeconds(660), 100);
    for (int i = 1; i < 10; i++) {
      trend.add(T0.plusSeconds(660 + 60L * i), 100 + 10 * i);
    }
    assertThat(trend.timeTo(1000)).isEmpty();
  }

  @Test
  void oldSamplesFallOutOfTheWindow() {
    GrowthTrend trend = new GrowthTrend(Duration.ofMinutes(5));
    for (int i = 0; i < 20; i++) {
      trend.add(T0.plusSeconds(60L * i), i < 10 ? 100 + 10 * i : 190);
    }
    assertThat(trend.size()).isEqualTo(6);
    assertThat(trend.timeTo(1000)).isEmpty(); // growth stopped five minutes ago
  }

  @Test
  void forgetsItsSeriesOnReset() {
    GrowthTrend trend = new GrowthTrend(Duration.ofMinutes(10));
    for (int i = 0; i < 10; i++) {
      trend.add(T0.plusSeconds(60L * i), 100 + 10 * i);
    }
    assertThat(trend.timeTo(1000)).isPresent();
    trend.reset();
    assertThat(trend.size()).isZero();
    assertThat(trend.timeTo(1000)).isEmpty();
  }
}
