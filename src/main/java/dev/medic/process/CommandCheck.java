package dev.medic.process;

import dev.medic.spi.CommandRunner;
import dev.medic.spi.Programs;
import dev.medic.spi.CheckSpec;
import dev.medic.spi.Probe;
import dev.medic.spi.ProbeContext;
import dev.medic.spi.ProbeResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs a command (an argv list; no shell unless {@code shell: true}) and judges its exit code and
 * output. Condition on failure: {@code command_failed}, or {@code command_timeout}.
 */
public record CommandCheck(
    String name,
    Duration interval,
    Duration timeout,
    List<String> command,
    Boolean shell,
    Integer expectExit,
    Pattern outputMatches)
    implements CheckSpec {

  public CommandCheck {
    name = name == null ? "command" : name;
    if (command == null || command.isEmpty()) {
      throw new IllegalArgumentException("command must be a non-empty list of arguments");
    }
    command = List.copyOf(command);
    shell = shell != null && shell;
    if (shell && command.size() != 1) {
      throw new IllegalArgumentException(
          "with shell: true, command must be one string, got " + command.size() + " items");
    }
    expectExit = expectExit == null ? 0 : expectExit;
  }

  /** The argv actually executed: the list itself, or {@code sh -c "<string>"} when asked. */
  public List<String> argv() {
    if (!shell) {
      return command;
    }
    List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c"));
    argv.add(command.getFirst());
    return argv;
  }

  @Override
  public java.util.Set<String> conditions() {
    return java.util.Set.of("command_failed", "command_timeout");
  }

  public Probe create(ProbeContext context) {
    List<String> argv = argv();
    return timeout -> {
      CommandRunner.Result r = CommandRunner.run(argv, timeout);
      Map<String, Double> metrics = Map.of("exit_code", (double) r.exitCode());
      String tail = lastLine(r.output());
      if (r.timedOut()) {
        return ProbeResult.down(r.took(), metrics, "command_timeout",
            "killed after " + timeout.toMillis() + " ms");
      }
      if (r.exitCode() != expectExit) {
        return ProbeResult.down(r.took(), metrics, "command_failed",
            "exit " + r.exitCode() + (tail.isEmpty() ? "" : ": " + tail));
      }
      if (outputMatches != null && !outputMatches.matcher(r.output()).find()) {
        return ProbeResult.down(r.took(), metrics, "command_failed",
            "output does not match /" + outputMatches.pattern() + "/");
      }
      return ProbeResult.up(r.took(), metrics, tail);
    };
  }

  private static String lastLine(String output) {
    String trimmed = output.strip();
    int nl = trimmed.lastIndexOf('\n');
    String line = nl < 0 ? trimmed : trimmed.substring(nl + 1);
    return line.length() > 200 ? line.substring(0, 200) : line;
  }

  @Override
  public List<dev.medic.spi.SpecProblem> problems() {
    return Programs.problems("command", command);
  }
}
