package dev.medic.heal;

import dev.medic.analyze.Investigation;
import dev.medic.config.AgentSettings;
import dev.medic.config.MedicConfig;
import dev.medic.config.Mode;
import dev.medic.config.StrategyConfig;
import dev.medic.config.TargetConfig;
import dev.medic.detect.TargetDetector;
import dev.medic.incident.IncidentBook;
import dev.medic.schedule.Threads;
import dev.medic.spi.Incident;
import dev.medic.spi.IncidentState;
import dev.medic.store.Approval;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
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
 * condition, asks the Guard before every action, has the {@link ActionRunner} record the decision
 * before touching anything, act and verify, and escalates when the ladder is exhausted, a limit
 * blocks it, or an action made things worse. Never gives up silently: every path ends resolved or
 * escalated.
 */
public final class Healer {

  private static final Logger log = LoggerFactory.getLogger("medic.heal");

  private final Supplier<MedicConfig> config;
  private final IncidentBook book;
  private final Guard guard;
  private final ActionRunner runner;
  private final ApprovalDesk approvals;
  private final Backoff backoff = new Backoff();
  private final Set<Long> working = ConcurrentHashMap.newKeySet();
  /** Incidents whose work ended because they became symptoms of another incident. */
  private final Set<Long> heldBack = ConcurrentHashMap.newKeySet();
  private final Map<Long, Thread> threads = new ConcurrentHashMap<>();
  private final Map<String, ReentrantLock> targetLocks = new ConcurrentHashMap<>();
  private final Proposals proposals;
  /** Approvals someone here waits for (the ladder or a proposal): a second proposal of one joins it. */
  private final Set<Long> awaited = ConcurrentHashMap.newKeySet();
  private volatile boolean stopping;

  public Healer(Supplier<MedicConfig> config, IncidentBook book, Guard guard, ActionRunner runner,
      ApprovalDesk approvals) {
    this.config = config;
    this.book = book;
    this.guard = guard;
    this.runner = runner;
    this.approvals = approvals;
    this.proposals = new Proposals(config, book, guard, runner, approvals, this::lockOf,
        this::counted, awaited);
  }

  /**
   * Proposes one of the target's strategies for an open incident (escalated ones too): refused, with
   * why, when the target does not allow it or the Guard denies it now (mode, auto_heal, breaker,
   * rate limit, cooldown); otherwise a person's approval is requested, always, and the action runs
   * and is verified, the Guard asked again, once it is granted.
   *
   * @param by who proposes, for the audit and the approval request
   */
  public Investigation.Proposal propose(long incidentId, String strategy, String by, String why) {
    if (stopping) {
      return Investigation.Proposal.refused("medic is stopping");
    }
    return proposals.propose(incidentId, strategy, by, why);
  }

  private ReentrantLock lockOf(String target) {
    return targetLocks.computeIfAbsent(target, t -> new ReentrantLock());
  }

  /** Starts working an incident unless it is already being worked. */
  public void take(Incident incident) {
    if (stopping || incident.escalated() || heldBackAsSymptom(incident) || !working.add(incident.id())) {
      return;
    }
    Thread t = Thread.ofVirtual().name("heal-" + incident.id()).unstarted(() -> {
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
        // Its root may have resolved between the loop holding it back and now, when a take of it
        // would still have found it being worked and let it be.
        if (heldBack.remove(incident.id()) && book.rootOf(incident.id()).isEmpty()) {
          book.openIncident(incident.id()).ifPresent(this::take);
        }
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
    backoff.resolved(incident.target(), incident.resolvedAt());
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
    List<Thread> running = new java.util.ArrayList<>(threads.values());
    running.addAll(proposals.threads());
    running.forEach(Thread::interrupt);
    return Threads.joinAll(running, patience);
  }

  /**
   * At start, before any incident is taken up: actions an earlier medic was cut off in count as
   * attempts ({@link ActionRunner#recoverInterrupted}), each target's backoff resumes, and proposals
   * still waiting for a person are waited for again.
   *
   * @return how many interrupted actions were found
   */
  public int recoverInterrupted() {
    int interrupted = runner.recoverInterrupted();
    Instant since = runner.clock().instant().minus(Duration.ofDays(1));
    backoff.restore(runner.failedStreaks(since), runner.lastResolved(since));
    try {
      int waiting = proposals.resume();
      if (waiting > 0) {
        log.info("{} proposals wait again for a person's approval", waiting);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return interrupted;
  }

  private void work(Incident incident) throws InterruptedException {
    ActionRunner.Result before = null;
    Map<String, String> noEffect = new LinkedHashMap<>();
    while (true) {
      // Read anew before every attempt: a reload may have changed the mode, the target or the
      // strategies while this incident waited (backoff, cooldown, approval) or was verified.
      MedicConfig cfg = config.get();
      AgentSettings agent = cfg.agent();
      if (book.openIncident(incident.id()).isEmpty() || cfg.target(incident.target()).isEmpty()) {
        // Closed, or its target taken out by a reload, which closes the target's incidents itself.
        return;
      }
      if (heldBackAsSymptom(incident)) {
        // Linked to a root while it waited or was verified: the root's healing may fix it.
        heldBack.add(incident.id());
        return;
      }
      if (!runner.holds(incident)) {
        // Cleared while an attempt was verified, or while this one waited: nothing left to remedy.
        book.resolve(incident, "condition cleared; no further remedy needed");
        return;
      }
      List<StrategyConfig> ladder = Ladder.of(cfg, incident, crashLooping(incident));
      if (ladder.isEmpty()) {
        runner.audit(incident, "decision", null, "skipped", "no strategy handles condition " + incident.condition());
        escalateUnlessObserving(incident, agent, "no strategy handles condition " + incident.condition());
        return;
      }
      Ladder.Rung rung = Ladder.next(ladder, s -> runner.attempts(incident.id(), s), noEffect);
      if (rung == null) {
        StringBuilder why = new StringBuilder("ladder exhausted after "
            + String.join(", ", ladder.stream().map(StrategyConfig::name).toList()));
        noEffect.forEach((name, detail) -> why.append("; ").append(name).append(" had no effect: ").append(detail));
        escalateUnlessObserving(incident, agent, why.toString());
        return;
      }
      StrategyConfig strategy = rung.strategy();
      if (!waitOutBackoff(incident, strategy, agent)) {
        return;
      }
      Approved approval = approved(incident, strategy, agent);
      if (approval == Approved.NO) {
        return;
      }
      if (approval == Approved.BY_PROPOSAL) {
        // A proposal of the same remedy was approved and has acted: choose again.
        continue;
      }
      Step step = attempt(incident, strategy, rung.attempts() + 1);
      switch (step) {
        case Step.Again again -> {}
        case Step.Wait w -> {
          Duration wait = Duration.between(runner.clock().instant(), w.until());
          if (book.awaitClosed(incident.id(), wait.isNegative() ? Duration.ZERO : wait)) {
            return;
          }
        }
        case Step.Blocked b -> {
          escalateUnlessObserving(incident, config.get().agent(), strategy.name() + " blocked: " + b.reason());
          return;
        }
        case Step.Acted a -> {
          ActionRunner.Result result = a.result();
          switch (result.outcome()) {
            case NOTHING, HEALED -> {
              return;
            }
            case NO_EFFECT -> noEffect.put(strategy.name(), result.detail());
            case FAILED -> {
              if (before != null && result.failingChecks() > before.failingChecks()) {
                escalateUnlessObserving(incident, config.get().agent(), result.detail() + " made things worse: "
                    + result.failingChecks() + " checks failing, " + before.failingChecks() + " before");
                return;
              }
              before = result;
            }
          }
        }
      }
    }
  }

  /** What became of one pass through the ladder's chosen rung. */
  private sealed interface Step {
    /** The config changed while waiting: choose again. */
    record Again() implements Step {}

    /** A cooldown: wait until then and try again. */
    record Wait(Instant until) implements Step {}

    /** A limit that waiting does not lift. */
    record Blocked(String reason) implements Step {}

    record Acted(ActionRunner.Result result) implements Step {}
  }

  /** Asks the Guard and acts, one remedy at a time per target: two incidents on one target never act at once. */
  private Step attempt(Incident incident, StrategyConfig strategy, int number) throws InterruptedException {
    ReentrantLock lock = lockOf(incident.target());
    lock.lockInterruptibly();
    try {
      if (book.openIncident(incident.id()).isEmpty()) {
        return new Step.Acted(new ActionRunner.Result(ActionRunner.Outcome.NOTHING, null, 0));
      }
      // The backoff, the approval or this lock may have waited through a reload: act only as the
      // config says now, and choose again if the strategy no longer applies.
      MedicConfig cfg = config.get();
      AgentSettings agent = cfg.agent();
      Optional<TargetConfig> target = cfg.target(incident.target());
      if (target.isEmpty() || !Ladder.of(cfg, incident, crashLooping(incident)).contains(strategy)) {
        return new Step.Again();
      }
      Guard.Decision decision = guard.check(incident, strategy, target.get(), agent);
      if (!decision.allowed()) {
        runner.audit(incident, "skipped", strategy.name(), "skipped", decision.reason());
        log.info("incident #{} {}: {} skipped: {}", incident.id(), incident.target(), strategy.name(), decision.reason());
        return decision.waitable() ? new Step.Wait(decision.retryAt()) : new Step.Blocked(decision.reason());
      }
      ActionRunner.Result result = runner.act(incident, strategy, number, agent);
      counted(incident.target(), result);
      return new Step.Acted(result);
    } finally {
      lock.unlock();
    }
  }

  /**
   * An action that healed or failed counts for the breaker and the target's backoff, whether the
   * ladder or an approved proposal ran it; one with no effect or none at all does not.
   */
  private void counted(String target, ActionRunner.Result result) {
    if (result.outcome() == ActionRunner.Outcome.HEALED || result.outcome() == ActionRunner.Outcome.FAILED) {
      boolean healed = result.outcome() == ActionRunner.Outcome.HEALED;
      guard.breaker().record(healed);
      backoff.attempted(target, healed);
    }
  }

  /** @return false if the incident closed while waiting */
  private boolean waitOutBackoff(Incident incident, StrategyConfig strategy, AgentSettings agent)
      throws InterruptedException {
    Duration pause = backoff.before(incident.target(), incident.openedAt(), agent.backoff(), agent.backoffMax(),
        agent.backoffReset());
    if (pause.isZero()) {
      return true;
    }
    runner.audit(incident, "decision", strategy.name(), "", "backoff " + pause.toMillis() + " ms before next attempt");
    return !book.awaitClosed(incident.id(), pause);
  }

  /**
   * A destructive remedy waits for a person's approval (not in a dry run, and only in mode heal).
   *
   * @return {@code NO} if it was not approved (escalated) or the incident closed meanwhile
   */
  private Approved approved(Incident incident, StrategyConfig strategy, AgentSettings agent)
      throws InterruptedException {
    if (!strategy.needsApproval() || agent.dryRun() || agent.mode() != Mode.HEAL) {
      return Approved.YES;
    }
    String what = runner.describe(strategy, incident);
    Approval request = approvals.request(incident.id(), incident.target(), strategy.name(), what, strategy.approvalTimeout());
    String text = strategy.name() + " would run " + what + "; approval #" + request.id() + " expires at " + request.expiresAt();
    if (book.openIncident(incident.id()).map(i -> i.state() != IncidentState.AWAITING_APPROVAL).orElse(false)) {
      runner.audit(incident, "approval", strategy.name(), "pending", text);
      book.awaitingApproval(incident.id(), request.id(), text);
    }
    Approval decided;
    // Whoever waits for an approval first acts on it: one decision, one action.
    boolean owner = awaited.add(request.id());
    if (!owner) {
      runner.audit(incident, "approval", strategy.name(), "pending", "the ladder reached " + strategy.name()
          + ": it waits on approval #" + request.id() + ", which a proposal requested and acts on");
    }
    try {
      decided = approvals.await(request, () -> book.openIncident(incident.id()).isPresent());
    } finally {
      if (owner) {
        awaited.remove(request.id());
      }
    }
    if (book.openIncident(incident.id()).isEmpty()) {
      return Approved.NO;
    }
    if (!owner) {
      // A proposal of the same remedy asked first: it records the decision and acts on it.
      if (decided.state() != Approval.State.APPROVED) {
        return notApproved(incident, agent, strategy, decided);
      }
      proposals.awaitDone(request.id());
      return Approved.BY_PROPOSAL;
    }
    String verdict = "approval #" + decided.id() + " " + decided.state().key()
        + (decided.decidedBy() == null ? "" : " by " + decided.decidedBy());
    runner.audit(incident, "approval", strategy.name(), decided.state().key(),
        verdict + (decided.reason() == null ? "" : ": " + decided.reason()));
    book.reopen(incident.id(), "approval #" + decided.id() + " " + decided.state().key());
    if (decided.state() != Approval.State.APPROVED) {
      return notApproved(incident, agent, strategy, decided);
    }
    return Approved.YES;
  }

  /** A remedy a person rejected (or let expire) is escalated: medic may not try it. */
  private Approved notApproved(Incident incident, AgentSettings agent, StrategyConfig strategy, Approval decided) {
    escalateUnlessObserving(incident, agent, "approval for " + strategy.name() + " " + decided.state().key()
        + (decided.decidedBy() == null ? "" : " by " + decided.decidedBy())
        + (decided.reason() == null ? "" : ": " + decided.reason()));
    return Approved.NO;
  }

  /** What a wait for approval came to. */
  private enum Approved {
    YES,
    NO,
    /** A proposal of the same remedy waited first: it acts on the decision, not the ladder. */
    BY_PROPOSAL
  }

  /**
   * A symptom of an incident on a target it depends on is not healed on its own unless its target
   * sets {@code heal_symptoms}: healing the root is what fixes it. Notes why on its timeline.
   */
  private boolean heldBackAsSymptom(Incident incident) {
    Optional<Incident> root = book.rootOf(incident.id());
    if (root.isEmpty() || config.get().target(incident.target()).map(TargetConfig::healSymptoms).orElse(false)) {
      return false;
    }
    book.note(incident.id(), "healing_skipped", "symptom of #" + root.get().id() + " on " + root.get().target()
        + "; healing the root");
    return true;
  }

  private boolean crashLooping(Incident incident) {
    return book.openIncident(incident.target(), TargetDetector.CRASH_LOOP).isPresent();
  }

  private void escalateUnlessObserving(Incident incident, AgentSettings agent, String reason) {
    if (agent.mode() == Mode.OBSERVE || agent.dryRun()) {
      runner.audit(incident, "escalated", null, "skipped", (agent.dryRun() ? "dry-run" : "mode observe")
          + ": would escalate: " + reason);
      return;
    }
    book.escalate(incident.id(), reason);
  }
}
