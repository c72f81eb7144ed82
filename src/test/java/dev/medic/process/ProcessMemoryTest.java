package dev.medic.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.spi.ByteSize;
import dev.medic.support.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The leak projection of a process's memory, on a clock the test moves. */
class ProcessMemoryTest {

  private static final long MIB = 1024 * 1024;

  private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T10:00:00Z"));

  private ProcessMemory memory(String limit, Duration window, Duration horizon) {
    return new ProcessMemory(ByteSize.parse(limit), new ProcessCheck.Leak(window, horizon), clock);
  }

  @Test
  void steadyGrowthThatReachesTheLimitWithinTheHorizonIsALeakWithItsEta() {
    ProcessMemory m = memory("512MB", Duration.ofMinutes(20), Duration.ofHours(2));
    Map<String, Double> metrics = new HashMap<>();
    String text = "";
    // 2 MiB a minute from 300 MiB, sampled each minute for 10 minutes: 320 MiB at the end.
    for (int minute = 0; minute <= 10; minute++) {
      metrics.clear();
      text = m.sample("42", (300 + 2L * minute) * MIB, metrics);
      clock.advance(Duration.ofMinutes(1));
    }

    assertThat(metrics).containsEntry("memory_leak", 1.0).containsEntry("rss_bytes", 320.0 * MIB);
    assertThat(metrics.get("rss_pct")).isEqualTo(62.5);
    // (512 - 320) MiB at 2 MiB/min: 96 minutes.
    assertThat(metrics.get("memory_leak_eta_seconds")).isCloseTo(96 * 60.0, org.assertj.core.data.Offset.offset(1.0));
    assertThat(text).isEqualTo("rss 320 MiB growing 2 MiB/min, limit 512 MiB in ~1h36m");
  }

  @Test
  void growthThatReachesTheLimitOnlyAfterTheHorizonIsNoLeakButStillHasAnEta() {
    ProcessMemory m = memory("512MB", Duration.ofMinutes(20), Duration.ofHours(1));
    Map<String, Double> metrics = new HashMap<>();
    for (int minute = 0; minute <= 10; minute++) {
      metrics.clear();
      m.sample("42", (300 + 2L * minute) * MIB, metrics);
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(metrics).containsEntry("memory_leak", 0.0);
    assertThat(metrics.get("memory_leak_eta_seconds")).isGreaterThan(3600.0);
  }

  @Test
  void memoryGoingUpAndDownIsNoLeak() {
    ProcessMemory m = memory("512MB", Duration.ofMinutes(30), Duration.ofHours(24));
    Map<String, Double> metrics = new HashMap<>();
    String text = "";
    for (int minute = 0; minute <= 20; minute++) {
      metrics.clear();
      text = m.sample("42", (minute % 2 == 0 ? 300 : 340) * MIB, metrics);
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(metrics).containsEntry("memory_leak", 0.0).doesNotContainKey("memory_leak_eta_seconds");
    assertThat(text).isEqualTo("rss 300 MiB, limit 512 MiB");
  }

  @Test
  void aFastRampAtTheStartIsNotJudgedUntilTheSeriesCoversHalfTheWindow() {
    ProcessMemory m = memory("512MB", Duration.ofMinutes(10), Duration.ofHours(1));
    Map<String, Double> metrics = new HashMap<>();
    // Warming up for two minutes at 80 MiB a minute, sampled every 30 s, then settled at 260 MiB.
    for (int step = 0; step <= 20; step++) {
      long rss = (100 + 40L * Math.min(step, 4)) * MIB;
      metrics.clear();
      m.sample("42", rss, metrics);
      assertThat(metrics).as("after %ds", step * 30).containsEntry("memory_leak", 0.0);
      clock.advance(Duration.ofSeconds(30));
    }
  }

  @Test
  void aNewPidStartsANewSeriesSoARestartedProcessIsNotALeakAtOnce() {
    ProcessMemory m = memory("512MB", Duration.ofMinutes(10), Duration.ofHours(4));
    Map<String, Double> metrics = new HashMap<>();
    for (int minute = 0; minute <= 10; minute++) {
      m.sample("42", (300 + 2L * minute) * MIB, metrics);
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(metrics).containsEntry("memory_leak", 1.0);

    // Restarted: the new process grows as well, but its series is judged only from 5 minutes on.
    for (int minute = 0; minute < 5; minute++) {
      metrics.clear();
      m.sample("43", (100 + 2L * minute) * MIB, metrics);
      assertThat(metrics).as("minute %d", minute).containsEntry("memory_leak", 0.0);
      clock.advance(Duration.ofMinutes(1));
    }
    metrics.clear();
    m.sample("43", 110 * MIB, metrics);
    assertThat(metrics).containsEntry("memory_leak", 1.0);
  }

  @Test
  void samplesOlderThanTheWindowNoLongerCount() {
    ProcessMemory m = memory("512MB", Duration.ofMinutes(5), Duration.ofHours(2));
    Map<String, Double> metrics = new HashMap<>();
    for (int minute = 0; minute <= 10; minute++) {
      m.sample("42", (300 + 2L * minute) * MIB, metrics);
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(metrics).containsEntry("memory_leak", 1.0);
    // Flat for the whole window since: the old growth has fallen out of it.
    for (int minute = 0; minute <= 6; minute++) {
      metrics.clear();
      m.sample("42", 320 * MIB, metrics);
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(metrics).containsEntry("memory_leak", 0.0);
  }

  @Test
  void pastTheLimitTheEtaIsZeroAndTheMessageSaysReached() {
    ProcessMemory m = memory("100MB", Duration.ofMinutes(10), Duration.ofHours(1));
    Map<String, Double> metrics = new HashMap<>();
    String text = "";
    for (int minute = 0; minute <= 6; minute++) {
      metrics.clear();
      text = m.sample("42", (95 + 2L * minute) * MIB, metrics);
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(metrics).containsEntry("memory_leak_eta_seconds", 0.0).containsEntry("memory_leak", 1.0);
    assertThat(metrics.get("rss_pct")).isEqualTo(107.0);
    assertThat(text).isEqualTo("rss 107 MiB growing 2 MiB/min, limit 100 MiB reached");
  }

  @Test
  void withoutALimitOnlyRssIsReported() {
    ProcessMemory m = new ProcessMemory(null, ProcessCheck.Leak.defaults(), clock);
    Map<String, Double> metrics = new HashMap<>();
    assertThat(m.sample("42", 5 * MIB, metrics)).isEqualTo("rss 5 MiB");
    assertThat(metrics).containsOnlyKeys("rss_bytes");
  }

  @Test
  void etaIsWrittenInTwoUnitsAtMost() {
    assertThat(ProcessMemory.roughly(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(ProcessMemory.roughly(Duration.ofMinutes(12).plusSeconds(30))).isEqualTo("12m");
    assertThat(ProcessMemory.roughly(Duration.ofMinutes(96))).isEqualTo("1h36m");
    assertThat(ProcessMemory.roughly(Duration.ofHours(3))).isEqualTo("3h");
    assertThat(ProcessMemory.roughly(Duration.ofHours(51))).isEqualTo("2d3h");
  }

  @Test
  void vmRssIsReadFromProcStatus() {
    assertThat(ProcessMemory.parseVmRss("Name:\tpython3\nVmPeak:\t  400000 kB\nVmRSS:\t  317440 kB\nThreads:\t1\n"))
        .hasValue(317440L * 1024);
    assertThat(ProcessMemory.parseVmRss("Name:\tkthreadd\nState:\tS (sleeping)\n")).isEmpty();
    assertThat(ProcessMemory.rss(ProcessHandle.current().pid()).orElseThrow()).isGreaterThan(MIB);
    assertThat(ProcessMemory.rss(Long.MAX_VALUE)).isEmpty();
  }
}
