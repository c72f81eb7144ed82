package dev.medic.incident;

import dev.medic.spi.Incident;
import dev.medic.spi.IncidentState;
import dev.medic.spi.Severity;
import dev.medic.spi.TimelineEvent;
import dev.medic.config.Redactor;
import dev.medic.detect.TargetDetector;
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
 *
 * <p>Two rules keep one problem to one incident. While a target is in a crash loop, the loop is the
 * incident: conditions raised on the target meanwhile ({@code process_exited}, {@code http_error})
 * are its symptoms, noted on its timeline instead of opening incidents of their own, and those
 * already open are closed as symptoms when the loop opens. And while an action on an incident is
 * being verified, its condition clearing does not resolve it: the verify decides, after the target
 * has stayed healthy for its settle period, so a service that answers for a moment after a restart
 * and dies again keeps one incident.
 */
public final class IncidentBook {

  private static final String CRASH_LOOP = TargetDetector.CRASH_LOOP;

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
  /** The same open incidents by id and by target, so lookups on the observation path stay O(1). */
  private final Map<Long, Key> keyById = new ConcurrentHashMap<>();
  private final Map<String, java.util.Set<Key>> keysByTarget = new ConcurrentHashMap<>();
  private final java.util.Set<Long> verifying = ConcurrentHashMap.newKeySet();
  private volatile Listener listener = new Listener() {
    @Override
    public void opened(Incident incident) {}

    @Override
    public void resolved(Incident incident) {}
  };

  private final java.util.function.Supplier<Redactor> secrets;

  public IncidentBook(Store store, Clock clock) {
    this(store, clock, Redactor::none);
  }

  /**
   * @param secrets what to hide in every text an incident carries (messages, reasons, details): they
   *     go to the store, the API and the channels, and none of them may show a password
   */
  public IncidentBook(Store store, Clock clock, java.util.function.Supplier<Redactor> secrets) {
    this.store = store;
    this.clock = clock;
    this.secrets = secrets;
  }

  /** The text with the configured secrets hidden. */
  public String redact(String text) {
    return secrets.get().redact(text);
  }

  public void listener(Listener newListener) {
    this.listener = newListener;
  }

  /** Loads the incidents left open by a previous run; records that they were resumed. */
  public List<Incident> resume() {
    List<Incident> resumed = new ArrayList<>();
    for (Incident i : store.incidents().list(true, 100_000)) {
      putOpen(new Key(i.target(), i.condition()), i);
      store.inTransaction(s -> {
        s.incidents().appendTimeline(new TimelineEvent(i.id(), clock.instant(), "resumed", "medic restarted; incident still open"));
        s.audit().append(AuditEntry.of(clock.instant(), i.id(), i.target(), "resumed", null, "", "open incident resumed after restart"));
        return i;
      });
      resumed.add(i);
    }
    return resumed;
  }

  /**
   * Opens an incident for the condition unless one is already open, or unless the target is in a
   * crash loop (then the condition is noted as a symptom of the loop); returns it only if new.
   */
  public Optional<Incident> raise(String target, String condition, Severity severity, String rawMessage) {
    String message = redact(rawMessage);
    Incident opened;
    List<Incident> symptoms = new ArrayList<>(0);
    lock.lock();
    try {
      Key key = new Key(target, condition);
      if (open.containsKey(key)) {
        return Optional.empty();
      }
      Instant now = clock.instant();
      Incident loop = open.get(new Key(target, CRASH_LOOP));
      if (loop != null) {
        store.incidents().appendTimeline(new TimelineEvent(loop.id(), now, "symptom", condition + ": " + message));
        return Optional.empty();
      }
      // The incident, its first event and its audit row commit together.
      opened = store.inTransaction(s -> {
        Incident i = s.incidents().insert(Incident.open(target, condition, severity, message, now));
        s.incidents().appendTimeline(new TimelineEvent(i.id(), now, "opened", message));
        s.audit().append(AuditEntry.of(now, i.id(), target, "opened", null, "", condition + ": " + message));
        return i;
      });
      putOpen(key, opened);
      if (condition.equals(CRASH_LOOP)) {
        for (Incident other : List.copyOf(open.values())) {
          if (other.target().equals(target) && other.id() != opened.id()) {
            symptoms.add(close(new Key(target, other.condition()), other, Incident.SYMPTOM,
                "symptom of crash_loop incident #" + opened.id(), now));
            store.incidents().appendTimeline(new TimelineEvent(opened.id(), now, "symptom",
                "incident #" + other.id() + " " + other.condition() + " folded into this crash loop"));
          }
        }
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    symptoms.forEach(listener::resolved);
    listener.opened(opened);
    return Optional.of(opened);
  }

  /**
   * The condition cleared: resolve its open incident, if any, unless an action on it is being
   * verified. Then the clear is only noted, and the verify resolves the incident once the target
   * has stayed healthy for its settle period (or reopens it if the condition comes back).
   */
  public Optional<Incident> clear(String target, String condition, String rawDetails) {
    String details = redact(rawDetails);
    Key key = new Key(target, condition);
    lock.lock();
    try {
      Incident current = open.get(key);
      if (current != null && verifying.contains(current.id())) {
        store.incidents().appendTimeline(new TimelineEvent(current.id(), clock.instant(), "condition_cleared",
            details + " (verifying: resolves once healthy for the settle period)"));
        return Optional.empty();
      }
    } finally {
      lock.unlock();
    }
    return resolve(key, null, details);
  }

  /** An action on the incident is being verified: until {@link #endVerify}, its clears are only noted. */
  public void beginVerify(long id) {
    verifying.add(id);
  }

  public void endVerify(long id) {
    verifying.remove(id);
  }

  /** Whether an action on the incident is being verified right now. */
  public boolean verifying(long id) {
    return verifying.contains(id);
  }

  /** Adds an event to an open incident's timeline without changing its state. */
  public void note(long id, String event, String detail) {
    lock.lock();
    try {
      if (openIncident(id).isPresent()) {
        store.incidents().appendTimeline(new TimelineEvent(id, clock.instant(), event, redact(detail)));
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Resolves this incident if it is still open. Unlike {@link #clear}, never a later incident of the
   * same condition that opened after this one was resolved.
   */
  public Optional<Incident> resolve(Incident incident, String details) {
    return resolve(new Key(incident.target(), incident.condition()), incident.id(), redact(details));
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
      resolved = close(key, current, Incident.RESOLVED, details, clock.instant());
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    listener.resolved(resolved);
    return Optional.of(resolved);
  }

  /** Closes an open incident with the status; called under the lock, the listener is the caller's. */
  private Incident close(Key key, Incident current, String status, String details, Instant now) {
    removeOpen(key);
    Incident closed = current.closedAs(status, details, now);
    store.inTransaction(s -> {
      s.incidents().update(closed);
      s.incidents().appendTimeline(new TimelineEvent(closed.id(), now, status, details));
      s.audit().append(AuditEntry.of(now, closed.id(), key.target(), status, null, "ok", details));
      return closed;
    });
    return closed;
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
      long id, java.util.function.UnaryOperator<Incident> change, String event, String rawDetail) {
    String detail = redact(rawDetail);
    lock.lock();
    try {
      Key key = keyById.get(id);
      Incident current = key == null ? null : open.get(key);
      if (current == null || current.id() != id) {
        return Optional.empty();
      }
      Incident next = change.apply(current).withTexts(this::redact);
      store.inTransaction(s -> {
        s.incidents().update(next);
        s.incidents().appendTimeline(new TimelineEvent(id, clock.instant(), event, detail));
        return next;
      });
      putOpen(key, next);
      changed.signalAll();
      return Optional.of(next);
    } finally {
      lock.unlock();
    }
  }

  public Optional<Incident> openIncident(long id) {
    Key key = keyById.get(id);
    Incident i = key == null ? null : open.get(key);
    return i != null && i.id() == id ? Optional.of(i) : Optional.empty();
  }

  public Optional<Incident> openIncident(String target, String condition) {
    return Optional.ofNullable(open.get(new Key(target, condition)));
  }

  public List<Incident> openIncidents() {
    return List.copyOf(open.values());
  }

  /** The target's open incidents; no allocation while it has none (the common case). */
  public List<Incident> openIncidents(String target) {
    java.util.Set<Key> keys = keysByTarget.get(target);
    if (keys == null || keys.isEmpty()) {
      return List.of();
    }
    List<Incident> mine = new ArrayList<>(keys.size());
    for (Key k : keys) {
      Incident i = open.get(k);
      if (i != null) {
        mine.add(i);
      }
    }
    return mine;
  }

  /** Called under the lock. */
  private void putOpen(Key key, Incident incident) {
    Incident before = open.put(key, incident);
    if (before != null && before.id() != incident.id()) {
      keyById.remove(before.id());
    }
    keyById.put(incident.id(), key);
    keysByTarget.computeIfAbsent(key.target(), t -> ConcurrentHashMap.newKeySet()).add(key);
  }

  /** Called under the lock. */
  private void removeOpen(Key key) {
    Incident before = open.remove(key);
    if (before != null) {
      keyById.remove(before.id());
    }
    java.util.Set<Key> keys = keysByTarget.get(key.target());
    if (keys != null) {
      keys.remove(key);
      if (keys.isEmpty()) {
        keysByTarget.remove(key.target());
      }
    }
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
