package dev.medic.host;

import java.util.HashMap;
import java.util.Map;

/**
 * Memory and swap from {@code /proc/meminfo}. Used memory is what the kernel could not hand to a
 * new program without swapping ({@code MemTotal - MemAvailable}): page cache the kernel drops on
 * demand is not counted, or every long-running host would look full.
 */
record MemInfo(long totalBytes, long availableBytes, long swapTotalBytes, long swapFreeBytes) {

  static MemInfo parse(String procMeminfo) {
    Map<String, Long> kib = new HashMap<>();
    for (String line : procMeminfo.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String[] value = line.substring(colon + 1).trim().split("\\s+");
      try {
        kib.put(line.substring(0, colon), Long.parseLong(value[0]));
      } catch (NumberFormatException e) {
        // not a number: a field this reader does not use
      }
    }
    Long total = kib.get("MemTotal");
    if (total == null || total <= 0) {
      throw new IllegalArgumentException("no MemTotal in /proc/meminfo");
    }
    // Kernels before 3.14 have no MemAvailable: free memory plus what caches give back is close.
    long available = kib.containsKey("MemAvailable")
        ? kib.get("MemAvailable")
        : kib.getOrDefault("MemFree", 0L) + kib.getOrDefault("Buffers", 0L) + kib.getOrDefault("Cached", 0L);
    return new MemInfo(total * 1024, Math.min(total, available) * 1024,
        kib.getOrDefault("SwapTotal", 0L) * 1024, kib.getOrDefault("SwapFree", 0L) * 1024);
  }

  double memoryPct() {
    return 100.0 * (totalBytes - availableBytes) / totalBytes;
  }

  /** Zero on a host without swap. */
  double swapPct() {
    return swapTotalBytes <= 0 ? 0 : 100.0 * (swapTotalBytes - swapFreeBytes) / swapTotalBytes;
  }
}
