package dev.medic.host;

import dev.medic.spi.ByteSize;
import dev.medic.spi.Probe;
import dev.medic.spi.ProbeResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One run of the host check: reads {@code /proc}, the watched file systems and, when asked, the
 * GPUs, into metrics and a one-line summary. Keeps the previous CPU counters between runs: CPU use
 * is how busy the CPUs were since the last run.
 */
final class HostProbe implements Probe {

  /**
   * The first run has no earlier counters: it waits this long between two reads, so that even a
   * single run ({@code medic check}) reports CPU use. Later runs average over the whole interval,
   * which is what a rule held for minutes wants.
   */
  static final Duration FIRST_SAMPLE = Duration.ofMillis(250);

  private final HostCheck check;
  private final Path proc;
  private final String searchPath;
  private final Map<String, String> labels;
  private CpuTimes previous;

  /**
   * @param proc where procfs is mounted ({@code /proc})
   * @param searchPath the PATH nvidia-smi is looked up in
   */
  HostProbe(HostCheck check, Path proc, String searchPath) {
    this.check = check;
    this.proc = proc;
    this.searchPath = searchPath;
    this.labels = HostCheck.labels(check.disks());
  }

  @Override
  public ProbeResult run(Duration timeout) throws InterruptedException {
    long started = System.nanoTime();
    Map<String, Double> metrics = new LinkedHashMap<>();
    List<String> summary = new ArrayList<>();
    String condition = null;
    String problem = null;
    try {
      cpu(timeout, metrics, summary);
      memory(metrics, summary);
      files(metrics, summary);
      zombies(metrics, summary);
    } catch (IOException | RuntimeException e) {
      // Not Linux, or a /proc this reader does not understand: nothing else here is trustworthy.
      return ProbeResult.down(elapsed(started), metrics, HostCheck.HOST_ERROR,
          "cannot read the host's state from " + proc + ": " + e.getMessage());
    }
    List<String> missing = disks(timeout, metrics, summary);
    if (!missing.isEmpty()) {
      condition = HostCheck.DISK_UNAVAILABLE;
      problem = String.join("; ", missing);
    }
    Optional<String> gpuProblem = gpus(timeout, metrics, summary);
    if (gpuProblem.isPresent() && condition == null) {
      condition = HostCheck.GPU_UNAVAILABLE;
      problem = gpuProblem.get();
    }
    String message = String.join(", ", summary);
    return condition == null
        ? ProbeResult.up(elapsed(started), metrics, message)
        : ProbeResult.down(elapsed(started), metrics, condition, problem + " (" + message + ")");
  }

  private void cpu(Duration timeout, Map<String, Double> metrics, List<String> summary)
      throws IOException, InterruptedException {
    CpuTimes now = CpuTimes.parse(read("stat"));
    if (previous == null) {
      Duration pause = FIRST_SAMPLE.compareTo(timeout.dividedBy(4)) < 0 ? FIRST_SAMPLE : timeout.dividedBy(4);
      Thread.sleep(pause);
      previous = now;
      now = CpuTimes.parse(read("stat"));
    }
    Map<String, Double> busy = now.busyPctSince(previous);
    previous = now;
    busy.forEach((cpu, pct) -> metrics.put(
        cpu.equals(CpuTimes.ALL) ? "cpu_pct" : "cpu_pct_" + cpu.substring(CpuTimes.ALL.length()), pct));
    int cores = Runtime.getRuntime().availableProcessors();
    metrics.put("cores", (double) cores);
    LoadAverage load = LoadAverage.parse(read("loadavg"));
    metrics.put("load1", load.load1());
    metrics.put("load5", load.load5());
    metrics.put("load15", load.load15());
    Double all = busy.get(CpuTimes.ALL);
    summary.add((all == null ? "cpu n/a" : "cpu " + pct(all)) + " (" + cores + (cores == 1 ? " core" : " cores")
        + "), load " + String.format(Locale.ROOT, "%.2f %.2f %.2f", load.load1(), load.load5(), load.load15()));
  }

  private void memory(Map<String, Double> metrics, List<String> summary) throws IOException {
    MemInfo mem = MemInfo.parse(read("meminfo"));
    metrics.put("memory_pct", mem.memoryPct());
    metrics.put("memory_used_bytes", (double) (mem.totalBytes() - mem.availableBytes()));
    metrics.put("memory_total_bytes", (double) mem.totalBytes());
    metrics.put("swap_pct", mem.swapPct());
    summary.add("memory " + pct(mem.memoryPct()) + " of " + ByteSize.format(mem.totalBytes())
        + (mem.swapTotalBytes() > 0 ? ", swap " + pct(mem.swapPct()) : ", no swap"));
  }

  private void files(Map<String, Double> metrics, List<String> summary) throws IOException {
    FileHandles fds = FileHandles.parse(read("sys/fs/file-nr"));
    metrics.put("fds", (double) fds.inUse());
    metrics.put("fds_max", (double) fds.max());
    metrics.put("fds_pct", fds.pct());
    summary.add("fds " + fds.inUse() + " (" + pct(fds.pct()) + ")");
  }

  private void zombies(Map<String, Double> metrics, List<String> summary) throws IOException {
    Zombies z = Zombies.scan(proc);
    metrics.put("zombies", (double) z.count());
    summary.add(z.count() == 0 ? "no zombies"
        : z.count() + (z.count() == 1 ? " zombie: " : " zombies: ") + String.join(", ", z.examples())
            + (z.count() > z.examples().size() ? ", ..." : ""));
  }

  /** @return what is wrong with paths that cannot be read, one entry each */
  private List<String> disks(Duration timeout, Map<String, Double> metrics, List<String> summary)
      throws InterruptedException {
    List<String> missing = new ArrayList<>(0);
    // Each path's stat gets its share of the run, so one hung mount cannot take the whole timeout.
    Duration each = timeout.dividedBy(labels.size() + 1);
    for (Map.Entry<String, String> disk : labels.entrySet()) {
      FileSystemUse use;
      try {
        use = FileSystemUse.of(disk.getKey(), each);
      } catch (IOException e) {
        missing.add("cannot read disk " + disk.getKey() + ": " + e.getMessage());
        continue;
      }
      metrics.put("disk_free_pct_" + disk.getValue(), use.freePct());
      metrics.put("disk_free_bytes_" + disk.getValue(), (double) use.usableBytes());
      metrics.put("inodes_free_pct_" + disk.getValue(), use.inodesFreePct());
      summary.add(disk.getKey() + " " + pct(use.freePct()) + " free"
          + (use.inodes() > 0 ? " (inodes " + pct(use.inodesFreePct()) + ")" : ""));
    }
    return missing;
  }

  /** @return why a required GPU cannot be read, when it cannot */
  private Optional<String> gpus(Duration timeout, Map<String, Double> metrics, List<String> summary)
      throws InterruptedException {
    if (check.gpu() == GpuMode.OFF) {
      return Optional.empty();
    }
    Optional<Path> smi = Gpus.find(searchPath);
    if (smi.isEmpty()) {
      summary.add("no GPU (nvidia-smi not found)");
      return check.gpu() == GpuMode.REQUIRED
          ? Optional.of("gpu: required, but nvidia-smi is not on the PATH")
          : Optional.empty();
    }
    Gpus.Reading reading = Gpus.query(smi.get(), timeout);
    if (reading.failed() || reading.gpus().isEmpty()) {
      String why = reading.failed() ? reading.problem() : "nvidia-smi lists no GPU";
      summary.add("no GPU (" + why + ")");
      return check.gpu() == GpuMode.REQUIRED ? Optional.of(why) : Optional.empty();
    }
    summary.addAll(gpuMetrics(reading.gpus(), metrics));
    return Optional.empty();
  }

  /**
   * Per GPU {@code gpu_memory_pct_<index>} and {@code gpu_util_pct_<index>}; {@code gpu_memory_pct}
   * and {@code gpu_util_pct} are the highest of all GPUs, for rules that cannot know how many
   * there are.
   */
  static List<String> gpuMetrics(List<Gpus.Gpu> gpus, Map<String, Double> metrics) {
    List<String> summary = new ArrayList<>();
    double maxMemory = -1;
    double maxUtil = -1;
    metrics.put("gpus", (double) gpus.size());
    for (Gpus.Gpu g : gpus) {
      StringBuilder line = new StringBuilder("gpu" + g.index() + " " + g.name());
      var memory = g.memoryPct();
      if (memory.isPresent()) {
        metrics.put("gpu_memory_pct_" + g.index(), memory.getAsDouble());
        maxMemory = Math.max(maxMemory, memory.getAsDouble());
        line.append(" memory ").append(pct(memory.getAsDouble()));
      }
      if (g.utilPct().isPresent()) {
        metrics.put("gpu_util_pct_" + g.index(), g.utilPct().getAsDouble());
        maxUtil = Math.max(maxUtil, g.utilPct().getAsDouble());
        line.append(" util ").append(pct(g.utilPct().getAsDouble()));
      }
      summary.add(line.toString());
    }
    if (maxMemory >= 0) {
      metrics.put("gpu_memory_pct", maxMemory);
    }
    if (maxUtil >= 0) {
      metrics.put("gpu_util_pct", maxUtil);
    }
    return summary;
  }

  private String read(String file) throws IOException {
    return ProcFiles.read(proc.resolve(file));
  }

  private static String pct(double value) {
    return String.format(Locale.ROOT, value < 10 && value != 0 ? "%.1f%%" : "%.0f%%", value);
  }

  private static Duration elapsed(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }
}
