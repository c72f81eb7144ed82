package dev.medic.process;

import dev.medic.spi.ByteSize;
import dev.medic.spi.CheckSpec;
import dev.medic.spi.Durations;
import dev.medic.spi.GrowthTrend;
import dev.medic.spi.Probe;
import dev.medic.spi.ProbeContext;
import dev.medic.spi.ProbeResult;
import dev.medic.spi.ThresholdRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import java.util.regex.Pattern;

/**
 * Is a process alive, and how much memory does it hold? Without {@code pidfile} or {@code match} it
 * watches the process medic supervises for the target; otherwise it watches a process started
 * elsewhere, by pidfile or by a regular expression over command lines (the argv as {@code ps -o
 * args} shows it, see {@link ProcessTable#commandLine}). A zombie is not alive. Condition when not
 * alive: {@code process_exited}.
 *
 * <p>Each run reports {@code rss_bytes}, the resident memory of the process itself (VmRSS; with
 * {@code match}, the sum over the processes found). With {@code memory_limit} it also reports {@code
 * rss_pct} of the limit and projects the growth over the {@code leak} window ({@link
 * ProcessMemory}): rules {@code memory_leak > 0 as memory_leak} and {@code rss_pct >= 100 as
 * memory_limit_exceeded}.
 *
 * @param pidfile a file holding the pid of a process started elsewhere
 * @param match a regular expression over command lines, for a process started elsewhere
 * @param memoryLimit what the process may hold ({@code 512MB}): turns on {@code rss_pct} and leak
 *     detection
 * @param leak how the growth is judged (default window 30m, horizon 1h); needs {@code memory_limit}
 */
public record ProcessCheck(
    String name, Duration interval, Duration timeout, Path pidfile, Pattern match, ByteSize memoryLimit, Leak leak)
    implements CheckSpec {

  /**
   * When memory growth is a leak.
   *
   * @param window how far back samples are fitted (default 30m); at least {@value
   *     GrowthTrend#MIN_SAMPLES} samples, mostly going up, the line explaining most of them
   * @param horizon a leak when the line reaches {@code memory_limit} within this (default 1h)
   */
  public record Leak(Duration window, Duration horizon) {
    public Leak {
      window = window == null ? Duration.ofMinutes(30) : window;
      horizon = horizon == null ? Duration.ofHours(1) : horizon;
      Durations.requirePositive("window", window);
      Durations.requirePositive("horizon", horizon);
    }

    static Leak defaults() {
      return new Leak(null, null);
    }
  }

  public ProcessCheck {
    name = name == null ? "process" : name;
    if (pidfile != null && match != null) {
      throw new IllegalArgumentException("give pidfile or match, not both");
    }
    if (memoryLimit != null && memoryLimit.bytes() <= 0) {
      throw new IllegalArgumentException("memory_limit must be more than 0, got " + memoryLimit);
    }
    if (leak != null && memoryLimit == null) {
      throw new IllegalArgumentException("leak needs memory_limit: a leak is growth that reaches the limit within the horizon");
    }
    leak = leak == null && memoryLimit != null ? Leak.defaults() : leak;
  }

  /** Alive or not, and memory without a limit. */
  public ProcessCheck(String name, Duration interval, Duration timeout, Path pidfile, Pattern match) {
    this(name, interval, timeout, pidfile, match, null, null);
  }

  public boolean supervised() {
    return pidfile == null && match == null;
  }

  @Override
  public boolean watchesSupervisedProcess() {
    return supervised();
  }

  @Override
  public java.util.Set<String> conditions() {
    return java.util.Set.of("process_exited");
  }

  /** A process that is not running is down now: there is nothing to wait for. */
  @Override
  public boolean raisesOnFirstFailure() {
    return true;
  }

  @Override
  public List<ThresholdRule> rules() {
    if (memoryLimit == null) {
      return List.of();
    }
    return List.of(
        new ThresholdRule("memory_leak", ">", 0, null, "memory_leak"),
        new ThresholdRule("rss_pct", ">=", 100, null, "memory_limit_exceeded"));
  }

  public Probe create(ProbeContext context) {
    ProcessMemory memory = new ProcessMemory(memoryLimit, leak == null ? Leak.defaults() : leak, context.clock());
    if (pidfile != null) {
      return timeout -> byPidfile(memory);
    }
    if (match != null) {
      return timeout -> byMatch(memory);
    }
    return timeout -> bySupervisor(context, memory);
  }

  /** The pid and, when it can be read, its memory: {@code pid 42, rss 310 MiB, limit 512 MiB}. */
  private static String alive(long pid, ProcessMemory memory, Map<String, Double> metrics) {
    OptionalLong rss = ProcessMemory.rss(pid);
    if (rss.isEmpty()) {
      return "pid " + pid;
    }
    return "pid " + pid + ", " + memory.sample(Long.toString(pid), rss.getAsLong(), metrics);
  }

  private ProbeResult bySupervisor(ProbeContext context, ProcessMemory memory) {
    Optional<SupervisedProcess> p = context.bindings().require(Supervisor.class).find(context.target());
    if (p.isEmpty()) {
      memory.reset();
      return ProbeResult.down(Duration.ZERO, Map.of(), "process_exited",
          "target has no supervised process (add a 'process:' block to the target)");
    }
    SupervisedProcess process = p.get();
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("starts", (double) process.starts());
    long pid = process.pid();
    if (process.alive()) {
      String message = alive(pid, memory, metrics);
      return ProbeResult.up(Duration.ZERO, metrics, message);
    }
    memory.reset();
    var lines = process.lastLines();
    String last = lines.isEmpty() ? "" : ": " + lines.getLast();
    String how = "process " + process.ended()
        .or(() -> process.lastExit().map(SupervisedProcess.Exit::describe)).orElse("exited");
    return ProbeResult.down(Duration.ZERO, metrics, "process_exited", how + last);
  }

  private ProbeResult byPidfile(ProcessMemory memory) {
    try {
      long pid = Long.parseLong(Files.readString(pidfile).strip());
      boolean alive = ProcessTable.running(pid); // a killed process its parent never reaps is a zombie: dead
      if (alive) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        String message = alive(pid, memory, metrics);
        return ProbeResult.up(Duration.ZERO, metrics, message);
      }
      memory.reset();
      return ProbeResult.down(Duration.ZERO, Map.of(), "process_exited", "pid " + pid + " is not running");
    } catch (IOException | NumberFormatException e) {
      memory.reset();
      return ProbeResult.down(Duration.ZERO, Map.of(), "process_exited",
          "cannot read pid from " + pidfile + ": " + e.getMessage());
    }
  }

  private ProbeResult byMatch(ProcessMemory memory) {
    long self = ProcessHandle.current().pid();
    List<Long> pids =
        ProcessHandle.allProcesses()
            .filter(h -> h.pid() != self)
            .filter(h -> ProcessTable.commandLine(h).map(c -> match.matcher(c).find()).orElse(false))
            .filter(ProcessTable::running)
            .map(ProcessHandle::pid)
            .sorted()
            .toList();
    int count = pids.size();
    if (count == 0) {
      memory.reset();
      return ProbeResult.down(Duration.ZERO, Map.of("processes", 0.0), "process_exited",
          "no process matches /" + match.pattern() + "/");
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("processes", (double) count);
    // Several processes (a server's workers) are one series while the same ones run: their sum.
    long rss = 0;
    for (long pid : pids) {
      rss += ProcessMemory.rss(pid).orElse(0);
    }
    String identity = pids.stream().map(String::valueOf).collect(Collectors.joining(","));
    String message = count + " running, " + memory.sample(identity, rss, metrics);
    return ProbeResult.up(Duration.ZERO, metrics, message);
  }
}
