package dev.medic.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every healing attempt, typed, for the policy that limits healing: cooldowns, hourly budgets,
 * a ladder's attempts, the backoff streak and the breaker's memory count from here, so they hold
 * across restarts of medic. An attempt is begun before its action runs and finished after: one
 * begun and never finished is an action a crash of medic cut off.
 */
public interface HealingLedger {

  /**
   * One attempt of a strategy on an incident.
   *
   * @param action what the action touches, in words
   */
  record Attempt(long id, long incidentId, String target, String strategy, String action, Instant startedAt) {}

  /** Records the attempt before its action runs; returns it with its id. */
  Attempt begin(long incidentId, String target, String strategy, String action, Instant at);

  /**
   * The action ended (or, for {@link AttemptResult#INTERRUPTED}, never will). Cooldowns and the
   * hourly budget count from {@code at}. A {@link AttemptResult#FAILED} action healed nothing: the
   * attempt is a failed one without a verify.
   */
  void finish(Attempt attempt, AttemptResult result, String detail, Instant at);

  /** What the verify after an {@link AttemptResult#OK} action found. */
  void verified(Attempt attempt, boolean healed);

  /** When the strategy's last action on the target ended, dry runs aside (for its cooldown). */
  Optional<Instant> lastAction(String target, String strategy);

  /** Actions on the target that ended at or after the instant, dry runs aside (the hourly budget). */
  int actionsSince(String target, Instant since);

  /** Actions of the strategy on the incident, dry runs aside (a ladder resumes from here). */
  int attempts(long incidentId, String strategy);

  /** Attempts begun and never finished: medic died while they ran. Oldest first. */
  List<Attempt> unfinished();

  /**
   * Per target, the failed attempts in a row up to its newest attempt with a verdict, counting
   * those finished since the instant (the healer's backoff resumes from this). An attempt without
   * effect neither fails nor heals.
   */
  Map<String, Integer> failedStreaks(Instant since);

  /** Verdicts of the most recent attempts across all targets, newest first: true healed (for the breaker). */
  List<Boolean> recentResults(int limit);
}
