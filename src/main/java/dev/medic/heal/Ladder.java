package dev.medic.heal;

import dev.medic.config.MedicConfig;
import dev.medic.config.StrategyConfig;
import dev.medic.spi.Incident;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/** Which strategies may remedy an incident, in order, and which of them to try next. */
final class Ladder {

  private Ladder() {}

  /**
   * The strategies bound to the incident's condition, in file order, then those bound to {@code
   * persistent_failure}: the heavier remedies (rebuild, failover) tried only when the usual ones did
   * not help.
   *
   * @param crashLooping whether the target is in a crash loop now
   */
  static List<StrategyConfig> of(MedicConfig cfg, Incident incident, boolean crashLooping) {
    boolean supervised = cfg.target(incident.target()).map(t -> t.process() != null).orElse(false);
    // A restart needs a process medic supervises; elsewhere it could only fail and trip the breaker.
    // In a crash loop, restarting is what keeps the loop going: no restart until the loop ends.
    Predicate<StrategyConfig> usable = s -> (supervised || !s.action().needsSupervisedProcess())
        && !(crashLooping && s.action().restartsTarget());
    List<StrategyConfig> ladder = new ArrayList<>(cfg.strategies().stream()
        .filter(s -> s.appliesTo(incident.target(), incident.condition()))
        .filter(usable)
        .toList());
    for (StrategyConfig s : cfg.strategies()) {
      if (s.appliesTo(incident.target(), StrategyConfig.PERSISTENT_FAILURE) && usable.test(s)
          && !ladder.contains(s) && !ladder.isEmpty()) {
        ladder.add(s);
      }
    }
    return ladder;
  }

  /** The rung to try and how many attempts it has had. */
  record Rung(StrategyConfig strategy, int attempts) {}

  /**
   * The first rung with attempts left. A rung whose action had no effect in this run of the ladder
   * is passed over: it would change nothing again.
   *
   * @param attempts how many attempts a strategy has had on the incident (from the ledger, so they
   *     survive restarts)
   * @return null when the ladder is exhausted
   */
  static Rung next(List<StrategyConfig> ladder, ToIntFunction<String> attempts, Map<String, String> noEffect) {
    for (StrategyConfig s : ladder) {
      if (noEffect.containsKey(s.name())) {
        continue;
      }
      int done = attempts.applyAsInt(s.name());
      if (done < s.maxAttempts()) {
        return new Rung(s, done);
      }
    }
    return null;
  }
}
