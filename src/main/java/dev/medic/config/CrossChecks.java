package dev.medic.config;

import dev.medic.spi.ChannelSpec;
import dev.medic.spi.Durations;
import dev.medic.spi.CheckSpec;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks across a bound config's units: names, references, timeouts and each kind's own values. */
final class CrossChecks {

  private CrossChecks() {}

  /**
   * Checks across units: names, references, conditions. On a partly bound config ({@code complete}
   * false) references are checked against the names written in the file, and conditions not at all
   * (a target that failed to bind would make its conditions look unknown).
   */
  static List<ConfigException.Problem> check(
      String file, YamlIndex index, MedicConfig config, boolean complete, ConfigBinder.Positions at) {
    List<ConfigException.Problem> problems = new ArrayList<>();
    Map<String, Integer> targetNames = new HashMap<>();
    for (int i = 0; i < config.targets().size(); i++) {
      TargetConfig t = config.targets().get(i);
      String target = "targets[" + at.target(i) + "]";
      Integer first = targetNames.putIfAbsent(t.name(), at.target(i));
      if (first != null) {
        problems.add(ProblemWording.at(file, index, target + ".name", "duplicate target name '" + t.name()
            + "' (also targets[" + first + "], line " + line(index, "targets[" + first + "].name") + ")"));
      }
      Map<String, Integer> checkNames = new HashMap<>();
      for (int c = 0; c < t.checks().size(); c++) {
        CheckSpec check = t.checks().get(c);
        String path = target + ".checks[" + c + "]";
        Integer firstCheck = checkNames.putIfAbsent(check.name(), c);
        if (firstCheck != null) {
          boolean written = index.key(path + ".name").isPresent();
          problems.add(ProblemWording.at(file, index, path + ".name", path + ".name",
              "two checks named '" + check.name() + "' in target " + t.name() + " (also checks[" + firstCheck + "]"
                  + (written ? "" : "; a check's name defaults to its type") + "): give each a distinct name:"));
        }
        positive(file, index, problems, path + ".interval", check.interval());
        positive(file, index, problems, path + ".timeout", check.timeout());
      }
    }
    // Targets that failed to bind are still names the file gives: references to them are fine.
    for (int i = 0; !complete && index.value("targets[" + i + "]").isPresent(); i++) {
      index.scalar("targets[" + i + "].name").ifPresent(n -> targetNames.putIfAbsent(n, -1));
    }
    for (int i = 0; i < config.targets().size(); i++) {
      List<String> deps = config.targets().get(i).dependsOn();
      for (int d = 0; d < deps.size(); d++) {
        String dep = deps.get(d);
        String path = "targets[" + at.target(i) + "].depends_on[" + d + "]";
        if (dep.equals(config.targets().get(i).name())) {
          problems.add(ProblemWording.at(file, index, path, "a target cannot depend on itself ('" + dep + "')"));
        } else if (!targetNames.containsKey(dep)) {
          problems.add(ProblemWording.at(file, index, path, "unknown target '" + dep + "'" + ProblemWording.hint(dep, List.copyOf(targetNames.keySet()))));
        }
      }
    }
    dependencyCycles(file, index, config, at, problems);
    Map<String, Integer> strategyNames = new HashMap<>();
    for (int i = 0; i < config.strategies().size(); i++) {
      StrategyConfig s = config.strategies().get(i);
      String field = "strategies[" + at.strategy(i) + "]";
      Integer first = strategyNames.putIfAbsent(s.name(), at.strategy(i));
      if (first != null) {
        problems.add(ProblemWording.at(file, index, field + ".name", "duplicate strategy name '" + s.name()
            + "' (also strategies[" + first + "], line " + line(index, "strategies[" + first + "].name") + ")"));
      }
      for (int j = 0; j < s.targets().size(); j++) {
        String target = s.targets().get(j);
        if (!targetNames.containsKey(target)) {
          problems.add(ProblemWording.at(file, index, field + ".targets[" + j + "]",
              "unknown target '" + target + "'" + ProblemWording.hint(target, List.copyOf(targetNames.keySet()))));
        }
      }
      positive(file, index, problems, field + ".action.timeout", s.action().timeout());
      // Restarting a target means restarting the process medic supervises for it.
      if (s.action().needsSupervisedProcess()) {
        for (String name : s.targets()) {
          config.target(name).filter(t -> t.process() == null).ifPresent(t ->
              problems.add(ProblemWording.at(file, index, field + ".action",
                  "restart needs a supervised process, but target '" + t.name() + "' has no 'process:' block")));
        }
      }
    }
    policies(file, index, config.escalation(), problems);
    problems.addAll(ValueChecks.check(file, index, config, at));
    problems.addAll(ReportChecks.check(file, index, config, at));
    if (complete) {
      problems.addAll(Conditions.check(file, index, config, at));
    }
    return problems;
  }

  /** Policy names are unique and their steps page only channels that exist. */
  private static void policies(String file, YamlIndex index, EscalationConfig escalation,
      List<ConfigException.Problem> problems) {
    List<String> channels = escalation.channels().stream().map(ChannelSpec::name).toList();
    List<String> analysts = new java.util.ArrayList<>(List.of(EscalationConfig.RULES));
    escalation.analysts().forEach(a -> analysts.add(a.name()));
    Map<String, Integer> names = new HashMap<>();
    for (int p = 0; p < escalation.policies().size(); p++) {
      EscalationPolicy policy = escalation.policies().get(p);
      String field = "escalation.policies[" + p + "]";
      Integer first = names.putIfAbsent(policy.name(), p);
      if (first != null) {
        problems.add(ProblemWording.at(file, index, field + ".name", "duplicate policy name '" + policy.name()
            + "' (also escalation.policies[" + first + "])"));
      }
      for (int s = 0; s < policy.steps().size(); s++) {
        List<String> analyze = policy.steps().get(s).analyze();
        for (int a = 0; a < analyze.size(); a++) {
          if (!analysts.contains(analyze.get(a))) {
            problems.add(ProblemWording.at(file, index, field + ".steps[" + s + "].analyze[" + a + "]",
                "unknown analyst '" + analyze.get(a) + "'; expected one of " + analysts
                    + ProblemWording.hint(analyze.get(a), analysts)));
          }
        }
        List<String> notify = policy.steps().get(s).channels();
        for (int c = 0; c < notify.size(); c++) {
          if (!channels.contains(notify.get(c))) {
            problems.add(ProblemWording.at(file, index, field + ".steps[" + s + "].notify[" + c + "]",
                "unknown channel '" + notify.get(c) + "'" + (channels.isEmpty()
                    ? "; escalation.channels names none" : ProblemWording.hint(notify.get(c), channels))));
          }
        }
      }
    }
  }

  /** A timeout or interval of zero would stop the scheduler or the HTTP client at run time. */
  private static void positive(
      String file, YamlIndex index, List<ConfigException.Problem> problems, String path, Duration d) {
    if (d != null && d.isZero()) {
      String name = path.substring(path.lastIndexOf('.') + 1);
      problems.add(ProblemWording.at(file, index, path, name + " must be more than 0, got " + Durations.format(d)));
    }
  }

  private static int line(YamlIndex index, String path) {
    return index.start(ProblemWording.written(path, index)).map(YamlIndex.Location::line).orElse(0);
  }

  /**
   * A cycle in depends_on (web -> api -> web) leaves no target to be the root cause when all of it
   * fails. Each cycle is reported once, at the entry of the first target in the file that closes it.
   */
  private static void dependencyCycles(String file, YamlIndex index, MedicConfig config, ConfigBinder.Positions at,
      List<ConfigException.Problem> problems) {
    Map<String, List<String>> dependsOn = new HashMap<>();
    config.targets().forEach(t -> dependsOn.putIfAbsent(t.name(), t.dependsOn()));
    Set<Set<String>> reported = new HashSet<>();
    for (int i = 0; i < config.targets().size(); i++) {
      TargetConfig t = config.targets().get(i);
      for (int d = 0; d < t.dependsOn().size(); d++) {
        List<String> back = path(t.dependsOn().get(d), t.name(), dependsOn);
        if (!t.dependsOn().get(d).equals(t.name()) && !back.isEmpty() && reported.add(Set.copyOf(back))) {
          problems.add(ProblemWording.at(file, index, "targets[" + at.target(i) + "].depends_on[" + d + "]",
              "depends_on makes a cycle: " + t.name() + " -> " + String.join(" -> ", back)
                  + " (one target in it must depend on none of the others)"));
        }
      }
    }
  }

  /** The shortest way from one target to another over depends_on, both included; empty if there is none. */
  private static List<String> path(String from, String to, Map<String, List<String>> dependsOn) {
    Map<String, String> cameFrom = new HashMap<>();
    Deque<String> next = new ArrayDeque<>(List.of(from));
    cameFrom.put(from, from);
    while (!next.isEmpty()) {
      String t = next.removeFirst();
      if (t.equals(to)) {
        List<String> way = new ArrayList<>();
        for (String step = to; !step.equals(from); step = cameFrom.get(step)) {
          way.addFirst(step);
        }
        way.addFirst(from);
        return way;
      }
      for (String dep : dependsOn.getOrDefault(t, List.of())) {
        if (cameFrom.putIfAbsent(dep, t) == null) {
          next.addLast(dep);
        }
      }
    }
    return List.of();
  }
}
