package dev.medic.heal;

import dev.medic.store.Approval;
import dev.medic.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Where destructive remedies wait for a person. Requests and decisions live in the store, so a
 * pending approval survives a restart of medic and a decision made through the API reaches the
 * healer that waits for it.
 */
public final class ApprovalDesk {

  private final Store store;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition decided = lock.newCondition();

  public ApprovalDesk(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** The pending request for this incident and strategy, or a new one. */
  public Approval request(long incidentId, String target, String strategy, String action, Duration timeout) {
    Optional<Approval> pending = store.approvals().pending(incidentId, strategy);
    if (pending.isPresent()) {
      return pending.get();
    }
    Instant now = clock.instant();
    return store.approvals().insert(new Approval(0, incidentId, target, strategy, action, Approval.State.PENDING,
        now, now.plus(timeout), null, null, null));
  }

  /** The requests still waiting for a person, newest first. */
  public java.util.List<Approval> pending() {
    return store.approvals().list(Approval.State.PENDING, 10_000);
  }

  /**
   * Records a person's decision.
   *
   * @return the decided approval; empty if it does not exist
   * @throws IllegalStateException if it was already decided or expired
   */
  public Optional<Approval> decide(long id, boolean approve, String by, String reason) {
    Optional<Approval> current = store.approvals().get(id);
    if (current.isEmpty()) {
      return Optional.empty();
    }
    Approval.State state = approve ? Approval.State.APPROVED : Approval.State.REJECTED;
    if (!store.approvals().decide(id, state, clock.instant(), by, reason)) {
      throw new IllegalStateException("approval " + id + " is already " + store.approvals().get(id).orElseThrow().state().key());
    }
    wake();
    return store.approvals().get(id);
  }

  /**
   * Waits for a decision until the request expires; marks it expired if nobody answered, and
   * withdraws it (as expired) as soon as it is no longer wanted.
   *
   * @param stillWanted false once the remedy is moot (its incident closed): nobody should be asked
   *     any more, nor should anyone wait for the answer
   */
  public Approval await(Approval request, BooleanSupplier stillWanted) throws InterruptedException {
    while (true) {
      Approval current = store.approvals().get(request.id()).orElseThrow();
      if (!current.pending()) {
        return current;
      }
      if (!stillWanted.getAsBoolean()) {
        store.approvals().decide(current.id(), Approval.State.EXPIRED, clock.instant(), null,
            "withdrawn: the incident closed before anyone answered");
        return store.approvals().get(current.id()).orElseThrow();
      }
      Duration left = Duration.between(clock.instant(), current.expiresAt());
      if (left.isNegative() || left.isZero()) {
        store.approvals().decide(current.id(), Approval.State.EXPIRED, clock.instant(), null,
            "nobody answered within " + Duration.between(current.requestedAt(), current.expiresAt()).toSeconds() + " s");
        return store.approvals().get(current.id()).orElseThrow();
      }
      lock.lock();
      try {
        // Woken by decide(); the bounded wait also notices decisions made by another process.
        decided.await(Math.min(left.toMillis(), 1000), TimeUnit.MILLISECONDS);
      } finally {
        lock.unlock();
      }
    }
  }

  /** Makes every waiter look again now (a decision, or an incident that closed). */
  void wake() {
    lock.lock();
    try {
      decided.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
