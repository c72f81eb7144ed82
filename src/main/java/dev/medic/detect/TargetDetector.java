package dev.medic.detect;

import dev.medic.config.DetectSettings;
import dev.medic.spi.ThresholdRule;
import dev.medic.spi.Observation;
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
 * Unless {@code flap: false}, the target's state after each run (up when every check's latest run
 * was healthy) feeds flap detection, which raises and clears {@code flapping} ({@link FlapWatch}).
 *
 * <p>Not thread-safe by itself: the caller serializes calls per target.
 */
public final class TargetDetector {

  public static final String CRASH_LOOP = "crash_loop";
  public static final String FLAPPING = "flapping";

  private final String target;
  private final DetectSettings settings;
  private final ToIntFunction<String> failuresFor;
  private final int successes;
  private final Map<String, CheckState> checks = new HashMap<>();
  private final ThresholdWatch thresholds;
  private final Deque<Instant> exits = new ArrayDeque<>();
  private boolean crashLoopRaised;
  private Instant lastExit;
  /** Null when flap detection is off for the target. */
  private final FlapWatch flaps;
  /** Checks whose latest run failed: the target is up when there are none. */
  private int failingChecks;

  private static final class CheckState {
    int failures;
    int successes;
    /** The latest run it was shown, for the crash loop's way out. */
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
    this.thresholds = new ThresholdWatch(target, settings.thresholds(), checkRules);
    this.target = target;
    this.settings = settings;
    this.failuresFor = failuresFor;
    this.successes = successes;
    this.flaps = settings.flap().enabled() ? new FlapWatch(target, settings.flap()) : null;
  }

  /**
   * After a restart of medic, an incident that was open is taken to still hold on every check of
   * the target, so that healthy runs clear it the normal way.
   */
  public void assumeRaised(String condition, List<String> checkNames) {
    if (condition.equals(FLAPPING)) {
      // With flap detection off nothing holds it, and the incident closes at the next observation.
      if (flaps != null) {
        flaps.assumeFlapping();
      }
      return;
    }
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
    if (thresholds.assume(condition, checkNames)) {
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
      observe(o);
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
    held.addAll(thresholds.held());
    if (crashLoopRaised) {
      held.add(CRASH_LOOP);
    }
    if (flaps != null && flaps.flapping()) {
      held.add(FLAPPING);
    }
    return held;
  }

  /** Does anything on the target (a check, a threshold rule, the crash loop, flap detection) hold the condition? */
  public boolean holds(String condition) {
    if (condition.equals(FLAPPING)) {
      return flaps != null && flaps.flapping();
    }
    // A check may report a crash loop itself (a container's restart count): held by it as well.
    return condition.equals(CRASH_LOOP) ? crashLoopRaised || held(condition) : held(condition);
  }

  public List<Signal> observe(Observation o) {
    List<Signal> signals = new ArrayList<>(0);
    observeCheck(o, signals);
    if (flaps != null) {
      flaps.record(failingChecks == 0, signals);
    }
    thresholds.observe(o, signals, this::heldByChecks);
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
    boolean wasFailing = s.lastAt != null && !s.lastHealthy;
    if (failed != wasFailing) {
      failingChecks += failed ? 1 : -1;
    }
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
    return heldByChecks(condition) || thresholds.holds(condition);
  }

  private boolean heldByChecks(String condition) {
    return checks.values().stream().anyMatch(c -> c.raised.contains(condition));
  }

}
