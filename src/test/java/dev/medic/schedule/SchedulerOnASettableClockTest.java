package dev.medic.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.spi.Observation;
import dev.medic.spi.Probe;
import dev.medic.spi.ProbeResult;
import dev.medic.support.ManualScheduler;
import dev.medic.support.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When checks run, with time moved by the test: each case takes milliseconds. */
class SchedulerOnASettableClockTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final SettableClock clock = new SettableClock(T0);
  private final List<Observation> seen = new CopyOnWriteArrayList<>();
  private final ManualScheduler manual = new ManualScheduler(clock, o -> seen.add(o));

  @AfterEach
  void close() {
    manual.close();
  }

  /** A probe that answers at once and counts its closes. */
  private static final class Up implements Probe {
    final AtomicInteger closes = new AtomicInteger();

    @Override
    public ProbeResult run(Duration timeout) {
      return ProbeResult.up(Duration.ZERO, Map.of(), "ok");
    }

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }

  private static CheckJob every5s(String check, Probe probe) {
    return new CheckJob("web", check, "test", probe, Duration.ofSeconds(5), Duration.ofSeconds(1));
  }

  private List<Instant> runsOf(String check) {
    return seen.stream().filter(o -> o.check().equals(check)).map(Observation::at).toList();
  }

  private static Instant at(double seconds) {
    return T0.plusMillis((long) (seconds * 1000));
  }

  @Test
  void checkDueEvery5sRunsExactlyTwiceWhenTheClockAdvances10s() {
    manual.scheduler().schedule(List.of(every5s("http", new Up())));
    assertThat(manual.runDue()).as("the start-up run").isEqualTo(1);
    seen.clear();

    manual.tick(Duration.ofSeconds(10));

    assertThat(runsOf("http")).containsExactly(at(5), at(10));
  }

  @Test
  void rescheduleWithTheSameJobKeepsItsPhase() {
    Up probe = new Up();
    CheckJob job = every5s("http", probe);
    manual.scheduler().schedule(List.of(job));
    manual.runDue();
    manual.tick(Duration.ofMillis(2500));

    manual.scheduler().schedule(List.of(job)); // a reload that left the target unchanged
    manual.tick(Duration.ofMillis(7500));

    assertThat(runsOf("http")).containsExactly(at(0), at(5), at(10));
    assertThat(probe.closes.get()).as("the same probe runs on").isZero();
  }

  @Test
  void rescheduleWithAChangedJobClosesTheOldProbeAndStartsAfreshOnANewPhase() {
    Up before = new Up();
    manual.scheduler().schedule(List.of(every5s("http", before)));
    manual.runDue();
    manual.tick(Duration.ofMillis(2500));

    Up after = new Up();
    manual.scheduler().schedule(List.of(every5s("http", after))); // same key, new settings
    manual.tick(Duration.ofMillis(7500));

    assertThat(runsOf("http")).containsExactly(at(0), at(2.5), at(7.5));
    assertThat(before.closes.get()).isEqualTo(1);
    assertThat(after.closes.get()).isZero();
  }

  @Test
  void checkLeftOutOfTheScheduleIsClosedAndRunsNoMore() {
    Up kept = new Up();
    Up dropped = new Up();
    CheckJob keptJob = every5s("kept", kept);
    manual.scheduler().schedule(List.of(keptJob, every5s("dropped", dropped)));
    manual.runDue();

    manual.scheduler().schedule(List.of(keptJob));
    manual.tick(Duration.ofSeconds(10));

    assertThat(runsOf("dropped")).containsExactly(at(0));
    assertThat(runsOf("kept")).containsExactly(at(0), at(5), at(10));
    assertThat(dropped.closes.get()).isEqualTo(1);
    assertThat(manual.scheduler().size()).isEqualTo(1);
  }

  @Test
  void runThatStartsLateReportsHowLateAndTheNextKeepsItsPhase() {
    manual.scheduler().schedule(List.of(every5s("http", new Up())));
    manual.runDue();

    clock.advance(Duration.ofSeconds(7)); // the timer thread did not get to run until 2 s after the due time
    manual.runDue();
    manual.tick(Duration.ofSeconds(3));

    assertThat(runsOf("http")).containsExactly(at(0), at(7), at(10));
    assertThat(manual.lags()).containsExactly(Duration.ofSeconds(2), Duration.ZERO);
  }

  @Test
  void closedSchedulerRunsNothingMore() {
    manual.scheduler().schedule(List.of(every5s("http", new Up())));
    manual.runDue();
    manual.close();

    manual.tick(Duration.ofMinutes(1));

    assertThat(runsOf("http")).containsExactly(at(0));
  }
}
