package dev.medic.services;

import dev.medic.spi.CommandRunner;
import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import dev.medic.spi.ActionSpec;
import dev.medic.spi.Durations;
import dev.medic.spi.SpecProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Restarts a systemd unit: {@code systemctl [--user] restart UNIT}, waiting for the restart job to
 * finish (no {@code --no-block}), so exit 0 means systemd reports the unit started again.
 *
 * <ul>
 *   <li>{@code unit} (required): the unit name, like {@code nginx.service}; without a suffix
 *       systemctl itself reads it as {@code .service}
 *   <li>{@code user}: {@code true} for the calling user's manager ({@code systemctl --user}), default false
 *   <li>{@code program}: the systemctl to run, default {@code systemctl} from medic's PATH
 *   <li>{@code timeout}: how long the restart may take, default 30s
 * </ul>
 */
public record SystemctlRestartAction(String unit, Boolean user, String program, Duration timeout)
    implements ActionSpec {

  public SystemctlRestartAction {
    CommandLine.requireName("unit", unit, "[A-Za-z0-9:_.@-]+", "nginx.service");
    user = user != null && user;
    program = CommandLine.check(program, "systemctl");
    Durations.requirePositive("timeout", timeout);
  }

  private List<String> argv(String... verb) {
    List<String> argv = new ArrayList<>(List.of(program));
    if (user) {
      argv.add("--user");
    }
    argv.addAll(List.of(verb));
    argv.add(unit);
    return argv;
  }

  /** The exact command line this action runs. */
  public List<String> argv() {
    return argv("restart");
  }

  @Override
  public boolean restartsTarget() {
    return true;
  }

  @Override
  public String describe(ActionContext context) {
    return String.join(" ", argv());
  }

  @Override
  public ActionOutcome run(ActionContext context) throws InterruptedException {
    CommandRunner.Result r = CommandRunner.run(argv(), effectiveTimeout());
    if (r.timedOut()) {
      return ActionOutcome.failed("did not finish within " + Durations.format(effectiveTimeout())
          + " and was stopped (the restart job may still be running in systemd)" + hint(true));
    }
    if (r.exitCode() == 0) {
      return ActionOutcome.ok("exit 0" + (r.tail().isEmpty() ? "" : ": " + r.tail()));
    }
    return ActionOutcome.failed("exit " + r.exitCode() + meaning(r.exitCode())
        + (r.tail().isEmpty() ? "" : ": " + r.tail()) + hint(r.exitCode() != 127));
  }

  /** What systemctl's exit codes mean for a restart (LSB codes, as systemctl uses them). */
  static String meaning(int exit) {
    return switch (exit) {
      case 1 -> " (the restart job failed)";
      case 4 -> " (not permitted: medic lacks the privilege, or polkit refused)";
      case 5 -> " (no such unit)";
      case 127 -> " (systemctl could not be started)";
      default -> "";
    };
  }

  /** The unit's state after a failed restart, asked of systemd itself, and where to look next. */
  private String hint(boolean ask) throws InterruptedException {
    String state = "";
    if (ask) {
      CommandRunner.Result failed = CommandRunner.run(argv("is-failed"), Duration.ofSeconds(5));
      if (!failed.timedOut() && !failed.tail().isEmpty()) {
        state = "; is-failed: " + failed.tail();
      }
    }
    String user = this.user ? "--user " : "";
    return state + "; see systemctl " + user + "status " + unit + " and journalctl " + user + "-u " + unit;
  }

  @Override
  public List<SpecProblem> problems() {
    return CommandLine.problems(program);
  }
}
