package dev.medic.detect;

import dev.medic.config.DetectSettings;
import dev.medic.config.ThresholdRule;
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
import java.util.function.ToIntFunction;

/**
 * Turns one target's observations into signals. Holds, per check, a run of failures and successes
 * and a small window of recent results; per threshold rule, since when it is breached; and the
 * recent exits of the supervised process for crash-loop detection.
 *
 * <p>Rules: N consecutive failures of a check raise its condition, and so do {@code window.failures}
 * failures among its last {@code window.size} runs; M consecutive successes clear what that check
 * raised. A threshold breached without pause for its {@code for} duration raises its condition and
 * clears as soon as the metric is back. More than {@code crash_loop.restarts} exits within {@code
 * within} raise {@code crash_loop}. A condition clears only when nothing on the target holds it.
 *
 * <p>Not thread-safe by itself: the caller serializes calls per target.
 */
public final class TargetDetector {

  public static final String CRASH_LOOP = "crash_loop";

  private final String target;
  private final DetectSettings settings;
  private final ToIntFunction<String> failuresFor;
  private final int successes;
  private final Map<String, CheckState> checks = new HashMap<>();
  /** Per rule and check: each check's samples are timed on their own. */
  private record RuleOnCheck(ThresholdRule rule, String check) {}

  private final Map<RuleOnCheck, Instant> breachedSince = new HashMap<>();
  private final Map<RuleOnCheck, Deque<Sample>> baselines = new HashMap<>();
  private final Map<String, List<ThresholdRule>> checkRules;

  private record Sample(Instant at, double value) {}
  private final Set<RuleOnCheck> thresholdRaised = new LinkedHashSet<>();
  /** Rules taken to hold after a restart on every check, until a check shows it has no such metric. */
  private final Set<RuleOnCheck> assumed = new LinkedHashSet<>();
  private final Deque<Instant> exits = new ArrayDeque<>();
  private boolean crashLoopRaised;
  private Instant lastExit;

  private static final class CheckState {
    int failures;
    int successes;
    /** The latest run (verification failures excluded), for the crash loop's way out. */
    Instant lastAt;
    boolean lastHealthy;
    final Deque<Boolean> window = new ArrayDeque<>();
    final Set<String> raised = new LinkedHashSet<>();
  }

  /**
   * @param failuresFor consecutive failures that raise, per check name
   * @param successes consecutive successes that clear
   */
  public TargetDetector(
      String target, DetectSettings settings, ToIntFunction<String> failuresFor, int successes) {
    this(target, settings, failuresFor, successes, Map.of());
  }

  /**
   * @param checkRules rules that a check kind brings for its own metrics (for example a database
   *     check's {@code connections_pct > 90 as db_pool_exhausted}), by check name
   */
  public TargetDetector(String target, DetectSettings settings, ToIntFunction<String> failuresFor,
      int successes, Map<String, List<ThresholdRule>> checkRules) {
    this.checkRules = Map.copyOf(checkRules);
    this.target = target;
    this.settings = settings;
    this.failuresFor = failuresFor;
    this.successes = successes;
  }

  /**
   * After a restart of medic, an incident that was open is taken to still hold on every check of
   * the target, so that healthy runs clear it the normal way.
   */
  public void assumeRaised(String condition, List<String> checkNames) {
    if (condition.equals(CRASH_LOOP)) {
      // Without crash_loop settings (taken out of the config) nothing could ever clear it: it is
      // not held, and the incident closes at the next observation.
      if (settings.crashLoop() != null) {
        crashLoopRaised = true; // held by exits, not by checks: see warmExits
        // The loop ends only once every check of the target ran healthy after the last exit.
        checkNames.forEach(c -> checks.computeIfAbsent(c, k -> new CheckState()));
      }
      return;
    }
    if (holds(condition)) {
      return;
    }
    // A condition named by a threshold rule clears on the metric seen back under it, not on the
    // check merely running: a stalled queue whose check answers fine is still stalled.
    boolean byRule = false;
    for (String check : checkNames) {
      for (ThresholdRule rule : rulesOf(check)) {
        if (rule.condition().equals(condition)) {
          RuleOnCheck key = new RuleOnCheck(rule, check);
          thresholdRaised.add(key);
          assumed.add(key);
          byRule = true;
        }
      }
    }
    if (byRule) {
      return;
    }
    for (String check : checkNames) {
      checks.computeIfAbsent(check, c -> new CheckState()).raised.add(condition);
    }
  }

  /**
   * Rebuilds the detector's memory (failure runs, windows, threshold-for timers, baselines) from
   * the target's recent observations, oldest first, as after a restart of medic.
   *
   * @param open the conditions of the target's incidents that are still open
   * @return a raise for each condition the history holds that has no open incident
   */
  public List<Signal> warm(List<Observation> history, java.util.Collection<String> open) {
    for (Observation o : history) {
      observe(o, false);
    }
    List<Signal> raises = new ArrayList<>(0);
    for (String condition : heldConditions()) {
      if (!open.contains(condition)) {
        raises.add(new Signal.Raise(target, condition, "held by the observations recorded before medic restarted"));
      }
    }
    return raises;
  }

  /** Every condition something on the target holds now. */
  public Set<String> heldConditions() {
    Set<String> held = new LinkedHashSet<>();
    checks.values().forEach(c -> held.addAll(c.raised));
    thresholdRaised.forEach(k -> held.add(k.rule().condition()));
    if (crashLoopRaised) {
      held.add(CRASH_LOOP);
    }
    return held;
  }

  /** Does anything on the target (a check, a threshold rule, the crash loop) hold the condition? */
  public boolean holds(String condition) {
    return condition.equals(CRASH_LOOP) ? crashLoopRaised : held(condition);
  }

  private List<ThresholdRule> rulesOf(String check) {
    List<ThresholdRule> own = checkRules.get(check);
    if (own == null) {
      return settings.thresholds();
    }
    List<ThresholdRule> all = new ArrayList<>(settings.thresholds());
    all.addAll(own);
    return all;
  }

  /**
   * @param verification a re-probe run by Verify right after an action: a failure then is the known
   *     incident's aftermath (a restarting service refuses connections for a moment) and does not
   *     count toward raising; a success counts toward clearing as usual
   */
  public List<Signal> observe(Observation o, boolean verification) {
    List<Signal> signals = new ArrayList<>(0);
    if (verification && !o.healthy()) {
      return signals;
    }
    observeCheck(o, signals);
    observeThresholds(o, signals);
    if (crashLoopRaised) {
      // The window slides with time, not only with new exits.
      signals.addAll(crashLoop(o.at()));
    }
    return signals;
  }

  /**
   * After a restart of medic: the exits of the supervised process recorded before it, oldest first,
   * so that a crash loop is judged on the whole window, not only on what this run has seen.
   *
   * @return the crash-loop signal the history gives now (raise, clear of a resumed one, or none)
   */
  public List<Signal> warmExits(List<Instant> earlier, Instant now) {
    earlier.forEach(this::exited);
    return crashLoop(now);
  }

  /** A supervised process of this target exited on its own at the given time. */
  public List<Signal> processExited(Instant at) {
    exited(at);
    return crashLoop(at);
  }

  private void exited(Instant at) {
    exits.addLast(at);
    if (lastExit == null || at.isAfter(lastExit)) {
      lastExit = at;
    }
  }

  private List<Signal> crashLoop(Instant now) {
    if (settings.crashLoop() == null) {
      return List.of();
    }
    Instant horizon = now.minus(settings.crashLoop().within());
    while (!exits.isEmpty() && exits.peekFirst().isBefore(horizon)) {
      exits.removeFirst();
    }
    int restarts = settings.crashLoop().restarts();
    if (!crashLoopRaised && exits.size() > restarts) {
      crashLoopRaised = true;
      return List.of(new Signal.Raise(target, CRASH_LOOP, exits.size() + " exits within "
          + settings.crashLoop().within().toMinutes() + " min (limit " + restarts + ")"));
    }
    if (crashLoopRaised && exits.size() <= restarts && runningSinceLastExit()) {
      crashLoopRaised = false;
      return List.of(new Signal.Clear(target, CRASH_LOOP, "exits back to " + exits.size()
          + " within " + settings.crashLoop().within().toMinutes() + " min and every check healthy since the last"));
    }
    return List.of();
  }

  /**
   * A crash loop ends on evidence that the service runs again: every check's latest run healthy and
   * after the last exit. Exits ageing out of the window while the process stays down are not that.
   */
  private boolean runningSinceLastExit() {
    if (checks.isEmpty()) {
      return false;
    }
    Instant lastExit = this.lastExit;
    for (CheckState c : checks.values()) {
      if (!c.lastHealthy || c.lastAt == null || (lastExit != null && !c.lastAt.isAfter(lastExit))) {
        return false;
      }
    }
    return true;
  }

  private void observeCheck(Observation o, List<Signal> signals) {
    CheckState s = checks.computeIfAbsent(o.check(), c -> new CheckState());
    boolean failed = !o.healthy();
    s.lastAt = o.at();
    s.lastHealthy = !failed;
    if (settings.window() != null) {
      s.window.addLast(failed);
      if (s.window.size() > settings.window().size()) {
        s.window.removeFirst();
      }
    }
    if (failed) {
      s.failures++;
      s.successes = 0;
      String condition = o.condition() == null ? "check_failed" : o.condition();
      boolean consecutive = s.failures >= failuresFor.applyAsInt(o.check());
      boolean windowed =
          settings.window() != null
              && s.window.stream().filter(Boolean::booleanValue).count() >= settings.window().failures();
      if ((consecutive || windowed) && s.raised.isEmpty()) {
        s.raised.add(condition);
        String why = consecutive
            ? s.failures + " consecutive failures"
            : settings.window().failures() + " of the last " + settings.window().size() + " runs failed";
        signals.add(new Signal.Raise(target, condition, o.check() + ": " + o.message() + " (" + why + ")"));
      }
    } else {
      s.successes++;
      s.failures = 0;
      if (s.successes >= successes && !s.raised.isEmpty()) {
        List<String> cleared = new ArrayList<>(s.raised);
        s.raised.clear();
        for (String condition : cleared) {
          if (!held(condition)) {
            signals.add(new Signal.Clear(target, condition, o.check() + ": " + o.message()));
          }
        }
      }
    }
  }

  /**
   * Does a check or a threshold rule still hold the condition? A check's failure and a rule may name
   * the same condition: a postgres check refused for too many connections fails with
   * db_pool_exhausted, and its own rule raises db_pool_exhausted from connections_pct.
   */
  private boolean held(String condition) {
    return checks.values().stream().anyMatch(c -> c.raised.contains(condition)) || conditionHeld(condition);
  }

  private void observeThresholds(Observation o, List<Signal> signals) {
    // Several rules may name one condition (a rule per queue, all "stalled_queue"): a condition is
    // raised once, by the first rule to hold it, and clears only when no rule holds it any more.
    // Clears are applied after every rule has seen the observation, so one rule letting go while
    // another takes over in the same observation does not resolve and reopen the incident.
    List<RuleOnCheck> letGo = new ArrayList<>(0);
    observeThresholds(o, settings.thresholds(), signals, letGo);
    List<ThresholdRule> own = checkRules.get(o.check());
    if (own != null) {
      observeThresholds(o, own, signals, letGo);
    }
    Set<String> cleared = new LinkedHashSet<>();
    for (RuleOnCheck key : letGo) {
      thresholdRaised.remove(key);
    }
    for (RuleOnCheck key : letGo) {
      if (!held(key.rule().condition()) && cleared.add(key.rule().condition())) {
        Double value = metric(o, key.rule().metric());
        signals.add(new Signal.Clear(target, key.rule().condition(), o.check() + ": " + key.rule().metric()
            + (value == null ? " not reported by this check" : " back to " + format(value))));
      }
    }
  }

  private void observeThresholds(
      Observation o, List<ThresholdRule> rules, List<Signal> signals, List<RuleOnCheck> letGo) {
    for (ThresholdRule rule : rules) {
      Double value = metric(o, rule.metric());
      RuleOnCheck key = new RuleOnCheck(rule, o.check());
      if (value == null) {
        // A healthy run without the metric: this check does not report it, so it cannot be the one
        // holding a condition assumed at start (a failed run may just have lost its numbers).
        if (o.healthy() && assumed.remove(key) && thresholdRaised.contains(key)) {
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
        if (held && !thresholdRaised.contains(key)) {
          boolean alreadyHeld = conditionHeld(rule.condition());
          thresholdRaised.add(key);
          if (!alreadyHeld) {
            signals.add(new Signal.Raise(target, rule.condition(),
                o.check() + ": " + rule.metric() + " = " + format(value) + " (" + rule + ")"));
          }
        }
      } else {
        breachedSince.remove(key);
        if (thresholdRaised.contains(key)) {
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
  private boolean conditionHeld(String condition) {
    return thresholdRaised.stream().anyMatch(k -> k.rule().condition().equals(condition));
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
