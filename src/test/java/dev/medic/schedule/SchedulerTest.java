package dev.medic.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.spi.Observation;
import dev.medic.spi.ProbeResult;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SchedulerTest {

  private final List<Observation> seen = new CopyOnWriteArrayList<>();

  private Scheduler scheduler() {
    return new Scheduler(Clock.systemUTC(), 64, 0.0, o -> seen.add(o), lag -> {});
  }

  private List<Observation> of(String check) {
    return seen.stream().filter(o -> o.check().equals(check)).toList();
  }

  @Test
  void hungCheckIsCutOffAtItsTimeoutAndNeverDelaysAnother() {
    AtomicInteger fastRuns = new AtomicInteger();
    CheckJob hung = new CheckJob("a", "hung", "test", timeout -> {
      Thread.sleep(Duration.ofHours(1));
      return ProbeResult.up(Duration.ZERO, Map.of(), "never");
    }, Duration.ofMillis(100), Duration.ofMillis(300));
    CheckJob fast = new CheckJob("b", "fast", "test", timeout -> {
      fastRuns.incrementAndGet();
      return ProbeResult.up(Duration.ZERO, Map.of(), "ok");
    }, Duration.ofMillis(50), Duration.ofMillis(300));
    try (Scheduler s = scheduler()) {
      s.schedule(List.of(hung, fast));
      await().atMost(Duration.ofSeconds(5)).until(() -> !of("hung").isEmpty());
      assertThat(of("hung").getFirst().condition()).isEqualTo("check_timeout");
      assertThat(of("hung").getFirst().message()).isEqualTo("no result within 300 ms");
      // While the hung check sat on its timeout, the fast one kept its pace (about 20 per second).
      assertThat(fastRuns.get()).isGreaterThanOrEqualTo(5);
    }
  }

  @Test
  void checkNeverOverlapsItself() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    CheckJob slow = new CheckJob("a", "slow", "test", timeout -> {
      maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
      Thread.sleep(120);
      running.decrementAndGet();
      return ProbeResult.up(Duration.ofMillis(120), Map.of(), "ok");
    }, Duration.ofMillis(20), Duration.ofSeconds(2));
    try (Scheduler s = scheduler()) {
      s.schedule(List.of(slow));
      await().atMost(Duration.ofSeconds(5)).until(() -> of("slow").size() >= 3 && s.skippedOverlaps() > 0);
      assertThat(maxRunning.get()).isEqualTo(1);
    }
  }

  @Test
  void exceptionInAProbeBecomesADownObservation() {
    CheckJob broken = new CheckJob("a", "broken", "test", timeout -> {
      throw new IllegalStateException("probe bug");
    }, Duration.ofMillis(50), Duration.ofSeconds(1));
    try (Scheduler s = scheduler()) {
      s.schedule(List.of(broken));
      await().atMost(Duration.ofSeconds(5)).until(() -> !of("broken").isEmpty());
      assertThat(of("broken").getFirst().condition()).isEqualTo("check_error");
      assertThat(of("broken").getFirst().message()).contains("probe bug");
    }
  }

  @Test
  void closeWaitsForAResultBeingHandledAndDeliversNoneAfterwards() throws Exception {
    CountDownLatch handling = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger delivered = new AtomicInteger();
    CountDownLatch probeStarted = new CountDownLatch(2);
    CountDownLatch probeRelease = new CountDownLatch(1);
    CheckJob first = new CheckJob("a", "first", "test", timeout ->
        ProbeResult.up(Duration.ZERO, Map.of(), "ok"), Duration.ofHours(1), Duration.ofSeconds(5));
    CheckJob late = new CheckJob("b", "late", "test", timeout -> {
      probeStarted.countDown();
      // Ends only after close(): its result must not reach the sink.
      probeRelease.await();
      return ProbeResult.up(Duration.ZERO, Map.of(), "ok");
    }, Duration.ofHours(1), Duration.ofSeconds(5));
    Scheduler s = new Scheduler(Clock.systemUTC(), 64, 0.0, o -> {
      delivered.incrementAndGet();
      if (o.check().equals("first")) {
        probeStarted.countDown();
        handling.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }, lag -> {});
    s.schedule(List.of(first, late));
    assertThat(probeStarted.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(handling.await(5, TimeUnit.SECONDS)).isTrue();

    Thread closing = Thread.ofVirtual().start(s::close);
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(closing::isAlive);
    release.countDown();
    assertThat(closing.join(Duration.ofSeconds(5))).as("close() returned").isTrue();

    probeRelease.countDown();
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> delivered.get() == 1);
  }

  @Test
  void runThatIgnoresItsInterruptKeepsReportingTimeoutsUntilItEnds() {
    java.util.concurrent.atomic.AtomicBoolean stuck = new java.util.concurrent.atomic.AtomicBoolean(true);
    CheckJob deaf = new CheckJob("a", "deaf", "test", timeout -> {
      while (stuck.get()) {
        Thread.onSpinWait(); // busy, never looks at its interrupt flag
      }
      return ProbeResult.up(Duration.ZERO, Map.of(), "back");
    }, Duration.ofMillis(100), Duration.ofMillis(150));
    try (Scheduler s = scheduler()) {
      s.schedule(List.of(deaf));
      // One timeout from the watchdog, then one per tick while the run stays stuck: enough for
      // a detector that needs three failures in a row.
      await().atMost(Duration.ofSeconds(5)).until(() -> of("deaf").size() >= 3);
      assertThat(of("deaf")).allSatisfy(o -> assertThat(o.condition()).isEqualTo("check_timeout"));
      assertThat(of("deaf")).extracting(Observation::message)
          .contains("no result within 150 ms", "the run cut off at 150 ms has still not ended");
      stuck.set(false);
      await().atMost(Duration.ofSeconds(5)).until(() -> of("deaf").getLast().healthy());
    }
  }
}
