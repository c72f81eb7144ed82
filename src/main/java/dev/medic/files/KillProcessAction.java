package dev.medic.files;

import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import dev.medic.spi.ActionSpec;
import dev.medic.spi.Durations;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Ends runaway processes by name: a stuck {@code ffmpeg}, an orphaned {@code convert} eating the
 * CPU (the seed's "high CPU: kill zombie processes"). SIGTERM first, SIGKILL after {@code grace}
 * for those still running. medic itself, its ancestors and pid 1 are never signalled; zombies
 * have exited already and are reported, not signalled.
 *
 * <ul>
 *   <li>{@code names} (required): the allow-list of process names, matched exactly against the
 *       executable name ({@code /proc/PID/comm}), the base name of {@code argv[0]}, or the base name
 *       of the executable's path
 *   <li>{@code match}: a regular expression that must also be found in the command line (arguments
 *       joined by spaces), to pick some processes of an allowed name: {@code "--input /srv/tmp/"}
 *   <li>{@code grace}: how long a process has to exit after SIGTERM before SIGKILL, default 10s
 *   <li>{@code timeout}: at least {@code grace} plus 5s (the wait after SIGKILL), default {@code grace} plus 10s
 * </ul>
 *
 * <p>Not destructive in the approval sense: it ends work that the allow-list names as disposable.
 */
public record KillProcessAction(List<String> names, String match, Duration grace, Duration timeout)
    implements ActionSpec {

  public KillProcessAction {
    if (names == null || names.isEmpty()) {
      throw new IllegalArgumentException("names is required: the process names this action may signal, like [ffmpeg]");
    }
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (name == null || name.isBlank() || name.contains("/") || !name.strip().equals(name)) {
        throw new IllegalArgumentException("names[" + i + "] must be a process name without '/' or spaces around it, got '"
            + name + "'");
      }
    }
    names = List.copyOf(names);
    if (match != null) {
      try {
        Pattern.compile(match);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("match is not a valid regular expression: " + e.getDescription()
            + " in '" + match + "'");
      }
    }
    grace = grace == null ? Duration.ofSeconds(10) : grace;
    Durations.requirePositive("grace", grace);
    Durations.requirePositive("timeout", timeout);
    if (timeout != null && timeout.compareTo(grace.plus(SignalLadder.AFTER_KILL)) < 0) {
      throw new IllegalArgumentException("timeout " + Durations.format(timeout) + " is shorter than the ladder it bounds:"
          + " grace " + Durations.format(grace) + " plus " + Durations.format(SignalLadder.AFTER_KILL) + " after SIGKILL");
    }
  }

  /** The ladder needs its grace plus the wait after SIGKILL: the default timeout covers both. */
  @Override
  public Duration effectiveTimeout() {
    return timeout != null ? timeout : grace.plus(SignalLadder.AFTER_KILL).plusSeconds(5);
  }

  private List<Processes.Candidate> candidates() {
    return Processes.matching(new LinkedHashSet<>(names), match == null ? null : Pattern.compile(match));
  }

  private String selection() {
    return "named " + String.join(", ", names) + (match == null ? "" : " matching '" + match + "'");
  }

  @Override
  public String describe(ActionContext context) {
    return "kill_process " + selection() + " (TERM, KILL after " + Durations.format(grace) + ")";
  }

  @Override
  public ActionOutcome plan(ActionContext context) {
    List<Processes.Candidate> found = candidates();
    if (found.isEmpty()) {
      return ActionOutcome.noEffect("would signal nothing: no process " + selection());
    }
    return ActionOutcome.ok("would TERM (then KILL after " + Durations.format(grace) + ") "
        + Listing.count(found.size(), "process") + ": "
        + Listing.of(found.stream().map(c -> "pid " + c.pid() + " " + c.name() + " (" + cut(dev.medic.config.Redact.commandLine(c.commandLine())) + ")"
            + (c.zombie() ? " [zombie: left alone]" : "")).toList()));
  }

  @Override
  public ActionOutcome run(ActionContext context) throws InterruptedException {
    List<Processes.Candidate> found = candidates();
    if (found.isEmpty()) {
      return ActionOutcome.noEffect("no process " + selection() + ": nothing signalled");
    }
    SignalLadder.Result result = SignalLadder.run(found, grace);
    String detail = String.join("; ", result.lines());
    if (result.ended() == 0) {
      return result.failed() == 0 ? ActionOutcome.noEffect(detail) : ActionOutcome.failed(detail);
    }
    return ActionOutcome.ok(detail);
  }

  private static String cut(String commandLine) {
    return commandLine.length() <= 120 ? commandLine : commandLine.substring(0, 120) + "...";
  }
}
