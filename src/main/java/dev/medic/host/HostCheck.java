package dev.medic.host;

import dev.medic.spi.CheckSpec;
import dev.medic.spi.Durations;
import dev.medic.spi.MetricNames;
import dev.medic.spi.Probe;
import dev.medic.spi.ProbeContext;
import dev.medic.spi.ThresholdRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The machine medic runs on (Linux): CPU, load, memory, swap, disk space and inodes of the watched
 * paths, open file handles, zombie processes, and NVIDIA GPUs. Read from {@code /proc} and the file
 * systems; one {@code stat -f} per run for inodes, and {@code nvidia-smi} when GPUs are watched.
 *
 * <p>Conditions when a run fails: {@code host_error} (cannot read {@code /proc}: not Linux), {@code
 * disk_unavailable} (a path of {@code disks} does not exist), {@code gpu_unavailable} (with {@code
 * gpu: required}: no nvidia-smi, or it fails). Rules it brings: per path {@code
 * disk_free_pct_<path> < disk_free_min_pct as disk_low} and {@code inodes_free_pct_<path> <
 * inodes_free_min_pct as inodes_low}; {@code memory_pct > memory_max_pct for memory_for as
 * memory_high}; {@code fds_pct > fds_max_pct as fds_high}; {@code zombies > zombies_max for
 * zombies_for as zombies}; and, only when their threshold is set, {@code swap_pct > swap_max_pct for
 * memory_for as swap_high}, {@code load1 > load_max as load_high}, {@code cpu_pct > cpu_max_pct for
 * cpu_for as cpu_high}, {@code gpu_memory_pct > gpu_memory_max_pct for gpu_for as gpu_memory_high}.
 *
 * @param disks absolute paths whose file systems to watch (default {@code [/]}); metrics are named
 *     after the path: {@code /} is {@code root}, {@code /var/lib/postgresql} is {@code
 *     var_lib_postgresql}
 * @param diskFreeMinPct less free space than this percent is {@code disk_low} (default 10)
 * @param inodesFreeMinPct fewer free inodes than this percent is {@code inodes_low} (default 10)
 * @param memoryMaxPct memory in use above this percent for {@code memory_for} is {@code
 *     memory_high} (default 80)
 * @param memoryFor how long memory (and swap) must stay above its threshold (default 5m)
 * @param swapMaxPct swap in use above this percent for {@code memory_for} is {@code swap_high}
 *     (default: no rule)
 * @param fdsMaxPct open file handles above this percent of {@code fs.file-max} is {@code fds_high}
 *     (default 90)
 * @param zombiesMax more zombie processes than this for {@code zombies_for} is {@code zombies}
 *     (default 0)
 * @param zombiesFor how long the zombies must stay (default 5m)
 * @param loadMax 1-minute load average above this is {@code load_high} (default: no rule)
 * @param cpuMaxPct CPU busy above this percent for {@code cpu_for} is {@code cpu_high} (default: no
 *     rule)
 * @param cpuFor how long the CPU must stay busy (default 5m)
 * @param gpu {@code auto} (default: GPUs when nvidia-smi is on the PATH), {@code required} or
 *     {@code off}
 * @param gpuMemoryMaxPct memory of any GPU above this percent for {@code gpu_for} is {@code
 *     gpu_memory_high} (default: no rule)
 * @param gpuFor how long GPU memory must stay above its threshold (default 1m)
 */
public record HostCheck(
    String name,
    Duration interval,
    Duration timeout,
    List<String> disks,
    Double diskFreeMinPct,
    Double inodesFreeMinPct,
    Double memoryMaxPct,
    Duration memoryFor,
    Double swapMaxPct,
    Double fdsMaxPct,
    Integer zombiesMax,
    Duration zombiesFor,
    Double loadMax,
    Double cpuMaxPct,
    Duration cpuFor,
    GpuMode gpu,
    Double gpuMemoryMaxPct,
    Duration gpuFor)
    implements CheckSpec {

  public static final String HOST_ERROR = "host_error";
  public static final String DISK_UNAVAILABLE = "disk_unavailable";
  public static final String GPU_UNAVAILABLE = "gpu_unavailable";

  public HostCheck {
    name = name == null ? "host" : name;
    disks = disks == null ? List.of("/") : List.copyOf(disks);
    labels(disks); // validates now, not at the first run
    diskFreeMinPct = pct("disk_free_min_pct", diskFreeMinPct, 10.0);
    inodesFreeMinPct = pct("inodes_free_min_pct", inodesFreeMinPct, 10.0);
    memoryMaxPct = pct("memory_max_pct", memoryMaxPct, 80.0);
    memoryFor = hold("memory_for", memoryFor, Duration.ofMinutes(5));
    swapMaxPct = pct("swap_max_pct", swapMaxPct, null);
    fdsMaxPct = pct("fds_max_pct", fdsMaxPct, 90.0);
    zombiesMax = zombiesMax == null ? 0 : zombiesMax;
    if (zombiesMax < 0) {
      throw new IllegalArgumentException("zombies_max must be 0 or more, got " + zombiesMax);
    }
    zombiesFor = hold("zombies_for", zombiesFor, Duration.ofMinutes(5));
    if (loadMax != null && (!Double.isFinite(loadMax) || loadMax <= 0)) {
      throw new IllegalArgumentException("load_max must be more than 0, got " + loadMax);
    }
    cpuMaxPct = pct("cpu_max_pct", cpuMaxPct, null);
    cpuFor = hold("cpu_for", cpuFor, Duration.ofMinutes(5));
    gpu = gpu == null ? GpuMode.AUTO : gpu;
    gpuMemoryMaxPct = pct("gpu_memory_max_pct", gpuMemoryMaxPct, null);
    gpuFor = hold("gpu_for", gpuFor, Duration.ofMinutes(1));
    if (gpu == GpuMode.OFF && gpuMemoryMaxPct != null) {
      throw new IllegalArgumentException("gpu_memory_max_pct needs GPUs watched, but gpu is off");
    }
  }

  /** A convenience for code and tests: the defaults everywhere but the name and disks. */
  public HostCheck(String name, List<String> disks) {
    this(name, null, null, disks, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  private static Double pct(String field, Double value, Double fallback) {
    if (value == null) {
      return fallback;
    }
    if (!Double.isFinite(value) || value < 0 || value > 100) {
      throw new IllegalArgumentException(field + " must be a percent from 0 to 100, got " + value);
    }
    return value;
  }

  private static Duration hold(String field, Duration value, Duration fallback) {
    if (value != null && value.isNegative()) {
      throw new IllegalArgumentException(field + " must not be negative, got " + value);
    }
    return value == null ? fallback : value;
  }

  /**
   * The metric suffix of each watched path, in order: {@code /} is {@code root}, others lose the
   * leading slash ({@code /var/lib/postgresql} is {@code var_lib_postgresql}).
   *
   * @throws IllegalArgumentException for a relative path, or two paths with the same suffix
   */
  public static Map<String, String> labels(List<String> disks) {
    Map<String, String> byPath = new LinkedHashMap<>();
    Map<String, String> byLabel = new LinkedHashMap<>();
    for (String disk : disks) {
      if (disk == null || !disk.startsWith("/")) {
        throw new IllegalArgumentException("disks must be absolute paths like /var/lib/postgresql, got '" + disk + "'");
      }
      String trimmed = Path.of(disk).normalize().toString().substring(1);
      String label = trimmed.isEmpty() ? "root" : MetricNames.suffix(trimmed);
      String other = byLabel.putIfAbsent(label, disk);
      if (other != null) {
        throw new IllegalArgumentException("disks '" + other + "' and '" + disk
            + "' both become metric suffix '" + label + "'; their metrics would mix");
      }
      byPath.put(disk, label);
    }
    return byPath;
  }

  @Override
  public Set<String> conditions() {
    return Set.of(HOST_ERROR, DISK_UNAVAILABLE, GPU_UNAVAILABLE);
  }

  @Override
  public List<ThresholdRule> rules() {
    List<ThresholdRule> rules = new ArrayList<>();
    for (String label : labels(disks).values()) {
      rules.add(new ThresholdRule("disk_free_pct_" + label, "<", diskFreeMinPct, null, "disk_low"));
      rules.add(new ThresholdRule("inodes_free_pct_" + label, "<", inodesFreeMinPct, null, "inodes_low"));
    }
    rules.add(new ThresholdRule("memory_pct", ">", memoryMaxPct, memoryFor, "memory_high"));
    if (swapMaxPct != null) {
      rules.add(new ThresholdRule("swap_pct", ">", swapMaxPct, memoryFor, "swap_high"));
    }
    rules.add(new ThresholdRule("fds_pct", ">", fdsMaxPct, null, "fds_high"));
    rules.add(new ThresholdRule("zombies", ">", zombiesMax, zombiesFor, "zombies"));
    if (loadMax != null) {
      rules.add(new ThresholdRule("load1", ">", loadMax, null, "load_high"));
    }
    if (cpuMaxPct != null) {
      rules.add(new ThresholdRule("cpu_pct", ">", cpuMaxPct, cpuFor, "cpu_high"));
    }
    if (gpuMemoryMaxPct != null) {
      rules.add(new ThresholdRule("gpu_memory_pct", ">", gpuMemoryMaxPct, gpuFor, "gpu_memory_high"));
    }
    return rules;
  }

  public Probe create(ProbeContext context) {
    return new HostProbe(this, Path.of("/proc"), System.getenv("PATH"));
  }
}
