package dev.medic.runtime;

import dev.medic.config.MedicConfig;
import dev.medic.config.TargetConfig;
import dev.medic.spi.ThresholdRule;
import dev.medic.detect.Signal;
import dev.medic.spi.Incident;
import dev.medic.spi.CheckSpec;
import dev.medic.spi.Observation;
import dev.medic.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Detector memory (failure runs, threshold-for timers, baselines, crash-loop windows) rebuilt at
 * start from what the store recorded, so that a restart neither forgets a condition nor clears one
 * without evidence that it cleared.
 */
final class WarmUp {

  /** How far back a detector is rebuilt at start, unless a rule of the target needs longer. */
  private static final Duration HORIZON = Duration.ofHours(1);

  /** Runs per check that rebuild a detector at start: more than any failure run or window needs. */
  private static final int OBSERVATIONS_PER_CHECK = 200;

  private final Store store;
  private final TargetRuntimes runtimes;
  private final Clock clock;

  WarmUp(Store store, TargetRuntimes runtimes, Clock clock) {
    this.store = store;
    this.runtimes = runtimes;
    this.clock = clock;
  }

  /**
   * @param lastSeen filled with each check's newest recorded reading, for its probe to resume from
   * @return per target, the signals the history gives (handled once the checks are scheduled)
   */
  Map<TargetConfig, List<Signal>> warm(MedicConfig cfg, List<Incident> resumed,
      Map<String, Map<String, Observation>> lastSeen) {
    Instant now = clock.instant();
    Map<TargetConfig, List<Signal>> warmSignals = new LinkedHashMap<>();
    for (TargetConfig t : cfg.targets()) {
      TargetRuntime rt = runtimes.get(t.name());
      List<String> open = resumed.stream().filter(i -> i.target().equals(t.name())).map(Incident::condition).toList();
      // Only checks the config still has: a renamed check's old readings would never be replaced.
      Set<String> checks = t.checks().stream().map(CheckSpec::name).collect(Collectors.toSet());
      Instant since = now.minus(horizon(t));
      List<Observation> recorded = store.observations().list(t.name(), OBSERVATIONS_PER_CHECK * checks.size())
          .stream().filter(o -> checks.contains(o.check())).toList().reversed();
      List<Observation> history = recorded.stream().filter(o -> o.at().isAfter(since)).toList();
      Map<String, Observation> last = lastSeen.computeIfAbsent(t.name(), k -> new HashMap<>());
      // A probe resumes from the newest reading that has its numbers (a timeout has none), however
      // old: a log read up to a line before a day-long stop goes on from that line.
      for (Observation o : recorded) {
        if (!o.metrics().isEmpty() || !last.containsKey(o.check())) {
          last.put(o.check(), o);
        }
      }
      List<Signal> signals = new ArrayList<>(rt.warm(history, open));
      open.forEach(rt::assumeRaised);
      // A crash loop counts exits across a restart of medic: the window is refilled from the audit,
      // which may raise the loop now; a resumed loop clears only once the service runs again.
      signals.addAll(refillExitWindow(rt, t, now));
      warmSignals.put(t, signals);
    }
    return warmSignals;
  }

  /** The crash-loop window of a new runtime, refilled with the exits the audit recorded within it. */
  List<Signal> refillExitWindow(TargetRuntime rt, TargetConfig t, Instant now) {
    if (t.detect().crashLoop() == null) {
      return List.of();
    }
    return rt.warmExits(store.audit().processExits(t.name(), now.minus(t.detect().crashLoop().within())), now);
  }

  /** An hour, or the longest threshold {@code for} or baseline window of the target. */
  private static Duration horizon(TargetConfig t) {
    Duration longest = HORIZON;
    List<ThresholdRule> rules = new ArrayList<>(t.detect().thresholds());
    t.checks().forEach(c -> rules.addAll(c.rules()));
    for (ThresholdRule rule : rules) {
      Duration need = rule.relative() ? rule.holdFor().plus(rule.baselineOver()) : rule.holdFor();
      longest = need.compareTo(longest) > 0 ? need : longest;
    }
    return longest;
  }
}
