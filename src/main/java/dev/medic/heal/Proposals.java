package dev.medic.heal;

import dev.medic.analyze.Investigation;
import dev.medic.config.AgentSettings;
import dev.medic.config.MedicConfig;
import dev.medic.config.StrategyConfig;
import dev.medic.config.TargetConfig;
import dev.medic.incident.IncidentBook;
import dev.medic.spi.Incident;
import dev.medic.store.Approval;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remedies proposed from outside the ladder: by a person or an assistant through the API or MCP, or
 * by an analyst. A proposal never bypasses anything: the strategy must be one the incident's target
 * allows, the Guard must allow it now, and a person must approve it, always (destructive or not).
 * Once approved it runs the way the ladder's actions do, under the target's lock, after the Guard
 * is asked again, recorded before acting and verified after. It works on escalated incidents too:
 * the ladder is done, but a person may still want to try something.
 */
final class Proposals {

  private static final Logger log = LoggerFactory.getLogger("medic.heal");
  /** How the action of a proposal's approval request begins: {@code proposed by alice via mcp: ...}. */
  static final String PROPOSED = "proposed by ";

  private final Supplier<MedicConfig> config;
  private final IncidentBook book;
  private final Guard guard;
  private final ActionRunner runner;
  private final ApprovalDesk approvals;
  private final Function<String, ReentrantLock> targetLock;
  private final BiConsumer<String, ActionRunner.Result> counted;
  private final Set<Thread> waiting = ConcurrentHashMap.newKeySet();
  /** The thread waiting for (and then acting on) each approval a proposal requested. */
  private final java.util.Map<Long, Thread> byApproval = new ConcurrentHashMap<>();
  private final Set<Long> awaited;

  /**
   * @param targetLock the healer's lock of a target: one remedy at a time per target
   * @param counted told of every action's result on a target, as the ladder's actions are: for the
   *     circuit breaker and the backoff
   * @param awaited the approvals someone waits for now (shared with the ladder): whoever waits acts
   *     on the decision, so a second proposal of the same remedy only joins the request
   */
  Proposals(Supplier<MedicConfig> config, IncidentBook book, Guard guard, ActionRunner runner, ApprovalDesk approvals,
      Function<String, ReentrantLock> targetLock, BiConsumer<String, ActionRunner.Result> counted, Set<Long> awaited) {
    this.awaited = awaited;
    this.config = config;
    this.book = book;
    this.guard = guard;
    this.runner = runner;
    this.approvals = approvals;
    this.targetLock = targetLock;
    this.counted = counted;
  }

  /** See {@link Healer#propose}. */
  Investigation.Proposal propose(long incidentId, String strategyName, String by, String why) {
    Optional<Incident> open = book.openIncident(incidentId);
    if (open.isEmpty()) {
      return Investigation.Proposal.refused("incident #" + incidentId + " is not open");
    }
    Incident incident = open.get();
    String proposed = "proposed by " + by + ": " + strategyName + (why == null || why.isBlank() ? "" : " (" + why + ")");
    MedicConfig cfg = config.get();
    Optional<TargetConfig> target = cfg.target(incident.target());
    List<StrategyConfig> allowed = cfg.strategiesFor(incident.target());
    Optional<StrategyConfig> strategy = allowed.stream().filter(s -> s.name().equals(strategyName)).findFirst();
    if (target.isEmpty() || strategy.isEmpty()) {
      return refuse(incident, strategyName, proposed, "strategy '" + strategyName + "' is not one target "
          + incident.target() + " allows; allowed: " + allowed.stream().map(StrategyConfig::name).toList());
    }
    Guard.Decision decision = guard.check(incident, strategy.get(), target.get(), cfg.agent());
    if (!decision.allowed()) {
      return refuse(incident, strategyName, proposed, decision.reason()
          + (decision.waitable() ? "; not before " + decision.retryAt() : ""));
    }
    StrategyConfig s = strategy.get();
    String what = runner.describe(s, incident);
    // The request names who proposed it: after a restart of medic, the proposal is waited for again.
    Approval request = approvals.request(incident.id(), incident.target(), s.name(), PROPOSED + by + ": " + what,
        s.approvalTimeout());
    if (!awaited.add(request.id())) {
      runner.audit(incident, "proposal", s.name(), "pending", proposed + "; joins approval #" + request.id()
          + ", already requested");
      return Investigation.Proposal.awaitingApproval(request.id(), "approval #" + request.id()
          + " was already requested for " + s.name() + "; it runs once a person approves, expires at "
          + request.expiresAt());
    }
    String text = proposed + "; " + s.name() + " would run " + what + "; approval #" + request.id() + " expires at "
        + request.expiresAt();
    runner.audit(incident, "proposal", s.name(), "pending", text);
    book.awaitingApproval(incident.id(), request.id(), text);
    log.info("incident #{} {}: {}", incident.id(), incident.target(), text);
    awaitDecision(incident, s, request, by);
    return Investigation.Proposal.awaitingApproval(request.id(), "approval #" + request.id() + " requested: "
        + s.name() + " would run " + what + "; it runs once a person approves, expires at " + request.expiresAt());
  }

  /** Waits for a person's word on its own thread, and acts on it; the approval is {@code awaited} already. */
  private void awaitDecision(Incident incident, StrategyConfig strategy, Approval request, String by) {
    Thread t = Thread.ofVirtual().name("proposal-" + request.id()).unstarted(() -> {
      try {
        decide(incident, strategy, request, by);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        log.error("proposal #{} for incident #{} failed unexpectedly", request.id(), incident.id(), e);
      } finally {
        awaited.remove(request.id());
        waiting.remove(Thread.currentThread());
        byApproval.remove(request.id());
      }
    });
    waiting.add(t);
    byApproval.put(request.id(), t);
    t.start();
  }

  /** Waits until the proposal that requested this approval has acted on its decision (no-op if none). */
  void awaitDone(long approvalId) throws InterruptedException {
    Thread t = byApproval.get(approvalId);
    if (t != null) {
      t.join();
    }
  }

  /**
   * At start, before incidents are taken up: proposals an earlier medic left waiting for a person
   * are waited for again, so an approval given after the restart still runs the remedy. One whose
   * incident closed or whose strategy the target no longer allows is withdrawn.
   *
   * @return how many proposals wait again
   */
  int resume() throws InterruptedException {
    int resumed = 0;
    for (Approval pending : approvals.pending()) {
      if (pending.action() == null || !pending.action().startsWith(PROPOSED)) {
        continue;
      }
      Optional<Incident> incident = book.openIncident(pending.incidentId());
      Optional<StrategyConfig> strategy = config.get().strategiesFor(pending.target()).stream()
          .filter(s -> s.name().equals(pending.strategy())).findFirst();
      if (incident.isEmpty() || strategy.isEmpty()) {
        approvals.await(pending, () -> false);
        continue;
      }
      if (awaited.add(pending.id())) {
        String rest = pending.action().substring(PROPOSED.length());
        int colon = rest.indexOf(": ");
        awaitDecision(incident.get(), strategy.get(), pending, colon < 0 ? rest : rest.substring(0, colon));
        resumed++;
      }
    }
    return resumed;
  }

  private Investigation.Proposal refuse(Incident incident, String strategy, String proposed, String reason) {
    runner.audit(incident, "proposal", strategy, "refused", proposed + "; refused: " + reason);
    log.info("incident #{} {}: {}; refused: {}", incident.id(), incident.target(), proposed, reason);
    return Investigation.Proposal.refused(reason);
  }

  /** Waits for a person's word; approved, runs the action as the ladder would, the Guard asked again. */
  private void decide(Incident incident, StrategyConfig strategy, Approval request, String by)
      throws InterruptedException {
    Approval decided = approvals.await(request, () -> book.openIncident(incident.id()).isPresent());
    String verdict = "approval #" + decided.id() + " " + decided.state().key()
        + (decided.decidedBy() == null ? "" : " by " + decided.decidedBy())
        + (decided.reason() == null ? "" : ": " + decided.reason());
    runner.audit(incident, "approval", strategy.name(), decided.state().key(), verdict + " (proposed by " + by + ")");
    if (book.openIncident(incident.id()).isEmpty()) {
      return;
    }
    book.reopen(incident.id(), verdict + " (proposed by " + by + ")");
    if (decided.state() != Approval.State.APPROVED) {
      return;
    }
    ReentrantLock lock = targetLock.apply(incident.target());
    lock.lockInterruptibly();
    try {
      Optional<Incident> current = book.openIncident(incident.id());
      if (current.isEmpty()) {
        return;
      }
      // The approval may have waited through a reload or a spent budget: act only as things are now.
      MedicConfig cfg = config.get();
      AgentSettings agent = cfg.agent();
      Optional<TargetConfig> target = cfg.target(incident.target());
      boolean stillAllowed = cfg.strategiesFor(incident.target()).stream().anyMatch(s -> s.name().equals(strategy.name()));
      Guard.Decision decision = target.isEmpty() || !stillAllowed
          ? new Guard.Decision(false, "strategy " + strategy.name() + " is no longer allowed for " + incident.target(), null)
          : guard.check(current.get(), strategy, target.get(), agent);
      if (!decision.allowed()) {
        runner.audit(incident, "skipped", strategy.name(), "skipped", "approved proposal not run: " + decision.reason());
        book.note(incident.id(), "proposal_skipped", strategy.name() + " approved but not run: " + decision.reason());
        return;
      }
      ActionRunner.Result result = runner.act(current.get(), strategy,
          runner.attempts(incident.id(), strategy.name()) + 1, agent);
      counted.accept(incident.target(), result);
      runner.audit(incident, "proposal", strategy.name(), result.outcome().name().toLowerCase(java.util.Locale.ROOT),
          "proposed by " + by + ", approved, ran: " + (result.detail() == null ? result.outcome() : result.detail()));
    } finally {
      lock.unlock();
    }
  }

  /** The threads waiting for a decision or acting on one (to stop them on shutdown). */
  Set<Thread> threads() {
    return Set.copyOf(waiting);
  }

}
