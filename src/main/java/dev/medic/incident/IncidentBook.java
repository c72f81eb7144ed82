package dev.medic.incident;

import dev.medic.store.AuditEntry;
import dev.medic.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The open incidents, one per (target, condition). Every transition is committed to the store
 * (incident row, timeline event, audit entry) before the caller hears of it, so that nobody is
 * notified and nothing is touched for an incident that a crash could lose.
 */
public final class IncidentBook {

  /** Hears about incidents after they are committed. */
  public interface Listener {
    void opened(Incident incident);

    void resolved(Incident incident);
  }

  private record Key(String target, String condition) {}

  private final Store store;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<Key, Incident> open = new ConcurrentHashMap<>();
  private volatile Listener listener = new Listener() {
    @Override
    public void opened(Incident incident) {}

    @Override
    public void resolved(Incident incident) {}
  };

  public IncidentBook(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  public void listener(Listener newListener) {
    this.listener = newListener;
  }

  /** Loads the incidents left open by a previous run; records that they were resumed. */
  public List<Incident> resume() {
    List<Incident> resumed = new ArrayList<>();
    for (Incident i : store.incidents(true, 100_000)) {
      open.put(new Key(i.target(), i.condition()), i);
      store.appendTimeline(new TimelineEvent(i.id(), clock.instant(), "resumed", "medic restarted; incident still open"));
      store.audit(AuditEntry.of(clock.instant(), i.id(), i.target(), "resumed", null, "", "open incident resumed after restart"));
      resumed.add(i);
    }
    return resumed;
  }

  /** Opens an incident for the condition unless one is already open; returns it only if new. */
  public Optional<Incident> raise(String target, String condition, Severity severity, String message) {
    Incident opened;
    lock.lock();
    try {
      Key key = new Key(target, condition);
      if (open.containsKey(key)) {
        return Optional.empty();
      }
      Instant now = clock.instant();
      opened = store.insertIncident(Incident.open(target, condition, severity, message, now));
      store.appendTimeline(new TimelineEvent(opened.id(), now, "opened", message));
      store.audit(AuditEntry.of(now, opened.id(), target, "opened", null, "", condition + ": " + message));
      open.put(key, opened);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    listener.opened(opened);
    return Optional.of(opened);
  }

  /** The condition cleared on its own or after an action: resolve its open incident, if any. */
  public Optional<Incident> clear(String target, String condition, String details) {
    return resolve(new Key(target, condition), null, details);
  }

  /**
   * Resolves this incident if it is still open. Unlike {@link #clear}, never a later incident of the
   * same condition that opened after this one was resolved.
   */
  public Optional<Incident> resolve(Incident incident, String details) {
    return resolve(new Key(incident.target(), incident.condition()), incident.id(), details);
  }

  /** @param id the open incident must be this one; null for whichever is open */
  private Optional<Incident> resolve(Key key, Long id, String details) {
    Incident resolved;
    lock.lock();
    try {
      Incident current = open.get(key);
      if (current == null || (id != null && current.id() != id)) {
        return Optional.empty();
      }
      open.remove(key);
      Instant now = clock.instant();
      resolved = current.resolvedAt(details, now);
      store.updateIncident(resolved);
      store.appendTimeline(new TimelineEvent(resolved.id(), now, "resolved", details));
      store.audit(AuditEntry.of(now, resolved.id(), key.target(), "resolved", null, "ok", details));
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    listener.resolved(resolved);
    return Optional.of(resolved);
  }

  /** Records that a strategy is being applied; returns the updated incident, empty if it closed. */
  public Optional<Incident> attempt(long id, String strategy, String detail) {
    return transition(id, i -> i.withAttempt(strategy, clock.instant()), "healing", detail);
  }

  /** Hands the incident to people; it stays open until its condition clears. */
  public Optional<Incident> escalate(long id, String reason) {
    return transition(id, i -> i.escalatedAt(reason, clock.instant()), "escalated", reason);
  }

  /** Waiting for a person to approve a destructive remedy. */
  public Optional<Incident> awaitingApproval(long id, String detail) {
    return transition(id, i -> i.withState(IncidentState.AWAITING_APPROVAL, clock.instant()), "awaiting_approval", detail);
  }

  /** Back to OPEN after a failed attempt, waiting for the next one. */
  public Optional<Incident> reopen(long id, String detail) {
    return transition(id, i -> i.withState(IncidentState.OPEN, clock.instant()), "attempt_failed", detail);
  }

  private Optional<Incident> transition(
      long id, java.util.function.UnaryOperator<Incident> change, String event, String detail) {
    lock.lock();
    try {
      Optional<Map.Entry<Key, Incident>> entry =
          open.entrySet().stream().filter(e -> e.getValue().id() == id).findFirst();
      if (entry.isEmpty()) {
        return Optional.empty();
      }
      Incident next = change.apply(entry.get().getValue());
      store.updateIncident(next);
      store.appendTimeline(new TimelineEvent(id, clock.instant(), event, detail));
      open.put(entry.get().getKey(), next);
      changed.signalAll();
      return Optional.of(next);
    } finally {
      lock.unlock();
    }
  }

  public Optional<Incident> openIncident(long id) {
    return open.values().stream().filter(i -> i.id() == id).findFirst();
  }

  public Optional<Incident> openIncident(String target, String condition) {
    return Optional.ofNullable(open.get(new Key(target, condition)));
  }

  public List<Incident> openIncidents() {
    return List.copyOf(open.values());
  }

  /**
   * Waits until the incident is no longer open or the timeout passes.
   *
   * @return true if it closed
   */
  public boolean awaitClosed(long id, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (openIncident(id).isPresent()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        changed.await(left, TimeUnit.NANOSECONDS);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }
}
