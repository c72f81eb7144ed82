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
 * Restarts programs run by supervisord: {@code supervisorctl [-c CONFIG] [-s URL] restart NAME}.
 * Success is read from the output, not the exit code alone (see {@link SupervisorctlOutput}).
 * Credentials for an http server belong in the config file's {@code [supervisorctl]} section, not
 * here: an argument would be visible to every user in {@code ps}.
 *
 * <ul>
 *   <li>{@code name} (required): a program ({@code worker}), a group member ({@code web:worker}), a
 *       whole group ({@code web:*}) or {@code all}
 *   <li>{@code config}: the supervisord.conf supervisorctl reads ({@code -c}); default: its own
 *       search (./supervisord.conf, /etc/supervisord.conf, /etc/supervisor/supervisord.conf)
 *   <li>{@code server_url}: overrides the server ({@code -s}), like {@code unix:///run/supervisor.sock}
 *       or {@code http://127.0.0.1:9001}
 *   <li>{@code program}: the supervisorctl to run, default {@code supervisorctl} from medic's PATH
 *   <li>{@code timeout}: how long the restart may take, default 30s
 * </ul>
 */
public record SupervisorctlRestartAction(String name, String config, String serverUrl, String program,
    Duration timeout) implements ActionSpec {

  public SupervisorctlRestartAction {
    CommandLine.requireName("name", name, "[A-Za-z0-9_.@:*\\-]+", "worker, web:worker or web:*");
    if (config != null && (config.isBlank() || config.startsWith("-"))) {
      throw new IllegalArgumentException("config must be the path of a supervisord.conf, got '" + config + "'");
    }
    if (serverUrl != null && !serverUrl.matches("(unix|http|https)://\\S+")) {
      throw new IllegalArgumentException("server_url must be unix:///path/to.sock or http://host:port, got '"
          + serverUrl + "'");
    }
    program = CommandLine.check(program, "supervisorctl");
    Durations.requirePositive("timeout", timeout);
  }

  /** The exact command line this action runs. */
  public List<String> argv() {
    List<String> argv = new ArrayList<>(List.of(program));
    if (config != null) {
      argv.addAll(List.of("-c", config));
    }
    if (serverUrl != null) {
      argv.addAll(List.of("-s", serverUrl));
    }
    argv.addAll(List.of("restart", name));
    return argv;
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
          + " and was stopped" + (r.tail().isEmpty() ? "" : ": " + r.tail()));
    }
    if (!r.started()) {
      return ActionOutcome.failed(r.tail());
    }
    String failure = SupervisorctlOutput.failure(r.exitCode(), r.output());
    String output = r.tail().isEmpty() ? "" : ": " + r.tail();
    return failure == null
        ? ActionOutcome.ok("exit " + r.exitCode() + output)
        : ActionOutcome.failed(failure + "; exit " + r.exitCode() + output);
  }

  @Override
  public List<SpecProblem> problems() {
    List<SpecProblem> problems = new ArrayList<>(CommandLine.problems(program));
    problems.addAll(CommandLine.readable("config", config));
    return problems;
  }
}
