package dev.medic.detect;

import dev.medic.spi.ThresholdRule;
import dev.medic.spi.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A target's threshold rules: since when each is breached on each check, the baselines of relative
 * rules, and which conditions the rules hold. A rule held for its {@code for} duration raises its
 * condition; it clears as soon as the metric is back. Part of {@link TargetDetector}, and like it
 * serialized by the caller.
 */
final class ThresholdWatch {

  /** Per rule and check: each check's samples are timed on their own. */
  private record RuleOnCheck(ThresholdRule rule, String check) {}

  private record Sample(Instant at, double value) {}

  private final String target;
  private final List<ThresholdRule> targetRules;
  private final Map<String, List<ThresholdRule>> checkRules;
  private final Map<RuleOnCheck, Instant> breachedSince = new HashMap<>();
  private final Map<RuleOnCheck, Deque<Sample>> baselines = new HashMap<>();
  private final Set<RuleOnCheck> raised = new LinkedHashSet<>();
  /** Rules taken to hold after a restart on every check, until a check shows it has no such metric. */
  private final Set<RuleOnCheck> assumed = new LinkedHashSet<>();

  /**
   * @param targetRules the target's {@code detect.thresholds}, applied to every check
   * @param checkRules rules a check kind brings for its own metrics, by check name
   */
  ThresholdWatch(String target, List<ThresholdRule> targetRules, Map<String, List<ThresholdRule>> checkRules) {
    this.target = target;
    this.targetRules = List.copyOf(targetRules);
    this.checkRules = Map.copyOf(checkRules);
  }

  /**
   * After a restart: a condition a rule names is taken to hold on every check until the metric is
   * seen back under it.
   *
   * @return whether any rule names the condition
   */
  boolean assume(String condition, List<String> checkNames) {
    boolean byRule = false;
    for (String check : checkNames) {
      for (ThresholdRule rule : rulesOf(check)) {
        if (rule.condition().equals(condition)) {
          RuleOnCheck key = new RuleOnCheck(rule, check);
          raised.add(key);
          assumed.add(key);
          byRule = true;
        }
      }
    }
    return byRule;
  }

  /** The conditions the rules hold now. */
  Set<String> held() {
    Set<String> held = new LinkedHashSet<>();
    raised.forEach(k -> held.add(k.rule().condition()));
    return held;
  }

  private List<ThresholdRule> rulesOf(String check) {
    List<ThresholdRule> own = checkRules.get(check);
    if (own == null) {
      return targetRules;
    }
    List<ThresholdRule> all = new ArrayList<>(targetRules);
    all.addAll(own);
    return all;
  }

  /**
   * @param heldByChecks whether a check's failure run holds the condition: a rule letting go of a
   *     condition a check still holds does not clear it
   */
  void observe(Observation o, List<Signal> signals, Predicate<String> heldByChecks) {
    // Several rules may name one condition (a rule per queue, all "stalled_queue"): a condition is
    // raised once, by the first rule to hold it, and clears only when no rule holds it any more.
    // Clears are applied after every rule has seen the observation, so one rule letting go while
    // another takes over in the same observation does not resolve and reopen the incident.
    List<RuleOnCheck> letGo = new ArrayList<>(0);
    observe(o, targetRules, signals, letGo);
    List<ThresholdRule> own = checkRules.get(o.check());
    if (own != null) {
      observe(o, own, signals, letGo);
    }
    Set<String> cleared = new LinkedHashSet<>();
    for (RuleOnCheck key : letGo) {
      raised.remove(key);
    }
    for (RuleOnCheck key : letGo) {
      if (!heldByChecks.test(key.rule().condition()) && !holds(key.rule().condition()) && cleared.add(key.rule().condition())) {
        Double value = metric(o, key.rule().metric());
        signals.add(new Signal.Clear(target, key.rule().condition(), o.check() + ": " + key.rule().metric()
            + (value == null ? " not reported by this check" : " back to " + format(value))));
      }
    }
  }

  private void observe(
      Observation o, List<ThresholdRule> rules, List<Signal> signals, List<RuleOnCheck> letGo) {
    for (ThresholdRule rule : rules) {
      Double value = metric(o, rule.metric());
      RuleOnCheck key = new RuleOnCheck(rule, o.check());
      if (value == null) {
        // A healthy run without the metric: this check does not report it, so it cannot be the one
        // holding a condition assumed at start (a failed run may just have lost its numbers).
        if (o.healthy() && assumed.remove(key) && raised.contains(key)) {
          letGo.add(key);
        }
        continue;
      }
      assumed.remove(key);
      Boolean breached = rule.relative() ? againstBaseline(key, o.at(), value) : (Boolean) rule.breached(value);
      if (breached == null) {
        continue; // not enough history for a baseline yet
      }
      if (breached) {
        Instant since = breachedSince.computeIfAbsent(key, r -> o.at());
        boolean held = Duration.between(since, o.at()).compareTo(rule.holdFor()) >= 0;
        if (held && !raised.contains(key)) {
          boolean alreadyHeld = holds(rule.condition());
          raised.add(key);
          if (!alreadyHeld) {
            signals.add(new Signal.Raise(target, rule.condition(),
                o.check() + ": " + rule.metric() + " = " + format(value) + " (" + rule + ")"));
          }
        }
      } else {
        breachedSince.remove(key);
        if (raised.contains(key)) {
          letGo.add(key);
        }
      }
    }
  }

  /** Null until the window holds enough samples; breached samples stay out of the baseline. */
  private Boolean againstBaseline(RuleOnCheck key, Instant at, double value) {
    Deque<Sample> window = baselines.computeIfAbsent(key, k -> new ArrayDeque<>());
    Instant horizon = at.minus(key.rule().baselineOver());
    while (!window.isEmpty() && window.peekFirst().at().isBefore(horizon)) {
      window.removeFirst();
    }
    Boolean breached = null;
    if (window.size() >= ThresholdRule.MIN_BASELINE_SAMPLES) {
      double mean = window.stream().mapToDouble(Sample::value).average().orElse(0);
      breached = key.rule().breached(value, mean);
    }
    if (breached == null || !breached) {
      window.addLast(new Sample(at, value));
      if (window.size() > 10_000) {
        window.removeFirst();
      }
    }
    return breached;
  }

  /** Does any threshold rule (of any check) hold this condition now? */
  boolean holds(String condition) {
    return raised.stream().anyMatch(k -> k.rule().condition().equals(condition));
  }

  private static Double metric(Observation o, String name) {
    Double v = o.metrics().get(name);
    if (v == null && "latency_ms".equals(name) && o.latency() != null) {
      return o.latencyMillis();
    }
    return v;
  }

  private static String format(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format("%.2f", v);
  }
}
