package dev.medic.runtime;

import dev.medic.config.AgentSettings;
import dev.medic.config.TargetConfig;
import dev.medic.spi.ThresholdRule;
import dev.medic.detect.TargetDetector;
import dev.medic.schedule.CheckJob;
import dev.medic.spi.CheckSpec;
import dev.medic.spi.KindRegistry;
import dev.medic.spi.ProbeContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The live state of every configured target, and how a target's state and checks are made. */
final class TargetRuntimes {

  private final Map<String, TargetRuntime> byName = new ConcurrentHashMap<>();
  private final KindRegistry kinds;
  private final Clock clock;

  TargetRuntimes(KindRegistry kinds, Clock clock) {
    this.kinds = kinds;
    this.clock = clock;
  }

  /** Null when the target is not (or no longer) configured. */
  TargetRuntime get(String target) {
    return byName.get(target);
  }

  /** Replaces the whole set at once (a reload): targets not in {@code next} are dropped. */
  void replaceAll(Map<String, TargetRuntime> next) {
    byName.putAll(next);
    byName.keySet().retainAll(next.keySet());
  }

  /** A fresh detector for the target, with each check's failures-to-raise and its own rules. */
  TargetRuntime create(TargetConfig t, AgentSettings agent) {
    var detect = t.detect();
    int successes = detect.successes() == null ? agent.successes() : detect.successes();
    Map<String, Integer> failures = new HashMap<>();
    Map<String, List<ThresholdRule>> checkRules = new HashMap<>();
    for (CheckSpec c : t.checks()) {
      int f = detect.failures() != null ? detect.failures()
          : c.raisesOnFirstFailure() ? 1 : agent.failures();
      failures.put(c.name(), f);
      if (!c.rules().isEmpty()) {
        checkRules.put(c.name(), c.rules());
      }
    }
    TargetDetector detector = new TargetDetector(t.name(), detect,
        check -> failures.getOrDefault(check, agent.failures()), successes, checkRules);
    return new TargetRuntime(t, detector, kinds::typeOf);
  }

  /** The target's checks with their probes; if one cannot be made, those made so far are closed. */
  List<CheckJob> jobs(TargetConfig t, AgentSettings agent) {
    ProbeContext ctx = new ProbeContext(t.name(), clock, kinds.bindings());
    List<CheckJob> jobs = new ArrayList<>();
    try {
      for (CheckSpec c : t.checks()) {
        Duration interval = c.interval() == null ? agent.interval() : c.interval();
        Duration timeout = c.timeout() == null ? agent.timeout() : c.timeout();
        jobs.add(new CheckJob(t.name(), c.name(), kinds.typeOf(c.getClass()), kinds.open(c, ctx), interval, timeout));
      }
    } catch (RuntimeException e) {
      jobs.forEach(j -> j.probe().close());
      throw e;
    }
    return jobs;
  }
}
