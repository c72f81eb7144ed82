package dev.medic.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.config.DetectSettings;
import dev.medic.spi.ThresholdRule;
import dev.medic.spi.Observation;
import dev.medic.spi.ProbeResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetDetectorTest {

  private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

  private Observation ok(String check, int second, double latencyMs) {
    return Observation.of(t0.plusSeconds(second), "web", check,
        ProbeResult.up(Duration.ofMillis((long) latencyMs), Map.of("latency_ms", latencyMs), "ok"));
  }

  private Observation fail(String check, int second, String condition) {
    return Observation.of(t0.plusSeconds(second), "web", check,
        ProbeResult.down(Duration.ofMillis(5), Map.of(), condition, "broken"));
  }

  private static TargetDetector detector(DetectSettings s, int failures, int successes) {
    return new TargetDetector("web", s, check -> failures, successes);
  }

  @Test
  void raisesOnceAfterNConsecutiveFailuresAndClearsAfterMSuccesses() {
    TargetDetector d = detector(DetectSettings.none(), 3, 2);
    assertThat(d.observe(fail("http", 1, "http_error"))).isEmpty();
    assertThat(d.observe(fail("http", 2, "http_error"))).isEmpty();
    assertThat(d.observe(fail("http", 3, "http_error")))
        .singleElement().isInstanceOf(Signal.Raise.class)
        .extracting(Signal::condition).isEqualTo("http_error");
    assertThat(d.observe(fail("http", 4, "http_error"))).isEmpty();
    assertThat(d.observe(ok("http", 5, 3))).isEmpty();
    assertThat(d.observe(ok("http", 6, 3)))
        .singleElement().isInstanceOf(Signal.Clear.class);
  }

  @Test
  void aSuccessInBetweenRestartsTheCount() {
    TargetDetector d = detector(DetectSettings.none(), 3, 1);
    d.observe(fail("http", 1, "http_error"));
    d.observe(fail("http", 2, "http_error"));
    d.observe(ok("http", 3, 3));
    d.observe(fail("http", 4, "http_error"));
    assertThat(d.observe(fail("http", 5, "http_error"))).isEmpty();
  }

  @Test
  void windowCatchesAFlappingCheckThatNeverFailsThreeTimesInARow() {
    DetectSettings s = new DetectSettings(null, null, new DetectSettings.Window(6, 3), List.of(), null);
    TargetDetector d = detector(s, 3, 1);
    List<Signal> signals = new ArrayList<>();
    int second = 0;
    for (int i = 0; i < 3; i++) {
      signals.addAll(d.observe(fail("http", second++, "http_error")));
      signals.addAll(d.observe(ok("http", second++, 3)));
    }
    assertThat(signals).filteredOn(Signal.Raise.class::isInstance).singleElement()
        .satisfies(r -> assertThat(r.message()).contains("3 of the last 6 runs failed"));
  }

  @Test
  void thresholdMustHoldForItsDurationBeforeRaising() {
    DetectSettings s = new DetectSettings(null, null, null,
        List.of(ThresholdRule.parse("latency_ms > 2000 for 5m as high_latency")), null);
    TargetDetector d = detector(s, 3, 1);
    assertThat(d.observe(ok("http", 0, 2500))).isEmpty();
    assertThat(d.observe(ok("http", 200, 2600))).isEmpty();
    assertThat(d.observe(ok("http", 299, 2600))).isEmpty();
    assertThat(d.observe(ok("http", 300, 2700))).singleElement()
        .satisfies(sig -> {
          assertThat(sig).isInstanceOf(Signal.Raise.class);
          assertThat(sig.condition()).isEqualTo("high_latency");
        });
    assertThat(d.observe(ok("http", 301, 2700))).isEmpty();
    assertThat(d.observe(ok("http", 302, 100))).singleElement().isInstanceOf(Signal.Clear.class);
  }

  @Test
  void thresholdBreachInterruptedByAGoodSampleStartsOver() {
    DetectSettings s = new DetectSettings(null, null, null,
        List.of(ThresholdRule.parse("latency_ms > 2000 for 5m")), null);
    TargetDetector d = detector(s, 3, 1);
    d.observe(ok("http", 0, 2500));
    d.observe(ok("http", 200, 100));
    d.observe(ok("http", 250, 2500));
    assertThat(d.observe(ok("http", 400, 2500))).isEmpty();
    assertThat(d.observe(ok("http", 550, 2500))).singleElement()
        .extracting(Signal::condition).isEqualTo("latency_ms_threshold");
  }

  @Test
  void crashLoopRaisesWhenExitsInTheWindowExceedTheLimit() {
    DetectSettings s = new DetectSettings(null, null, null, List.of(),
        new DetectSettings.CrashLoop(5, Duration.ofHours(1)));
    TargetDetector d = detector(s, 1, 1);
    for (int i = 0; i < 5; i++) {
      assertThat(d.processExited(t0.plusSeconds(i * 60L))).isEmpty();
    }
    assertThat(d.processExited(t0.plusSeconds(360))).singleElement()
        .satisfies(sig -> {
          assertThat(sig).isInstanceOf(Signal.Raise.class);
          assertThat(sig.condition()).isEqualTo("crash_loop");
          assertThat(sig.message()).startsWith("6 exits within 60 min");
        });
    assertThat(d.observe(ok("process", 400, 1))).isEmpty();
    // Two hours later the window has slid past those exits: the next observation clears it.
    assertThat(d.observe(ok("process", 7200, 1))).singleElement().isInstanceOf(Signal.Clear.class);
  }

  private static TargetDetector moreThanTwoExitsIn10Minutes() {
    return detector(new DetectSettings(null, null, null, List.of(),
        new DetectSettings.CrashLoop(2, Duration.ofMinutes(10))), 1, 1);
  }

  @Test
  void exitsRecordedBeforeARestartOfMedicStillCountTowardACrashLoop() {
    TargetDetector d = moreThanTwoExitsIn10Minutes();
    List<Instant> before = List.of(t0.plusSeconds(10), t0.plusSeconds(70));
    assertThat(d.warmExits(before, t0.plusSeconds(100))).isEmpty();
    assertThat(d.processExited(t0.plusSeconds(120))).singleElement()
        .satisfies(sig -> assertThat(sig).isInstanceOf(Signal.Raise.class))
        .satisfies(sig -> assertThat(sig.message()).startsWith("3 exits within 10 min"));
  }

  @Test
  void resumedCrashLoopIsHeldByItsExitsNotClearedByAHealthyCheck() {
    TargetDetector d = moreThanTwoExitsIn10Minutes();
    d.assumeRaised("crash_loop", List.of("process"));
    List<Instant> before = List.of(t0.plusSeconds(10), t0.plusSeconds(20), t0.plusSeconds(30));
    assertThat(d.warmExits(before, t0.plusSeconds(60))).isEmpty();
    assertThat(d.observe(ok("process", 61, 1))).as("three exits still in the window").isEmpty();
    // Ten minutes after the last of them the loop is over.
    assertThat(d.observe(ok("process", 631, 1))).singleElement()
        .satisfies(sig -> assertThat(sig).isInstanceOf(Signal.Clear.class))
        .satisfies(sig -> assertThat(sig.condition()).isEqualTo("crash_loop"));
  }

  @Test
  void resumedCrashLoopWhoseExitsAgedOutClearsOnlyOnceTheServiceRunsAgain() {
    TargetDetector d = moreThanTwoExitsIn10Minutes();
    d.assumeRaised("crash_loop", List.of("process"));
    // Exits ageing out while medic was down (and the process with it) are no evidence the loop ended.
    assertThat(d.warmExits(List.of(), t0)).isEmpty();
    assertThat(d.holds("crash_loop")).isTrue();
    assertThat(d.observe(ok("process", 5, 1))).singleElement()
        .satisfies(sig -> assertThat(sig).isInstanceOf(Signal.Clear.class))
        .satisfies(sig -> assertThat(sig.message()).startsWith("exits back to 0"));
  }

  @Test
  void crashLoopHoldsWhileTheProcessStaysDownAfterItsExitsAgeOut() {
    TargetDetector d = moreThanTwoExitsIn10Minutes();
    d.processExited(t0.plusSeconds(1));
    d.processExited(t0.plusSeconds(2));
    assertThat(d.processExited(t0.plusSeconds(3))).singleElement().isInstanceOf(Signal.Raise.class);
    // No restart in a crash loop: the process check keeps failing, long after the window.
    assertThat(d.observe(fail("process", 3600, "process_exited")))
        .noneSatisfy(sig -> assertThat(sig.condition()).isEqualTo("crash_loop"));
    assertThat(d.holds("crash_loop")).isTrue();
    // Started again by hand and healthy: the loop is over.
    assertThat(d.observe(ok("process", 3700, 1))).anySatisfy(sig -> {
      assertThat(sig).isInstanceOf(Signal.Clear.class);
      assertThat(sig.condition()).isEqualTo("crash_loop");
    });
    assertThat(d.holds("crash_loop")).isFalse();
  }

  @Test
  void crashLoopResumedOnATargetThatNoLongerWatchesForOneIsNotHeld() {
    TargetDetector d = detector(DetectSettings.none(), 1, 1);
    d.assumeRaised("crash_loop", List.of("process"));
    // Nothing could ever clear it: not held, so its incident closes instead of muting the target.
    assertThat(d.holds("crash_loop")).isFalse();
    assertThat(d.heldConditions()).isEmpty();
  }

  @Test
  void resumedCrashLoopWaitsForEveryConfiguredCheckNotJustTheFirstToReport() {
    TargetDetector d = moreThanTwoExitsIn10Minutes();
    d.assumeRaised("crash_loop", List.of("process", "http"));
    assertThat(d.observe(ok("process", 5, 1))).isEmpty();
    assertThat(d.holds("crash_loop")).isTrue();
    assertThat(d.observe(ok("http", 6, 1))).singleElement().isInstanceOf(Signal.Clear.class);
  }

  @Test
  void thresholdConditionResumedAfterRestartClearsOnlyOnTheMetricSeenBack() {
    DetectSettings s = new DetectSettings(null, null, null,
        List.of(ThresholdRule.parse("stalled_seconds_jobs > 60 for 0s as stalled_queue")), null);
    TargetDetector d = detector(s, 3, 1);
    d.assumeRaised("stalled_queue", List.of("http", "redis"));
    // The http check answers fine and never reports the metric: it was not the one holding the stall.
    assertThat(d.observe(ok("http", 1, 2))).isEmpty();
    assertThat(d.holds("stalled_queue")).isTrue();
    // A failed run of the redis check lost its numbers: that says nothing about the stall either.
    assertThat(d.observe(fail("redis", 1, "redis_connection_error"))).isEmpty();
    assertThat(d.holds("stalled_queue")).isTrue();
    Observation stillStalled = Observation.of(t0.plusSeconds(2), "web", "redis",
        ProbeResult.up(Duration.ofMillis(2), Map.of("stalled_seconds_jobs", 120.0), "ok"));
    assertThat(d.observe(stillStalled)).isEmpty();
    Observation moving = Observation.of(t0.plusSeconds(3), "web", "redis",
        ProbeResult.up(Duration.ofMillis(2), Map.of("stalled_seconds_jobs", 0.0), "ok"));
    assertThat(d.observe(moving)).singleElement().isInstanceOf(Signal.Clear.class);
  }

  @Test
  void warmingFromHistoryRestoresAThresholdTimerAndRaisesWhatHasNoIncident() {
    DetectSettings s = new DetectSettings(null, null, null,
        List.of(ThresholdRule.parse("latency_ms > 2000 for 60s as slow")), null);
    TargetDetector d = detector(s, 3, 1);
    List<Observation> history = List.of(ok("a", 0, 2500), ok("a", 30, 2500));
    assertThat(d.warm(history, List.of())).isEmpty();
    // The breach started at second 0 before the restart: at second 60 it has held for its minute.
    assertThat(d.observe(ok("a", 60, 2500))).singleElement().isInstanceOf(Signal.Raise.class);
    TargetDetector other = detector(s, 3, 1);
    List<Observation> held = List.of(ok("a", 0, 2500), ok("a", 61, 2500));
    assertThat(other.warm(held, List.of())).singleElement().isInstanceOf(Signal.Raise.class);
    assertThat(detector(s, 3, 1).warm(held, List.of("slow"))).isEmpty();
  }

  @Test
  void conditionHeldByTwoChecksClearsOnlyWhenBothRecover() {
    TargetDetector d = detector(DetectSettings.none(), 1, 1);
    d.observe(fail("a", 1, "http_error"));
    d.observe(fail("b", 1, "http_error"));
    assertThat(d.observe(ok("a", 2, 3))).isEmpty();
    assertThat(d.observe(ok("b", 2, 3))).singleElement().isInstanceOf(Signal.Clear.class);
  }

  @Test
  void eachCheckTimesItsOwnThresholdBreach() {
    DetectSettings s = new DetectSettings(null, null, null,
        List.of(ThresholdRule.parse("latency_ms > 2000 for 60s as slow")), null);
    TargetDetector d = detector(s, 3, 1);
    d.observe(ok("a", 0, 2500));
    // A fast sample of another check does not reset check a's clock.
    d.observe(ok("b", 30, 10));
    assertThat(d.observe(ok("a", 60, 2500))).singleElement().isInstanceOf(Signal.Raise.class);
  }

  @Test
  void baselineRuleRaisesWhenASampleIsFarAboveTheRollingMean() {
    ThresholdRule rule = ThresholdRule.parse("processing_ms > 3x baseline over 1h as latency_anomaly");
    assertThat(rule.toString()).isEqualTo("processing_ms > 3x baseline over 1h as latency_anomaly");
    DetectSettings s = new DetectSettings(null, null, null, List.of(rule), null);
    TargetDetector d = detector(s, 3, 1);
    int second = 0;
    for (int i = 0; i < 4; i++) {
      assertThat(d.observe(metric("sql", second++, 100))).isEmpty();
    }
    // Four samples are not yet a baseline: even a far sample says nothing (and joins the baseline).
    assertThat(d.observe(metric("sql", second++, 130))).isEmpty();
    for (int i = 0; i < 2; i++) {
      assertThat(d.observe(metric("sql", second++, 100 + i))).isEmpty();
    }
    assertThat(d.observe(metric("sql", second++, 290))).as("2.9x the mean").isEmpty();
    assertThat(d.observe(metric("sql", second++, 900))).singleElement()
        .satisfies(sig -> assertThat(sig.condition()).isEqualTo("latency_anomaly"));
    assertThat(d.observe(metric("sql", second++, 110))).singleElement().isInstanceOf(Signal.Clear.class);
  }

  @Test
  void checkRulesApplyOnlyToTheirOwnCheck() {
    TargetDetector d = new TargetDetector("web", DetectSettings.none(), c -> 3, 1,
        Map.of("db", List.of(ThresholdRule.parse("connections_pct > 90 as db_pool_exhausted"))));
    assertThat(d.observe(metric("other", 1, 95, "connections_pct"))).isEmpty();
    assertThat(d.observe(metric("db", 2, 95, "connections_pct"))).singleElement()
        .satisfies(sig -> assertThat(sig.condition()).isEqualTo("db_pool_exhausted"));
  }

  @Test
  void conditionHeldByAThresholdStaysRaisedWhenTheCheckThatAlsoRaisedItRecovers() {
    // A postgres check refused for too many connections fails with db_pool_exhausted, and its own
    // rule raises the same condition from connections_pct.
    TargetDetector d = new TargetDetector("web", DetectSettings.none(), c -> 2, 1,
        Map.of("db", List.of(ThresholdRule.parse("connections_pct > 90 as db_pool_exhausted"))));
    assertThat(d.observe(metric("db", 1, 95, "connections_pct"))).singleElement()
        .isInstanceOf(Signal.Raise.class);
    d.observe(fail("db", 2, "db_pool_exhausted"));
    d.observe(fail("db", 3, "db_pool_exhausted"));
    // The check connects again, but the pool is still at 95%: the condition still holds.
    assertThat(d.observe(metric("db", 4, 95, "connections_pct"))).isEmpty();
    assertThat(d.observe(metric("db", 5, 50, "connections_pct"))).singleElement()
        .satisfies(sig -> {
          assertThat(sig).isInstanceOf(Signal.Clear.class);
          assertThat(sig.condition()).isEqualTo("db_pool_exhausted");
        });
  }

  @Test
  void conditionHeldByAFailingCheckStaysRaisedWhenAThresholdThatAlsoRaisedItLetsGo() {
    TargetDetector d = new TargetDetector("web", DetectSettings.none(), c -> 1, 1,
        Map.of("pool", List.of(ThresholdRule.parse("connections_pct > 90 as db_pool_exhausted"))));
    assertThat(d.observe(metric("pool", 1, 95, "connections_pct"))).singleElement()
        .isInstanceOf(Signal.Raise.class);
    d.observe(fail("db", 2, "db_pool_exhausted"));
    // The pool gauge recovers while the db check still cannot get a connection.
    assertThat(d.observe(metric("pool", 3, 50, "connections_pct"))).isEmpty();
    assertThat(d.observe(ok("db", 4, 3))).singleElement()
        .satisfies(sig -> {
          assertThat(sig).isInstanceOf(Signal.Clear.class);
          assertThat(sig.condition()).isEqualTo("db_pool_exhausted");
        });
  }

  private Observation metric(String check, int second, double value) {
    return metric(check, second, value, "processing_ms");
  }

  private Observation metric(String check, int second, double value, String name) {
    return Observation.of(t0.plusSeconds(second), "web", check,
        ProbeResult.up(Duration.ofMillis(1), Map.of(name, value), "ok"));
  }
}
