package dev.medic.process;

import dev.medic.spi.CheckSpec;
import dev.medic.spi.Probe;
import dev.medic.spi.ProbeContext;
import dev.medic.spi.ProbeResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Is a process alive? Without {@code pidfile} or {@code match} it watches the process medic
 * supervises for the target; otherwise it watches a process started elsewhere, by pidfile or by a
 * regular expression over command lines (the argv as {@code ps -o args} shows it, see {@link
 * ProcessTable#commandLine}). A zombie is not alive. Condition when not alive: {@code process_exited}.
 */
public record ProcessCheck(
    String name, Duration interval, Duration timeout, Path pidfile, Pattern match)
    implements CheckSpec {

  public ProcessCheck {
    name = name == null ? "process" : name;
    if (pidfile != null && match != null) {
      throw new IllegalArgumentException("give pidfile or match, not both");
    }
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

  public Probe create(ProbeContext context) {
    if (pidfile != null) {
      return timeout -> byPidfile();
    }
    if (match != null) {
      return timeout -> byMatch();
    }
    return timeout -> bySupervisor(context);
  }

  private ProbeResult bySupervisor(ProbeContext context) {
    Optional<SupervisedProcess> p = context.bindings().require(Supervisor.class).find(context.target());
    if (p.isEmpty()) {
      return ProbeResult.down(Duration.ZERO, Map.of(), "process_exited",
          "target has no supervised process (add a 'process:' block to the target)");
    }
    SupervisedProcess process = p.get();
    Map<String, Double> metrics = Map.of("starts", (double) process.starts());
    if (process.alive()) {
      return ProbeResult.up(Duration.ZERO, metrics, "pid " + process.pid());
    }
    var lines = process.lastLines();
    String last = lines.isEmpty() ? "" : ": " + lines.getLast();
    String how = "process " + process.ended()
        .or(() -> process.lastExit().map(SupervisedProcess.Exit::describe)).orElse("exited");
    return ProbeResult.down(Duration.ZERO, metrics, "process_exited", how + last);
  }

  private ProbeResult byPidfile() {
    try {
      long pid = Long.parseLong(Files.readString(pidfile).strip());
      boolean alive = ProcessTable.running(pid); // a killed process its parent never reaps is a zombie: dead
      return alive
          ? ProbeResult.up(Duration.ZERO, Map.of(), "pid " + pid)
          : ProbeResult.down(Duration.ZERO, Map.of(), "process_exited", "pid " + pid + " is not running");
    } catch (IOException | NumberFormatException e) {
      return ProbeResult.down(Duration.ZERO, Map.of(), "process_exited",
          "cannot read pid from " + pidfile + ": " + e.getMessage());
    }
  }

  private ProbeResult byMatch() {
    long self = ProcessHandle.current().pid();
    long count =
        ProcessHandle.allProcesses()
            .filter(h -> h.pid() != self)
            .filter(h -> ProcessTable.commandLine(h).map(c -> match.matcher(c).find()).orElse(false))
            .filter(ProcessTable::running)
            .count();
    return count > 0
        ? ProbeResult.up(Duration.ZERO, Map.of("processes", (double) count), count + " running")
        : ProbeResult.down(Duration.ZERO, Map.of("processes", 0.0), "process_exited",
            "no process matches /" + match.pattern() + "/");
  }
}
