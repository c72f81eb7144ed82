package dev.medic.runtime;

import dev.medic.config.AgentSettings;
import dev.medic.config.MedicConfig;
import dev.medic.config.TargetConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What a reload changes, per target: those that run on exactly as before keep their detector
 * state, probes and schedule; changed and added ones start afresh; removed ones stop.
 *
 * @param kept targets that run on as they are
 * @param fresh targets that get a new runtime and new checks (changed or added)
 * @param changed names among {@code fresh} that existed before
 * @param removed names of targets the new config no longer has
 */
record ConfigDiff(List<TargetConfig> kept, List<TargetConfig> fresh, List<String> changed, List<String> removed) {

  /**
   * @param running whether a target has live state now (a target without it always starts afresh)
   */
  static ConfigDiff between(MedicConfig current, MedicConfig next, Predicate<String> running) {
    List<TargetConfig> kept = new ArrayList<>();
    List<TargetConfig> fresh = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    for (TargetConfig t : next.targets()) {
      Optional<TargetConfig> before = current.target(t.name());
      if (before.isPresent() && running.test(t.name()) && unchanged(before.get(), current.agent(), t, next.agent())) {
        kept.add(t);
      } else {
        fresh.add(t);
        if (before.isPresent()) {
          changed.add(t.name());
        }
      }
    }
    List<String> removed = current.targets().stream().map(TargetConfig::name)
        .filter(n -> next.target(n).isEmpty()).toList();
    return new ConfigDiff(List.copyOf(kept), List.copyOf(fresh), List.copyOf(changed), removed);
  }

  /**
   * Whether a target runs on exactly as before under the new config: same target settings, and the
   * same agent defaults its checks and detector were built from.
   */
  private static boolean unchanged(TargetConfig before, AgentSettings agentBefore, TargetConfig after, AgentSettings agentAfter) {
    return SameConfig.same(before, after)
        && agentBefore.interval().equals(agentAfter.interval())
        && agentBefore.timeout().equals(agentAfter.timeout())
        && agentBefore.failures().equals(agentAfter.failures())
        && agentBefore.successes().equals(agentAfter.successes());
  }
}
