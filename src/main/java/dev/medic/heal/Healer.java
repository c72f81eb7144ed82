package dev.medic.heal;

import dev.medic.store.Approval;
import dev.medic.config.Mode;
import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import dev.medic.config.AgentSettings;
import dev.medic.config.MedicConfig;
import dev.medic.config.StrategyConfig;
import dev.medic.config.TargetConfig;
import dev.medic.detect.TargetDetector;
import dev.medic.spi.Incident;
import dev.medic.incident.IncidentBook;
import dev.medic.spi.Bindings;
import dev.medic.schedule.Threads;
import dev.medic.store.AttemptResult;
import dev.medic.store.AuditEntry;
import dev.medic.store.HealingLedger;
import dev.medic.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works one incident at a time per virtual thread: climbs the ladder of strategies bound to its
 * condition, asks the Guard before every action, records the decision before touching anything,
 * runs the action, verifies, and escalates when the ladder is exhausted, a limit blocks it, or an
 * action made things worse. Never gives up silently: every path ends resolved or escalated.
 */
public final class Healer {

  private static final Logger log = LoggerFactory.getLogger("medic.heal");

  /** The condition whose strategies extend every ladder once its own strategies are exhausted. */
  public static final String PERSISTENT_FAILURE = "persistent_failure";

  private final Supplier<MedicConfig> config;
  private final IncidentBook book;
  private final Store store;
  private final Guard guard;
  private final Verifier verifier;
  private final Bindings bindings;
  private final Clock clock;
  private final Set<Long> working = ConcurrentHashMap.newKeySet();
  private final Map<String, Backoff> backoff = new ConcurrentHashMap<>();
  private final Map<Long, Thread> threads = new ConcurrentHashMap<>();
  private final Map<String, ReentrantLock> targetLocks = new ConcurrentHashMap<>();
  private final ActionListener actionListener;
  private final ApprovalDesk approvals;
  private volatile boolean stopping;

  /** Hears about each finished attempt (for metrics). */
  @FunctionalInterface
  public interface ActionListener {
    void attempted(String target, String strategy, String result);
  }

  /** Failed attempts in a row on a target, and when its last incident was resolved. */
  private record Backoff(int failedStreak, Instant lastResolved) {}

  public Healer(
      Supplier<MedicConfig> config,
      IncidentBook book,
      Store store,
      Guard guard,
      Verifier verifier,
      Bindings bindings,
      Clock clock,
      ApprovalDesk approvals,
      ActionListener actionListener) {
    this.config = config;
    this.book = book;
    this.store = store;
    this.guard = guard;
    this.verifier = verifier;
    this.bindings = bindings;
    this.clock = clock;
    this.actionListener = actionListener;
    this.approvals = approvals;
  }

  /** Starts working an incident unless it is already being worked. */
  public void take(Incident incident) {
    if (stopping || incident.escalated() || !working.add(incident.id())) {
      return;
    }
    Thread t =
        Thread.ofVirtual()
            .name("heal-" + incident.id())
            .unstarted(
                () -> {
                  try {
                    work(incident);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  } catch (RuntimeException e) {
                    if (stopping) {
                      // Interrupted mid-write by shutdown: the incident resumes on the next start.
                      log.debug("healing incident #{} ended by shutdown: {}", incident.id(), e.toString());
                    } else {
                      log.error("healing incident #{} failed unexpectedly", incident.id(), e);
                      escalateAfterError(incident, e);
                    }
                  } finally {
                    working.remove(incident.id());
                    threads.remove(incident.id());
                  }
                });
    threads.put(incident.id(), t);
    t.start();
  }

  private void escalateAfterError(Incident incident, RuntimeException error) {
    try {
      book.escalate(incident.id(), "medic error while healing: " + error);
    } catch (RuntimeException again) {
      // The store itself is failing; the incident stays open in it and resumes on the next start.
      log.error("could not escalate incident #{} either: {}", incident.id(), again.toString());
    }
  }

  /** The incident was resolved: remember it for the backoff reset; stop waiting for its approval. */
  public void resolved(Incident incident) {
    backoff.compute(incident.target(), (t, b) ->
        new Backoff(b == null ? 0 : b.failedStreak(), incident.resolvedAt()));
    approvals.wake();
  }

  public boolean busy() {
    return !working.isEmpty();
  }

  /**
   * Stops all healing threads (on shutdown) and waits up to {@code patience} for them to end, so
   * that none writes to a store being closed. Their incidents stay open and resume next start.
   *
   * @return how many threads were still running when patience ran out
   */
  public int stop(Duration patience) throws InterruptedException {
    stopping = true;
    List<Thread> running = List.copyOf(threads.values());
    running.forEach(Thread::interrupt);
    return Threads.joinAll(running, patience);
  }

  private void work(Incident incident) throws InterruptedException {
    Verifier.Result before = null;
    Map<String, String> noEffect = new java.util.LinkedHashMap<>();
    while (true) {
      // Read anew before every attempt: a reload may have changed the mode, the target or the
      // strategies while this incident waited (backoff, cooldown, approval) or was verified.
      MedicConfig cfg = config.get();
      AgentSettings agent = cfg.agent();
      if (book.openIncident(incident.id()).isEmpty()) {
        return;
      }
      if (cfg.target(incident.target()).isEmpty()) {
        // Taken out by a reload, which closes the target's incidents itself: nothing to remedy.
        return;
      }
      if (!verifier.holds(incident)) {
        // Cleared while an attempt was verified, or while this one waited: nothing left to remedy.
        book.resolve(incident, "condition cleared; no further remedy needed");
        return;
      }
      List<StrategyConfig> ladder = ladder(cfg, incident, crashLooping(incident));
      if (ladder.isEmpty()) {
        audit(incident, "decision", null, "skipped", "no strategy handles condition " + incident.condition());
        escalateUnlessObserving(incident, agent, "no strategy handles condition " + incident.condition());
        return;
      }
      // The first rung with attempts left; attempts are counted in the store, so they survive
      // restarts. A rung whose action had no effect is passed over: it would change nothing again.
      StrategyConfig strategy = null;
      int done = 0;
      for (StrategyConfig s : ladder) {
        if (noEffect.containsKey(s.name())) {
          continue;
        }
        done = store.ledger().attempts(incident.id(), s.name());
        if (done < s.maxAttempts()) {
          strategy = s;
          break;
        }
      }
      if (strategy == null) {
        StringBuilder why = new StringBuilder("ladder exhausted after "
            + String.join(", ", ladder.stream().map(StrategyConfig::name).toList()));
        noEffect.forEach((name, detail) -> why.append("; ").append(name).append(" had no effect: ").append(detail));
        escalateUnlessObserving(incident, agent, why.toString());
        return;
      }
      Duration pause = backoffBefore(incident);
      if (!pause.isZero()) {
        audit(incident, "decision", strategy.name(), "", "backoff " + pause.toMillis() + " ms before next attempt");
        if (book.awaitClosed(incident.id(), pause)) {
          return;
        }
      }
      if (strategy.needsApproval() && !agent.dryRun() && agent.mode() == Mode.HEAL) {
        Approval decided = approve(incident, strategy);
        if (decided == null) {
          return;
        }
        if (decided.state() != Approval.State.APPROVED) {
          escalateUnlessObserving(incident, agent, "approval for " + strategy.name() + " "
              + decided.state().key() + (decided.decidedBy() == null ? "" : " by " + decided.decidedBy())
              + (decided.reason() == null ? "" : ": " + decided.reason()));
          return;
        }
      }
      Attempt attempt;
      // One remedy at a time per target: two incidents on one target never act at once.
      ReentrantLock lock = targetLocks.computeIfAbsent(incident.target(), t -> new ReentrantLock());
      lock.lockInterruptibly();
      try {
        if (book.openIncident(incident.id()).isEmpty()) {
          return;
        }
        // The backoff, the approval or this lock may have waited through a reload: act only as the
        // config says now, and choose again if the strategy no longer applies.
        cfg = config.get();
        agent = cfg.agent();
        Optional<TargetConfig> target = cfg.target(incident.target());
        if (target.isEmpty() || !ladder(cfg, incident, crashLooping(incident)).contains(strategy)) {
          continue;
        }
        Guard.Decision decision = guard.check(incident, strategy, target.get(), agent);
        if (!decision.allowed()) {
          audit(incident, "skipped", strategy.name(), "skipped", decision.reason());
          log.info("incident #{} {}: {} skipped: {}", incident.id(), incident.target(), strategy.name(), decision.reason());
          attempt = decision.waitable() ? Attempt.wait(decision.retryAt()) : Attempt.blocked(decision.reason());
        } else {
          attempt = act(incident, strategy, done + 1, agent);
        }
      } finally {
        lock.unlock();
      }
      switch (attempt.outcome()) {
        case WAIT -> {
          Duration wait = Duration.between(clock.instant(), attempt.retryAt());
          if (book.awaitClosed(incident.id(), wait.isNegative() ? Duration.ZERO : wait)) {
            return;
          }
        }
        case BLOCKED -> {
          escalateUnlessObserving(incident, agent, strategy.name() + " blocked: " + attempt.detail());
          return;
        }
        case DONE -> {
          return;
        }
        case NO_EFFECT -> noEffect.put(strategy.name(), attempt.detail());
        case FAILED -> {
          if (before != null && attempt.failingChecks() > before.failingChecks()) {
            escalateUnlessObserving(incident, agent, attempt.detail() + " made things worse: "
                + attempt.failingChecks() + " checks failing, " + before.failingChecks() + " before");
            return;
          }
          before = new Verifier.Result(false, attempt.failingChecks(), attempt.detail());
        }
      }
    }
  }

  /**
   * The strategies bound to the incident's condition, in file order, then those bound to {@code
   * persistent_failure}: the heavier remedies (rebuild, failover) tried only when the usual ones did
   * not help.
   */
  static List<StrategyConfig> ladder(MedicConfig cfg, Incident incident, boolean crashLooping) {
    boolean supervised = cfg.target(incident.target()).map(t -> t.process() != null).orElse(false);
    // A restart needs a process medic supervises; elsewhere it could only fail and trip the breaker.
    // In a crash loop, restarting is what keeps the loop going: no restart until the loop ends.
    boolean restartable = supervised && !crashLooping;
    java.util.function.Predicate<StrategyConfig> usable =
        s -> restartable || !s.action().restartsTarget();
    List<StrategyConfig> ladder = new java.util.ArrayList<>(cfg.strategies().stream()
        .filter(s -> s.appliesTo(incident.target(), incident.condition()))
        .filter(usable)
        .toList());
    for (StrategyConfig s : cfg.strategies()) {
      if (s.appliesTo(incident.target(), PERSISTENT_FAILURE) && usable.test(s) && !ladder.contains(s) && !ladder.isEmpty()) {
        ladder.add(s);
      }
    }
    return ladder;
  }

  private boolean crashLooping(Incident incident) {
    return book.openIncident(incident.target(), TargetDetector.CRASH_LOOP).isPresent();
  }

  /**
   * Asks a person to allow the destructive remedy and waits for the answer.
   *
   * @return the decided approval, or null if the incident closed meanwhile
   */
  private Approval approve(Incident incident, StrategyConfig strategy) throws InterruptedException {
    String what = strategy.action().describe(new ActionContext(incident, bindings));
    Approval request = approvals.request(incident.id(), incident.target(), strategy.name(), what, strategy.approvalTimeout());
    String text = strategy.name() + " would run " + what + "; approval #" + request.id() + " expires at " + request.expiresAt();
    if (book.openIncident(incident.id()).map(i -> i.state() != dev.medic.spi.IncidentState.AWAITING_APPROVAL).orElse(false)) {
      audit(incident, "approval", strategy.name(), "pending", text);
      book.awaitingApproval(incident.id(), request.id(), text);
    }
    Approval decided = approvals.await(request, () -> book.openIncident(incident.id()).isPresent());
    if (book.openIncident(incident.id()).isEmpty()) {
      return null;
    }
    audit(incident, "approval", strategy.name(), decided.state().key(), "approval #" + decided.id() + " "
        + decided.state().key() + (decided.decidedBy() == null ? "" : " by " + decided.decidedBy())
        + (decided.reason() == null ? "" : ": " + decided.reason()));
    book.reopen(incident.id(), "approval #" + decided.id() + " " + decided.state().key());
    return decided;
  }

  /** How one pass through the ladder ended. */
  private enum Outcome { WAIT, BLOCKED, DONE, FAILED, NO_EFFECT }

  private record Attempt(Outcome outcome, Instant retryAt, String detail, int failingChecks) {
    static Attempt wait(Instant retryAt) {
      return new Attempt(Outcome.WAIT, retryAt, null, 0);
    }

    static Attempt blocked(String reason) {
      return new Attempt(Outcome.BLOCKED, null, reason, 0);
    }
  }

  /**
   * Records the decision, runs the action, verifies. Called under the target's lock.
   *
   * <p>The attempt is in the ledger (and its intent in the audit) before the action starts: a medic
   * killed while the action runs finds it at its next start ({@link #recoverInterrupted}) and counts
   * it as an attempt, so an action is never run again behind the back of its {@code max_attempts}
   * or cooldown.
   */
  private Attempt act(Incident incident, StrategyConfig strategy, int number, AgentSettings agent)
      throws InterruptedException {
    ActionContext ctx = new ActionContext(incident, bindings);
    String what = strategy.action().describe(ctx);
    if (agent.dryRun()) {
      // A dry run spends nothing: no attempt, no cooldown, no budget; it says exactly what it would touch.
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
      return new Attempt(Outcome.DONE, null, null, 0);
    }
    String attemptText = strategy.name() + " attempt " + number + "/" + strategy.maxAttempts() + ": " + what;
    audit(incident, "decision", strategy.name(), "", "chose " + attemptText);
    if (book.attempt(incident.id(), strategy.name(), attemptText).isEmpty()) {
      return new Attempt(Outcome.DONE, null, null, 0);
    }
    log.info("incident #{} {}: action {}", incident.id(), incident.target(), attemptText);
    Instant actedAt = clock.instant();
    HealingLedger.Attempt started = store.inTransaction(s -> {
      s.audit().append(entry(incident, AuditEntry.INTENT, strategy.name(), "started", what));
      return s.ledger().begin(incident.id(), incident.target(), strategy.name(), what, actedAt);
    });
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
      actionListener.attempted(incident.target(), strategy.name(), "no_effect");
      book.reopen(incident.id(), attemptText + " had no effect: " + outcome.detail());
      return new Attempt(Outcome.NO_EFFECT, null, outcome.detail(), 0);
    }
    Verifier.Result verified;
    if (outcome.ok()) {
      book.beginVerify(incident.id());
      try {
        verified = verifier.verify(incident, actedAt, agent.verifyTimeout());
      } finally {
        book.endVerify(incident.id());
      }
      audit(incident, "verify", strategy.name(), verified.healed() ? "ok" : "failed", verified.detail());
      log.info("incident #{} {}: verify {}: {}", incident.id(), incident.target(),
          verified.healed() ? "passed" : "failed", verified.detail());
    } else {
      log.info("incident #{} {}: action failed: {}", incident.id(), incident.target(), outcome.detail());
      verified = new Verifier.Result(false, 0, "action failed: " + outcome.detail());
    }
    boolean healed = verified.healed();
    store.inTransaction(s -> {
      if (outcome.ok()) {
        s.ledger().verified(started, healed);
      }
      s.audit().append(entry(incident, "attempt", strategy.name(), healed ? "ok" : "failed", attemptText));
      return started;
    });
    guard.breaker().record(healed);
    actionListener.attempted(incident.target(), strategy.name(), healed ? "healed" : outcome.ok() ? "not_healed" : "failed");
    noteAttempt(incident.target(), healed);
    if (healed) {
      // Only this incident: the condition may have come back meanwhile as a new one, which is not healed.
      book.resolve(incident, "healed by " + attemptText + " (" + verified.detail() + ")");
      return new Attempt(Outcome.DONE, null, null, 0);
    }
    book.reopen(incident.id(), attemptText + " did not heal: " + verified.detail());
    return new Attempt(Outcome.FAILED, null, what, verified.failingChecks());
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
   * continues after it. Also restores each target's failed-attempt streak for the backoff.
   *
   * @return how many interrupted actions were found
   */
  public int recoverInterrupted() {
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
    Instant since = clock.instant().minus(Duration.ofDays(1));
    Map<String, Integer> streaks = store.ledger().failedStreaks(since);
    Map<String, Instant> resolved = store.incidents().lastResolved(since);
    Set<String> targets = new java.util.HashSet<>(streaks.keySet());
    targets.addAll(resolved.keySet());
    for (String target : targets) {
      int streak = streaks.getOrDefault(target, 0);
      if (streak > 0 || resolved.get(target) != null) {
        backoff.put(target, new Backoff(streak, resolved.get(target)));
      }
    }
    return dangling.size();
  }

  private void escalateUnlessObserving(Incident incident, AgentSettings agent, String reason) {
    if (agent.mode() == Mode.OBSERVE || agent.dryRun()) {
      audit(incident, "escalated", null, "skipped", (agent.dryRun() ? "dry-run" : "mode observe")
          + ": would escalate: " + reason);
      return;
    }
    book.escalate(incident.id(), reason);
  }

  private Duration backoffBefore(Incident incident) {
    AgentSettings agent = config.get().agent();
    Backoff b = backoff.get(incident.target());
    if (b == null || b.failedStreak() == 0) {
      return Duration.ZERO;
    }
    if (b.lastResolved() != null
        && Duration.between(b.lastResolved(), incident.openedAt()).compareTo(agent.backoffReset()) >= 0) {
      // Reset only what was read: an attempt noted meanwhile by another incident of the target stands.
      backoff.computeIfPresent(incident.target(), (t, now) -> now == b ? new Backoff(0, now.lastResolved()) : now);
      return Duration.ZERO;
    }
    long factor = 1L << Math.min(20, b.failedStreak() - 1);
    Duration wait = agent.backoff().multipliedBy(factor);
    return wait.compareTo(agent.backoffMax()) > 0 ? agent.backoffMax() : wait;
  }

  private void noteAttempt(String target, boolean healed) {
    backoff.compute(target, (t, b) -> {
      Instant resolved = b == null ? null : b.lastResolved();
      int streak = healed ? 0 : (b == null ? 0 : b.failedStreak()) + 1;
      return new Backoff(streak, resolved);
    });
  }

  private void audit(Incident incident, String kind, String strategy, String result, String detail) {
    store.audit().append(entry(incident, kind, strategy, result, detail));
  }

  private AuditEntry entry(Incident incident, String kind, String strategy, String result, String detail) {
    return AuditEntry.of(clock.instant(), incident.id(), incident.target(), kind, strategy, result, detail);
  }
}
