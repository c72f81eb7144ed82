package dev.medic.host;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CPU time counters of {@code /proc/stat}, in clock ticks since boot: all CPUs together
 * ({@code cpu}) and each one ({@code cpu0}, {@code cpu1}, ...). Only differences between two reads
 * mean anything: that is how busy the CPUs were in between.
 */
record CpuTimes(Map<String, Ticks> byCpu) {

  /**
   * @param busy ticks spent on anything but idling or waiting for I/O
   * @param total every tick, idle included
   */
  record Ticks(long busy, long total) {}

  /** The label of all CPUs together. */
  static final String ALL = "cpu";

  CpuTimes {
    byCpu = Map.copyOf(byCpu);
  }

  /**
   * Reads the {@code cpu} lines: {@code cpu0 user nice system idle iowait irq softirq steal guest
   * guest_nice}. Guest time is already counted in user time, so it is left out of the total; I/O
   * wait counts as idle (the CPU could have run something else), as {@code top} counts it.
   */
  static CpuTimes parse(String procStat) {
    Map<String, Ticks> byCpu = new LinkedHashMap<>();
    for (String line : procStat.split("\n")) {
      if (!line.startsWith("cpu")) {
        continue;
      }
      String[] f = line.trim().split("\\s+");
      if (f.length < 5) {
        continue;
      }
      long total = 0;
      for (int i = 1; i < Math.min(f.length, 9); i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
      byCpu.put(f[0], new Ticks(total - idle, total));
    }
    if (!byCpu.containsKey(ALL)) {
      throw new IllegalArgumentException("no 'cpu' line in /proc/stat");
    }
    return new CpuTimes(byCpu);
  }

  /**
   * Percent busy per CPU between an earlier read and this one, by label ({@code cpu}, {@code cpu0}).
   * A CPU with no ticks in between (taken offline, or reads too close together) is left out.
   */
  Map<String, Double> busyPctSince(CpuTimes earlier) {
    Map<String, Double> pct = new LinkedHashMap<>();
    byCpu.forEach((cpu, now) -> {
      Ticks before = earlier.byCpu.get(cpu);
      if (before == null) {
        return;
      }
      long total = now.total() - before.total();
      long busy = now.busy() - before.busy();
      if (total <= 0 || busy < 0) {
        return;
      }
      pct.put(cpu, Math.min(100.0, 100.0 * busy / total));
    });
    return pct;
  }
}
