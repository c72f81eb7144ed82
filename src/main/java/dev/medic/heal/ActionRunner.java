package dev.medic.heal;

import dev.medic.config.AgentSettings;
import dev.medic.config.StrategyConfig;
import dev.medic.incident.IncidentBook;
import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import dev.medic.spi.Bindings;
import dev.medic.spi.Incident;
import dev.medic.store.AttemptResult;
import dev.medic.store.AuditEntry;
import dev.medic.store.HealingLedger;
import dev.medic.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt of one strategy on one incident: the intent in the ledger before anything is touched,
 * the action, its outcome in the ledger and the audit, then Verify. Also what the healer reads from
 * the store: attempts so far, the interrupted actions of an earlier run, the audit.
 */
public final class ActionRunner {

  private static final Logger log = LoggerFactory.getLogger("medic.heal");

  /** Hears about each finished attempt (for metrics, and the live feed's heal log). */
  @FunctionalInterface
  public interface ActionListener {
    void attempted(String target, String strategy, String result);

    /**
     * The attempt in full, when it finished: which one of how many, and what it did.
     *
     * @param result healed, not_healed, failed or no_effect
     * @param detail the attempt as the audit tells it, with the action's or the verify's outcome
     */
    default void finished(Incident incident, String strategy, String result, int attempt, int of, String detail) {
      attempted(incident.target(), strategy, result);
    }
  }

  /**
   * How an attempt ended, for the ladder: healed (and resolved), not healed (the action failed or
   * the verify did), no effect (nothing to act on), or nothing done (a dry run, or the incident
   * closed first).
   */
  enum Outcome { HEALED, FAILED, NO_EFFECT, NOTHING }

  /**
   * @param failingChecks checks failing after a failed attempt (to tell "worse" from "no better")
   */
  record Result(Outcome outcome, String detail, int failingChecks) {}

  private final IncidentBook book;
  private final Store store;
  private final Verifier verifier;
  private final Bindings bindings;
  private final Clock clock;
  private final ActionListener listener;

  public ActionRunner(IncidentBook book, Store store, Verifier verifier, Bindings bindings, Clock clock,
      ActionListener listener) {
    this.book = book;
    this.store = store;
    this.verifier = verifier;
    this.bindings = bindings;
    this.clock = clock;
    this.listener = listener;
  }

  Clock clock() {
    return clock;
  }

  /** Attempts the strategy has had on the incident, counted in the ledger (so across restarts). */
  int attempts(long incidentId, String strategy) {
    return store.ledger().attempts(incidentId, strategy);
  }

  /** What the strategy's action would do for the incident, in a few words. */
  String describe(StrategyConfig strategy, Incident incident) {
    return strategy.action().describe(new ActionContext(incident, bindings));
  }

  /** Whether the incident's condition still holds (see {@link Verifier#holds}). */
  boolean holds(Incident incident) {
    return verifier.holds(incident);
  }

  /**
   * Records the decision, runs the action, verifies. Called under the target's lock.
   *
   * <p>The attempt is in the ledger (and its intent in the audit) before the action starts: a medic
   * killed while the action runs finds it at its next start ({@link #recoverInterrupted}) and counts
   * it as an attempt, so an action is never run again behind the back of its {@code max_attempts}
   * or cooldown.
   */
  Result act(Incident incident, StrategyConfig strategy, int number, AgentSettings agent)
      throws InterruptedException {
    ActionContext ctx = new ActionContext(incident, bindings);
    String what = strategy.action().describe(ctx);
    if (agent.dryRun()) {
      return dryRun(incident, strategy, ctx, what);
    }
    String attemptText = strategy.name() + " attempt " + number + "/" + strategy.maxAttempts() + ": " + what;
    audit(incident, "decision", strategy.name(), "", "chose " + attemptText);
    if (book.attempt(incident.id(), strategy.name(), attemptText).isEmpty()) {
      return new Result(Outcome.NOTHING, null, 0);
    }
    log.info("incident #{} {}: action {}", incident.id(), incident.target(), attemptText);
    Instant actedAt = clock.instant();
    HealingLedger.Attempt started = store.inTransaction(s -> {
      s.audit().append(entry(incident, AuditEntry.INTENT, strategy.name(), "started", what));
      return s.ledger().begin(incident.id(), incident.target(), strategy.name(), what, actedAt);
    });
    // From the action's start until the verdict is recorded and applied, a clear of the condition is
    // only noted: a check that sees the target healthy while the action runs or just after it (a
    // container back up before the verify began) must not resolve the incident behind the verify;
    // it resolves on the verify's word, after its attempt is on record.
    book.beginVerify(incident.id());
    try {
      ActionOutcome outcome = strategy.action().run(ctx);
      store.inTransaction(s -> {
        s.ledger().finish(started, resultOf(outcome), outcome.detail(), clock.instant());
        s.audit().append(entry(incident, "action", strategy.name(), outcome.result().key(),
            what + " -> " + outcome.detail()));
        return started;
      });
      if (outcome.result() == ActionOutcome.Result.NO_EFFECT) {
        log.info("incident #{} {}: {} had no effect: {}", incident.id(), incident.target(), strategy.name(), outcome.detail());
        audit(incident, "attempt", strategy.name(), "no_effect", attemptText);
        listener.finished(incident, strategy.name(), "no_effect", number, strategy.maxAttempts(),
            attemptText + " had no effect: " + outcome.detail());
        book.reopen(incident.id(), attemptText + " had no effect: " + outcome.detail());
        return new Result(Outcome.NO_EFFECT, outcome.detail(), 0);
      }
      Verifier.Result verified = outcome.ok() ? verify(incident, strategy, actedAt, agent.verifyTimeout())
          : actionFailed(incident, outcome);
      boolean healed = verified.healed();
      store.inTransaction(s -> {
        if (outcome.ok()) {
          s.ledger().verified(started, healed);
        }
        s.audit().append(entry(incident, "attempt", strategy.name(), healed ? "ok" : "failed", attemptText));
        return started;
      });
      listener.finished(incident, strategy.name(), healed ? "healed" : outcome.ok() ? "not_healed" : "failed",
          number, strategy.maxAttempts(), attemptText + " -> " + verified.detail());
      if (healed) {
        // Only this incident: the condition may have come back meanwhile as a new one, which is not healed.
        book.resolve(incident, "healed by " + attemptText + " (" + verified.detail() + ")");
        return new Result(Outcome.HEALED, null, 0);
      }
      book.reopen(incident.id(), attemptText + " did not heal: " + verified.detail());
      return new Result(Outcome.FAILED, what, verified.failingChecks());
    } finally {
      book.endVerify(incident.id());
    }
  }

  /** A dry run spends nothing: no attempt, no cooldown, no budget; it says exactly what it would touch. */
  private Result dryRun(Incident incident, StrategyConfig strategy, ActionContext ctx, String what)
      throws InterruptedException {
    ActionOutcome plan = strategy.action().plan(ctx);
    String text = strategy.name() + " (dry run): " + plan.detail();
    audit(incident, "decision", strategy.name(), "", "chose " + strategy.name() + " (dry run, no attempt spent): " + what);
    String planned = plan.ok() ? plan.detail() : "would have no effect: " + plan.detail();
    store.inTransaction(s -> {
      HealingLedger.Attempt dry = s.ledger().begin(incident.id(), incident.target(), strategy.name(), what,
          clock.instant());
      s.ledger().finish(dry, AttemptResult.DRY_RUN, planned, clock.instant());
      s.audit().append(entry(incident, "action", strategy.name(), "dry-run", planned));
      return dry;
    });
    log.info("incident #{} {}: dry-run, {}", incident.id(), incident.target(), text);
    book.note(incident.id(), "dry_run", text);
    return new Result(Outcome.NOTHING, null, 0);
  }

  private Verifier.Result verify(Incident incident, StrategyConfig strategy, Instant actedAt, Duration timeout)
      throws InterruptedException {
    Verifier.Result verified = verifier.verify(incident, actedAt, timeout);
    audit(incident, "verify", strategy.name(), verified.healed() ? "ok" : "failed", verified.detail());
    log.info("incident #{} {}: verify {}: {}", incident.id(), incident.target(),
        verified.healed() ? "passed" : "failed", verified.detail());
    return verified;
  }

  private Verifier.Result actionFailed(Incident incident, ActionOutcome outcome) {
    log.info("incident #{} {}: action failed: {}", incident.id(), incident.target(), outcome.detail());
    return new Verifier.Result(false, 0, "action failed: " + outcome.detail());
  }

  /** The ledger's word for how an action ended. */
  private static AttemptResult resultOf(ActionOutcome outcome) {
    return switch (outcome.result()) {
      case OK -> AttemptResult.OK;
      case NO_EFFECT -> AttemptResult.NO_EFFECT;
      case FAILED -> AttemptResult.FAILED;
    };
  }

  /**
   * At start, before any incident is taken up: every attempt begun in the ledger and never finished
   * was cut off by a crash of medic. Each is finished as {@code interrupted}, dated at its start, so
   * it counts as an attempt, toward its cooldown and toward the hourly budget, and the ladder
   * continues after it.
   *
   * @return how many interrupted actions were found
   */
  int recoverInterrupted() {
    List<HealingLedger.Attempt> dangling = store.ledger().unfinished();
    for (HealingLedger.Attempt a : dangling) {
      String detail = "interrupted by a restart of medic (started " + a.startedAt() + ")";
      store.inTransaction(s -> {
        s.ledger().finish(a, AttemptResult.INTERRUPTED, detail, a.startedAt());
        s.audit().append(AuditEntry.of(a.startedAt(), a.incidentId(), a.target(), "action", a.strategy(),
            "interrupted", a.action() + " -> " + detail));
        return a;
      });
      log.warn("incident #{} {}: {} was interrupted by a restart of medic; counted as an attempt",
          a.incidentId(), a.target(), a.strategy());
    }
    return dangling.size();
  }

  /** Per target, failed attempts in a row up to the newest one since the instant. */
  Map<String, Integer> failedStreaks(Instant since) {
    return store.ledger().failedStreaks(since);
  }

  /** Per target, when its last incident was resolved since the instant. */
  Map<String, Instant> lastResolved(Instant since) {
    return store.incidents().lastResolved(since);
  }

  void audit(Incident incident, String kind, String strategy, String result, String detail) {
    store.audit().append(entry(incident, kind, strategy, result, detail));
  }

  private AuditEntry entry(Incident incident, String kind, String strategy, String result, String detail) {
    return AuditEntry.of(clock.instant(), incident.id(), incident.target(), kind, strategy, result, detail);
  }
}
