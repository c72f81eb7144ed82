package dev.medic.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.config.DetectSettings;
import dev.medic.spi.Observation;
import dev.medic.spi.ProbeResult;
import dev.medic.support.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The crash-loop window against the clock: more than two exits within ten minutes raise it; it
 * clears once exits have aged out of the window and every check ran healthy since the last exit.
 */
class CrashLoopWindowTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration WITHIN = Duration.ofMinutes(10);

  private final SettableClock clock = new SettableClock(T0);
  private final TargetDetector detector = new TargetDetector("shop",
      new DetectSettings(null, null, null, List.of(), new DetectSettings.CrashLoop(2, WITHIN)), check -> 3, 1);

  private List<Signal> exitAfter(Duration d) {
    clock.advance(d);
    return detector.processExited(clock.instant());
  }

  private List<Signal> healthyAfter(Duration d, String check) {
    clock.advance(d);
    return detector.observe(Observation.of(clock.instant(), "shop", check,
        ProbeResult.up(Duration.ofMillis(2), Map.of(), "ok")));
  }

  private List<Signal> downAfter(Duration d) {
    clock.advance(d);
    return detector.observe(Observation.of(clock.instant(), "shop", "process",
        ProbeResult.down(null, Map.of(), "process_exited", "exited with 1")));
  }

  private static List<String> crashLoop(List<Signal> signals) {
    return signals.stream().filter(s -> s.condition().equals(TargetDetector.CRASH_LOOP))
        .map(s -> (s instanceof Signal.Raise ? "raise: " : "clear: ") + s.message()).toList();
  }

  /** Exits at 0, 5 min and 10 min: the third raises the loop. */
  private void loopRaisedAtTenMinutes() {
    assertThat(exitAfter(Duration.ZERO)).isEmpty();
    assertThat(exitAfter(Duration.ofMinutes(5))).isEmpty();
    assertThat(crashLoop(exitAfter(Duration.ofMinutes(5)))).containsExactly("raise: 3 exits within 10 min (limit 2)");
  }

  @Test
  void exitExactlyOneWindowOldStillCounts() {
    loopRaisedAtTenMinutes();
    assertThat(detector.holds(TargetDetector.CRASH_LOOP)).isTrue();
  }

  @Test
  void exitOlderThanTheWindowNoLongerCounts() {
    assertThat(exitAfter(Duration.ZERO)).isEmpty();
    assertThat(exitAfter(Duration.ofMinutes(5))).isEmpty();
    assertThat(exitAfter(Duration.ofMinutes(5).plusMillis(1))).as("the first exit aged out 1 ms ago").isEmpty();
    assertThat(detector.holds(TargetDetector.CRASH_LOOP)).isFalse();
    assertThat(crashLoop(exitAfter(Duration.ofMinutes(1)))).as("exits at 5, 10 and 11 min")
        .containsExactly("raise: 3 exits within 10 min (limit 2)");
  }

  /** Exits at 0, 1 and 2 min: the third raises the loop. */
  private void loopRaisedAtTwoMinutes() {
    exitAfter(Duration.ZERO);
    exitAfter(Duration.ofMinutes(1));
    assertThat(crashLoop(exitAfter(Duration.ofMinutes(1)))).containsExactly("raise: 3 exits within 10 min (limit 2)");
  }

  @Test
  void loopClearsOnceAnExitAgesOutAndTheServiceRanHealthySinceTheLast() {
    loopRaisedAtTwoMinutes();
    assertThat(crashLoop(healthyAfter(Duration.ofSeconds(30), "process"))).as("still 3 exits in the window").isEmpty();
    clock.set(T0.plus(WITHIN));
    assertThat(crashLoop(healthyAfter(Duration.ZERO, "process"))).as("the exit at 0 min is one window old: it counts").isEmpty();
    assertThat(crashLoop(healthyAfter(Duration.ofMillis(1), "process")))
        .containsExactly("clear: exits back to 2 within 10 min and every check healthy since the last");
    assertThat(detector.holds(TargetDetector.CRASH_LOOP)).isFalse();
  }

  @Test
  void exitsAgeingOutWhileTheServiceStaysDownDoNotEndTheLoop() {
    loopRaisedAtTenMinutes();
    assertThat(crashLoop(downAfter(Duration.ofHours(1)))).as("no exit left in the window, but still down").isEmpty();
    assertThat(crashLoop(downAfter(Duration.ofHours(1)))).isEmpty();
    assertThat(detector.holds(TargetDetector.CRASH_LOOP)).isTrue();
    assertThat(crashLoop(healthyAfter(Duration.ofMinutes(1), "process")))
        .containsExactly("clear: exits back to 0 within 10 min and every check healthy since the last");
  }

  @Test
  void healthyRunOnlyBeforeTheLastExitIsNoEvidenceTheServiceRunsAgain() {
    loopRaisedAtTwoMinutes();
    assertThat(healthyAfter(Duration.ofSeconds(1), "http")).isEmpty();
    assertThat(healthyAfter(Duration.ofSeconds(1), "process")).isEmpty();
    assertThat(exitAfter(Duration.ofSeconds(1))).as("a fourth exit: still the one loop").isEmpty();
    // Long after every exit aged out: process ran healthy since the last exit, http has not run since.
    assertThat(crashLoop(healthyAfter(Duration.ofHours(1), "process"))).isEmpty();
    assertThat(crashLoop(healthyAfter(Duration.ofSeconds(1), "http")))
        .containsExactly("clear: exits back to 0 within 10 min and every check healthy since the last");
  }

  @Test
  void loopThatEndedIsRaisedAgainByThreeNewExitsWithinTheWindow() {
    loopRaisedAtTenMinutes();
    healthyAfter(Duration.ofMinutes(11), "process");
    assertThat(detector.holds(TargetDetector.CRASH_LOOP)).isFalse();
    assertThat(exitAfter(Duration.ofMinutes(1))).as("the exits at 5 and 10 min aged out").isEmpty();
    assertThat(exitAfter(Duration.ofMinutes(1))).isEmpty();
    assertThat(crashLoop(exitAfter(Duration.ofMinutes(1)))).containsExactly("raise: 3 exits within 10 min (limit 2)");
  }
}
