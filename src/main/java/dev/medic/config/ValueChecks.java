package dev.medic.config;

import dev.medic.spi.Durations;
import dev.medic.spi.ActionSpec;
import dev.medic.spi.CheckSpec;
import dev.medic.spi.SpecProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks of values that their own records accept but that would fail only when used at run time
 * (a URL the HTTP client refuses, a timeout the socket API cannot hold, an empty program name): what
 * {@code validate} accepts, {@code run} accepts.
 */
final class ValueChecks {

  /** Socket and HTTP timeouts are int milliseconds underneath; a day is far beyond any sensible one. */
  static final Duration MAX_TIMEOUT = Duration.ofHours(24);

  private final String file;
  private final YamlIndex index;
  private final List<ConfigException.Problem> problems = new ArrayList<>();

  private ValueChecks(String file, YamlIndex index) {
    this.file = file;
    this.index = index;
  }

  static List<ConfigException.Problem> check(String file, YamlIndex index, MedicConfig config, ConfigBinder.Positions at) {
    ValueChecks v = new ValueChecks(file, index);
    v.timeout("agent.timeout", config.agent().timeout());
    v.timeout("agent.verify_timeout", config.agent().verifyTimeout());
    for (int i = 0; i < config.targets().size(); i++) {
      TargetConfig t = config.targets().get(i);
      for (int c = 0; c < t.checks().size(); c++) {
        v.check("targets[" + at.target(i) + "].checks[" + c + "]", t.checks().get(c));
      }
      if (t.process() != null) {
        v.program("targets[" + at.target(i) + "].process.command", t.process().command());
      }
    }
    for (int i = 0; i < config.strategies().size(); i++) {
      v.action("strategies[" + at.strategy(i) + "].action", config.strategies().get(i).action());
    }
    for (int i = 0; i < config.escalation().channels().size(); i++) {
      v.problems("escalation.channels[" + i + "]", config.escalation().channels().get(i).problems());
    }
    for (int i = 0; i < config.escalation().analysts().size(); i++) {
      v.problems("escalation.analysts[" + i + "]", config.escalation().analysts().get(i).problems());
    }
    return v.problems;
  }

  private void check(String path, CheckSpec check) {
    timeout(path + ".timeout", check.timeout());
    problems(path, check.problems());
  }

  private void action(String path, ActionSpec action) {
    timeout(path + ".timeout", action.timeout());
    problems(path, action.problems());
  }

  private void problems(String path, List<SpecProblem> found) {
    found.forEach(p -> add(path + "." + p.field(), p.message()));
  }

  private void program(String path, List<String> argv) {
    if (!argv.isEmpty() && argv.getFirst().isBlank()) {
      add(path + "[0]", "the program to run is empty (expected a program name or path)");
    }
  }

  private void timeout(String path, Duration d) {
    if (d != null && d.compareTo(MAX_TIMEOUT) > 0) {
      add(path, path.substring(path.lastIndexOf('.') + 1) + " must be at most 24h, got " + Durations.format(d));
    }
  }

  private void add(String path, String message) {
    problems.add(ProblemWording.at(file, index, path, message));
  }
}
