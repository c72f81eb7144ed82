package dev.medic.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The /proc and stat -f readers on text recorded from real hosts. */
class HostParsersTest {

  private static final String STAT_BEFORE = """
      cpu  18626 0 4528 56546 460 0 105 44 0 0
      cpu0 9341 0 1817 28887 59 0 15 16 0 0
      cpu1 9285 0 2710 27659 401 0 89 28 0 0
      intr 4461289 0 9 0 0 0 0 0 0 0 0
      ctxt 9006317
      btime 1764512345
      procs_running 2
      """;

  // 100 ticks later per CPU: cpu0 spent 75 busy (60 user, 10 system, 5 softirq), 25 idle;
  // cpu1 spent 10 in iowait and 90 idle: waiting for I/O is idle.
  private static final String STAT_AFTER = """
      cpu  18686 0 4538 56661 470 0 110 44 0 0
      cpu0 9401 0 1827 28912 59 0 20 16 0 0
      cpu1 9285 0 2710 27749 411 0 89 28 0 0
      intr 4461389 0 9 0 0 0 0 0 0 0 0
      """;

  @Test
  void cpuBusyIsTheShareOfNonIdleTicksBetweenTwoReadsWithIoWaitCountedIdle() {
    Map<String, Double> busy = CpuTimes.parse(STAT_AFTER).busyPctSince(CpuTimes.parse(STAT_BEFORE));

    assertThat(busy).containsOnlyKeys("cpu", "cpu0", "cpu1");
    assertThat(busy.get("cpu0")).isCloseTo(75.0, within(1e-9));
    assertThat(busy.get("cpu1")).isCloseTo(0.0, within(1e-9));
    assertThat(busy.get("cpu")).isCloseTo(37.5, within(1e-9));
  }

  @Test
  void aCpuWithoutTicksInBetweenIsLeftOutRatherThanReportedIdle() {
    Map<String, Double> busy = CpuTimes.parse(STAT_BEFORE).busyPctSince(CpuTimes.parse(STAT_BEFORE));
    assertThat(busy).isEmpty();
  }

  @Test
  void procStatWithoutACpuLineIsRefused() {
    assertThatThrownBy(() -> CpuTimes.parse("intr 1 2 3\n")).hasMessageContaining("no 'cpu' line");
  }

  private static final String MEMINFO = """
      MemTotal:        8039412 kB
      MemFree:          412096 kB
      MemAvailable:    2009853 kB
      Buffers:          123456 kB
      Cached:          1400000 kB
      SwapCached:            0 kB
      SwapTotal:       2097148 kB
      SwapFree:        1572861 kB
      HugePages_Total:       0
      Hugepagesize:       2048 kB
      """;

  @Test
  void memoryInUseIsTotalMinusAvailableNotMinusFree() {
    MemInfo mem = MemInfo.parse(MEMINFO);
    assertThat(mem.totalBytes()).isEqualTo(8039412L * 1024);
    assertThat(mem.availableBytes()).isEqualTo(2009853L * 1024);
    // (8039412 - 2009853) / 8039412: page cache does not count as used.
    assertThat(mem.memoryPct()).isCloseTo(75.0, within(0.01));
    assertThat(mem.swapPct()).isCloseTo(25.0, within(0.01));
  }

  @Test
  void hostWithoutSwapHasZeroSwapPctAndOldKernelsWithoutMemAvailableCountCachesAsFree() {
    MemInfo mem = MemInfo.parse("""
        MemTotal:        1000 kB
        MemFree:          100 kB
        Buffers:          100 kB
        Cached:           300 kB
        SwapTotal:          0 kB
        SwapFree:           0 kB
        """);
    assertThat(mem.memoryPct()).isCloseTo(50.0, within(1e-9));
    assertThat(mem.swapPct()).isZero();
  }

  @Test
  void loadAverageReadsTheFirstThreeFields() {
    LoadAverage load = LoadAverage.parse("1.24 0.74 0.34 1/172 11779\n");
    assertThat(load).isEqualTo(new LoadAverage(1.24, 0.74, 0.34));
  }

  @Test
  void fileHandlesArePercentOfTheSystemMaximum() {
    FileHandles fds = FileHandles.parse("9216\t0\t10240\n");
    assertThat(fds.inUse()).isEqualTo(9216);
    assertThat(fds.pct()).isCloseTo(90.0, within(1e-9));
    // Kernels with an unlimited fs.file-max report the largest long: never near full.
    assertThat(FileHandles.parse("995\t0\t9223372036854775807\n").pct()).isLessThan(1e-9);
  }

  @Test
  void zombieStatLineGivesNameAndPidEvenWithParenthesesAndSpacesInTheName() {
    assertThat(Zombies.zombie("4711 (my (odd) worker) Z 1 4711 4711 0 -1 4227148 0 0 0 0"))
        .contains("my (odd) worker (4711)");
    assertThat(Zombies.zombie("4712 (sleep) S 1 4712 4712 0 -1 4194304 105 0 0 0")).isEmpty();
    // A name ending in ") Z" is still a sleeping process: the state follows the LAST ')'.
    assertThat(Zombies.zombie("4713 (x) Z) R 1 4713")).isEmpty();
  }

  @Test
  void statFsAnswerGivesUsableSpaceAndInodes() throws Exception {
    assertThat(FileSystemUse.argv("/var/lib/postgresql"))
        .containsExactly("stat", "-f", "-c", "%b %a %S %c %d", "/var/lib/postgresql");
    FileSystemUse use = FileSystemUse.parse("66053021 20501478 4096 16777216 16357436\n");
    assertThat(use.totalBytes()).isEqualTo(66053021L * 4096);
    assertThat(use.usableBytes()).isEqualTo(20501478L * 4096);
    assertThat(use.freePct()).isCloseTo(31.04, within(0.01));
    assertThat(use.inodesFreePct()).isCloseTo(97.5, within(0.01));
    // btrfs has no fixed inode table: 0 total is never "full".
    assertThat(FileSystemUse.parse("100 50 4096 0 0").inodesFreePct()).isEqualTo(100.0);
    assertThatThrownBy(() -> FileSystemUse.parse("stat: cannot read")).hasMessageContaining("unexpected answer from stat -f");
  }
}
