package dev.medic.config;

import dev.medic.detect.TargetDetector;
import dev.medic.spi.CheckSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The conditions a config can raise, so that a strategy bound to a misspelt condition is an error
 * instead of a remedy that silently never runs. A condition of one's own is declared by naming it in
 * a threshold rule ({@code ... as my_condition}).
 */
final class Conditions {

  /**
   * Raised on any target: a check that overran its timeout or threw, a failure without a named
   * condition, and {@code persistent_failure} (the rung after the usual remedies).
   */
  static final Set<String> EVERY_TARGET =
      Set.of("check_timeout", "check_error", "check_failed", StrategyConfig.PERSISTENT_FAILURE);

  private Conditions() {}

  /** Every condition this target can raise: its checks', their rules', its thresholds', crash_loop, flapping. */
  static Set<String> of(TargetConfig target) {
    Set<String> names = new TreeSet<>(EVERY_TARGET);
    for (CheckSpec check : target.checks()) {
      names.addAll(check.conditions());
      check.rules().forEach(r -> names.add(r.condition()));
    }
    target.detect().thresholds().forEach(r -> names.add(r.condition()));
    // A supervised process can crash-loop; so can anything a crash_loop rule watches.
    if (target.process() != null || target.detect().crashLoop() != null) {
      names.add(TargetDetector.CRASH_LOOP);
    }
    if (target.detect().flap().enabled()) {
      names.add(TargetDetector.FLAPPING);
    }
    return names;
  }

  /** Each condition of each strategy that none of the targets it applies to can raise. */
  static List<ConfigException.Problem> check(String file, YamlIndex index, MedicConfig config, ConfigBinder.Positions at) {
    List<ConfigException.Problem> problems = new ArrayList<>();
    for (int i = 0; i < config.strategies().size(); i++) {
      StrategyConfig s = config.strategies().get(i);
      List<TargetConfig> targets = s.targets().isEmpty()
          ? config.targets()
          : config.targets().stream().filter(t -> s.targets().contains(t.name())).toList();
      if (!s.targets().isEmpty() && targets.isEmpty()) {
        continue; // its targets are all unknown: that is the problem reported
      }
      Set<String> known = new TreeSet<>(EVERY_TARGET);
      targets.forEach(t -> known.addAll(of(t)));
      for (int c = 0; c < s.conditions().size(); c++) {
        String condition = s.conditions().get(c);
        if (known.contains(condition)) {
          continue;
        }
        String scope = targets.isEmpty() ? "no target"
            : s.targets().isEmpty() ? "no target" : "target" + (targets.size() == 1 ? " " : "s ")
                + String.join(", ", targets.stream().map(TargetConfig::name).toList()) + " never";
        scope = scope.startsWith("no") ? scope + " raises it" : scope + " raise" + (targets.size() == 1 ? "s" : "") + " it";
        String hint = ProblemWording.hint(condition, known);
        String own = hint.contains("did you mean") ? ""
            : "; to name a condition of your own, declare it in a threshold rule ('<metric> > <n> as "
                + condition + "')";
        problems.add(ProblemWording.at(file, index, "strategies[" + at.strategy(i) + "].conditions[" + c + "]",
            "unknown condition '" + condition + "': " + scope + hint + own));
      }
    }
    return problems;
  }
}
