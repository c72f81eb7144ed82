package dev.medic.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.config.DetectSettings;
import dev.medic.spi.Observation;
import dev.medic.spi.ProbeResult;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlapDetectionTest {

  private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
  private int second;

  private Observation run(String check, boolean up) {
    ProbeResult r = up ? ProbeResult.up(Duration.ofMillis(3), Map.of(), "ok")
        : ProbeResult.down(Duration.ofMillis(3), Map.of(), "http_status", "503");
    return Observation.of(t0.plusSeconds(second++), "web", check, r);
  }

  /** Failures never raise their own condition here (100 in a row needed): only flapping is watched. */
  private static TargetDetector detector(DetectSettings.Flap flap) {
    return new TargetDetector("web", new DetectSettings(null, null, null, List.of(), null, flap), c -> 100, 1);
  }

  private static List<Signal> flapSignals(List<Signal> signals) {
    return signals.stream().filter(s -> s.condition().equals(TargetDetector.FLAPPING)).toList();
  }

  @Test
  void startsFlappingWhenTheWeightedChangeReachesHighWithThePercentageAndWindowInTheMessage() {
    TargetDetector d = detector(null); // defaults: window 21, high 50, low 25
    boolean up = true;
    assertThat(d.observe(run("http", up))).isEmpty();
    // Alternating from up: after k changes they sit at the newest places x = 20, 19, ..., 21-k of the
    // window, each weighing 0.8 + (x-1) * 0.4/19. Eight changes: 9.0105 of 20 = 45.05 %, below 50;
    // nine: 10.042 of 20 = 50.21 %.
    for (int change = 1; change <= 8; change++) {
      up = !up;
      assertThat(flapSignals(d.observe(run("http", up)))).as("change %d", change).isEmpty();
    }
    up = !up;
    assertThat(d.observe(run("http", up)))
        .singleElement().isInstanceOf(Signal.Raise.class)
        .satisfies(s -> {
          assertThat(s.condition()).isEqualTo("flapping");
          assertThat(s.message()).isEqualTo(
              "state changed in 50.2% of the last 21 runs (weighted; flapping from 50%, settles below 25%)");
        });
    assertThat(d.holds("flapping")).isTrue();
    assertThat(d.heldConditions()).contains("flapping");
  }

  @Test
  void keepsFlappingBetweenLowAndHighAndStopsOnlyBelowLow() {
    // Window 3: the two changes weigh 0.8 (older) and 1.2 (newer), over 2 places.
    TargetDetector d = detector(new DetectSettings.Flap(true, 3, 50, 25));
    d.observe(run("http", true));
    assertThat(d.observe(run("http", false))).singleElement()
        .satisfies(s -> assertThat(s.message()).startsWith("state changed in 60% of the last 3 runs"));
    // up, down, down: one change, now the older one: 0.8 / 2 = 40 %, between low and high.
    assertThat(d.observe(run("http", false))).isEmpty();
    assertThat(d.holds("flapping")).isTrue();
    // down, down, down: 0 %.
    assertThat(d.observe(run("http", false))).singleElement().isInstanceOf(Signal.Clear.class)
        .satisfies(s -> assertThat(s.message()).isEqualTo("state changed in 0% of the last 3 runs, below 25%"));
    assertThat(d.holds("flapping")).isFalse();
  }

  @Test
  void aTargetThatChangedAtEveryRunStopsFlappingFifteenSteadyRunsAfterItSettles() {
    TargetDetector d = detector(null);
    for (int i = 0; i < 21; i++) {
      d.observe(run("http", i % 2 == 0)); // 20 changes in 21 runs: 100 %
    }
    assertThat(d.holds("flapping")).isTrue();
    // Each steady run moves every change one place older: after 15, five are left at places 1..5,
    // weighing 4 + 10 x 0.4/19 = 4.21 of 20, 21.05 %, the first figure below 25.
    for (int steady = 1; steady < 15; steady++) {
      assertThat(d.observe(run("http", true))).as("steady run %d", steady).isEmpty();
    }
    assertThat(d.observe(run("http", true))).singleElement().isInstanceOf(Signal.Clear.class)
        .satisfies(s -> assertThat(s.message()).isEqualTo("state changed in 21.1% of the last 21 runs, below 25%"));
  }

  @Test
  void judgesTheTargetsStateNotEachCheckInTurn() {
    // One check always down, one always up, runs interleaved: the target is down throughout, which
    // is an outage, not flapping, although every other run is healthy.
    TargetDetector d = detector(new DetectSettings.Flap(true, 3, 50, 25));
    List<Signal> all = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      all.addAll(d.observe(run("http", false)));
      all.addAll(d.observe(run("tcp", true)));
    }
    assertThat(flapSignals(all)).isEmpty();
    // The same two checks taking turns failing do flap the target.
    all.clear();
    for (int i = 0; i < 4; i++) {
      all.addAll(d.observe(run("http", true)));
      all.addAll(d.observe(run("tcp", i % 2 == 0)));
    }
    assertThat(flapSignals(all)).isNotEmpty();
  }

  @Test
  void flapFalseNeverRaisesFlapping() {
    TargetDetector d = detector(DetectSettings.Flap.OFF);
    List<Signal> all = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      all.addAll(d.observe(run("http", i % 2 == 0)));
    }
    assertThat(flapSignals(all)).isEmpty();
    d.assumeRaised("flapping", List.of("http"));
    assertThat(d.holds("flapping")).isFalse();
  }

  @Test
  void anIncidentOpenBeforeARestartHoldsUntilTheRunsShowTheTargetSettled() {
    TargetDetector d = detector(new DetectSettings.Flap(true, 3, 50, 25));
    d.assumeRaised("flapping", List.of("http"));
    assertThat(d.holds("flapping")).isTrue();
    assertThat(d.observe(run("http", true))).isEmpty(); // the first run only starts the history
    assertThat(d.observe(run("http", true))).singleElement().isInstanceOf(Signal.Clear.class);
  }

  @Test
  void theHistoryBeforeARestartRaisesFlappingAgainWhenNoIncidentIsOpen() {
    TargetDetector d = detector(new DetectSettings.Flap(true, 3, 50, 25));
    List<Observation> history = List.of(run("http", true), run("http", false), run("http", true));
    assertThat(d.warm(history, List.of())).extracting(Signal::condition).contains("flapping");
  }

  @Test
  void aWindowWiderThanOneWordOfBitsWeighsEveryRunInItsPlace() {
    // 100 runs span two longs of the ring; the percentage must match the definition computed over a
    // plain list of the same states, at every step as the ring wraps around.
    FlapWatch watch = new FlapWatch("web", new DetectSettings.Flap(true, 100, 100, 99));
    java.util.Random random = new java.util.Random(42);
    java.util.ArrayDeque<Boolean> states = new java.util.ArrayDeque<>();
    List<Signal> ignored = new ArrayList<>();
    for (int run = 0; run < 350; run++) {
      boolean up = random.nextInt(4) != 0;
      watch.record(up, ignored);
      if (states.isEmpty()) {
        for (int i = 0; i < 100; i++) {
          states.add(up);
        }
      } else {
        states.removeFirst();
        states.addLast(up);
      }
      Boolean[] window = states.toArray(Boolean[]::new);
      double changes = 0;
      for (int x = 1; x < window.length; x++) {
        if (!window[x].equals(window[x - 1])) {
          changes += 0.8 + (x - 1) * 0.4 / 98;
        }
      }
      assertThat(watch.percentChange()).as("run %d", run).isCloseTo(changes * 100 / 99, org.assertj.core.data.Offset.offset(1e-9));
    }
  }

  @Test
  void recordingARunAllocatesNothingUnlessItSignals() {
    FlapWatch steady = new FlapWatch("web", DetectSettings.Flap.DEFAULTS);
    FlapWatch flapping = new FlapWatch("web", new DetectSettings.Flap(true, 100, 99.9, 99.8));
    List<Signal> signals = new ArrayList<>(4);
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().threadId();
    for (int warm = 0; warm < 3; warm++) {
      long before = threads.getThreadAllocatedBytes(id);
      for (int i = 0; i < 20_000; i++) {
        steady.record(true, signals);
        flapping.record(i % 3 != 0, signals); // changes often, never reaches 99.9 %
      }
      long allocated = threads.getThreadAllocatedBytes(id) - before;
      if (warm == 2) {
        assertThat(signals).isEmpty();
        assertThat(allocated).as("bytes allocated by 40,000 runs").isZero();
      }
    }
  }
}
