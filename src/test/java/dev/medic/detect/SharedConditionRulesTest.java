package dev.medic.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.config.DetectSettings;
import dev.medic.spi.ThresholdRule;
import dev.medic.spi.Observation;
import dev.medic.spi.ProbeResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Several rules of one check naming the same condition, as a redis check's rule per queue does. */
class SharedConditionRulesTest {

  private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

  private final TargetDetector detector = new TargetDetector("cache", DetectSettings.none(), c -> 3, 1,
      Map.of("redis", List.of(
          ThresholdRule.parse("stalled_seconds_a >= 60 as stalled_queue"),
          ThresholdRule.parse("stalled_seconds_b >= 60 as stalled_queue"),
          ThresholdRule.parse("key_exists < 1 as stale_data"),
          ThresholdRule.parse("key_age_seconds > 3600 as stale_data"))));

  private List<Signal> observe(int second, Map<String, Double> metrics) {
    return detector.observe(Observation.of(t0.plusSeconds(second), "cache", "redis",
        ProbeResult.up(Duration.ofMillis(1), metrics, "ok")));
  }

  @Test
  void conditionRaisedByTwoRulesClearsOnlyWhenNeitherHoldsIt() {
    assertThat(observe(1, Map.of("stalled_seconds_a", 90.0, "stalled_seconds_b", 0.0)))
        .singleElement().isInstanceOf(Signal.Raise.class);
    // b stalls too: the condition is already held, nothing new.
    assertThat(observe(2, Map.of("stalled_seconds_a", 91.0, "stalled_seconds_b", 70.0))).isEmpty();
    // a recovers while b is still stalled: the incident must stay open.
    assertThat(observe(3, Map.of("stalled_seconds_a", 0.0, "stalled_seconds_b", 71.0))).isEmpty();
    assertThat(observe(4, Map.of("stalled_seconds_a", 0.0, "stalled_seconds_b", 0.0)))
        .singleElement().isInstanceOf(Signal.Clear.class)
        .extracting(Signal::condition).isEqualTo("stalled_queue");
  }

  @Test
  void oneRuleLettingGoWhileAnotherTakesOverInTheSameObservationKeepsTheConditionRaised() {
    // The key is missing, then reappears but old: stale_data throughout, without a clear in between.
    assertThat(observe(1, Map.of("key_exists", 0.0))).singleElement().isInstanceOf(Signal.Raise.class);
    assertThat(observe(2, Map.of("key_exists", 1.0, "key_age_seconds", 7200.0))).isEmpty();
    assertThat(observe(3, Map.of("key_exists", 1.0, "key_age_seconds", 10.0)))
        .singleElement().isInstanceOf(Signal.Clear.class);
  }
}
