package dev.medic.process;

import dev.medic.spi.ByteSize;
import dev.medic.spi.GrowthTrend;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The resident memory of a watched process, and whether it leaks: with a {@code memory_limit}, the
 * samples of the leak window are fitted with a line ({@link GrowthTrend}) and a steady growth that
 * reaches the limit within the horizon is {@code memory_leak = 1}, raised while there is still time
 * to act. A new process (another pid: restarted) starts a new series, since its memory starts
 * afresh, and is judged only once it covers half the window (see {@link GrowthTrend}).
 *
 * <p>Not thread-safe: one per probe, whose runs never overlap.
 */
final class ProcessMemory {

  private final ByteSize limit;
  private final Duration horizon;
  private final GrowthTrend trend;
  private final Clock clock;
  /** Which process the series is of: its pid, or the pids of all processes a match found. */
  private String identity;

  /** @param limit null: report rss_bytes only, no leak projection */
  ProcessMemory(ByteSize limit, ProcessCheck.Leak leak, Clock clock) {
    this.limit = limit;
    this.horizon = leak.horizon();
    this.trend = limit == null ? null : new GrowthTrend(leak.window());
    this.clock = clock;
  }

  /** The process is gone: the next one starts a new series. */
  void reset() {
    identity = null;
    if (trend != null) {
      trend.reset();
    }
  }

  /**
   * Records one sample and puts {@code rss_bytes} (and, with a limit, {@code rss_pct}, {@code
   * memory_leak} and, while it grows steadily, {@code memory_leak_eta_seconds}) into metrics.
   *
   * @param identity the pid, or what else tells one process (or set of processes) from the next
   * @return the summary for the message: {@code rss 310 MiB growing 2.1 MiB/min, limit 512 MiB in ~1h36m}
   */
  String sample(String identity, long rssBytes, Map<String, Double> metrics) {
    if (!identity.equals(this.identity)) {
      reset();
      this.identity = identity;
    }
    metrics.put("rss_bytes", (double) rssBytes);
    String text = "rss " + ByteSize.format(rssBytes);
    if (limit == null) {
      return text;
    }
    Instant now = clock.instant();
    trend.add(now, rssBytes);
    metrics.put("rss_pct", 100.0 * rssBytes / limit.bytes());
    Optional<Duration> eta = trend.timeTo(limit.bytes());
    boolean leaking = eta.isPresent() && eta.get().compareTo(horizon) <= 0;
    metrics.put("memory_leak", leaking ? 1.0 : 0.0);
    String ofLimit = "limit " + ByteSize.format(limit.bytes());
    if (eta.isEmpty()) {
      return text + ", " + ofLimit;
    }
    metrics.put("memory_leak_eta_seconds", eta.get().toMillis() / 1000.0);
    double perMinute = trend.steadyGrowthPerSecond().orElse(0.0) * 60;
    String growth = " growing " + ByteSize.format(perMinute) + "/min, ";
    return text + growth + (eta.get().isZero() ? ofLimit + " reached" : ofLimit + " in ~" + roughly(eta.get()));
  }

  /** {@code 1h36m}, {@code 12m}, {@code 45s}, {@code 2d3h}: two units at most, for a person to read. */
  static String roughly(Duration d) {
    long s = Math.max(1, d.toSeconds());
    if (s < 60) {
      return s + "s";
    }
    long m = s / 60;
    if (m < 60) {
      return m + "m";
    }
    long h = m / 60;
    if (h < 24) {
      return h + "h" + (m % 60 == 0 ? "" : m % 60 + "m");
    }
    return h / 24 + "d" + (h % 24 == 0 ? "" : h % 24 + "h");
  }

  /** VmRSS of {@code /proc/PID/status}: empty when the process is gone or has no memory (a zombie). */
  static OptionalLong rss(long pid) {
    try {
      // Read to the end rather than by the reported size: procfs files report size 0.
      try (InputStream in = Files.newInputStream(Path.of("/proc", Long.toString(pid), "status"))) {
        return parseVmRss(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  /** {@code VmRSS:	  317440 kB} in bytes. */
  static OptionalLong parseVmRss(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        String[] f = line.substring("VmRSS:".length()).trim().split("\\s+");
        try {
          return OptionalLong.of(Long.parseLong(f[0]) * 1024);
        } catch (NumberFormatException e) {
          return OptionalLong.empty();
        }
      }
    }
    return OptionalLong.empty();
  }
}
