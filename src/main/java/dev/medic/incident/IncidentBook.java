package dev.medic.incident;

import dev.medic.config.Redactor;
import dev.medic.spi.Incident;
import dev.medic.spi.IncidentState;
import dev.medic.spi.Severity;
import dev.medic.spi.TimelineEvent;
import dev.medic.store.AuditEntry;
import dev.medic.store.IncidentLinks;
import dev.medic.store.Incidents;
import dev.medic.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The incidents, one open per (target, condition). Every transition is committed to the store
 * (incident row, timeline event, audit entry, in one transaction) before an {@link IncidentEvent}
 * tells anyone, so that nobody is notified and nothing is touched for an incident that a crash
 * could lose. The store decides what is open: an incident is inserted only if none is open for its
 * target and condition, also when another medic opened it first.
 *
 * <p>Three rules keep one problem to one incident. While a target is in a crash loop or flapping
 * ({@link WholeTargetConditions}), that is the incident: conditions raised on the target meanwhile
 * ({@code process_exited}, {@code http_error}) are its symptoms, noted on its timeline instead of
 * opening incidents of their own, and those already open are closed as symptoms when it opens.
 * While a target it depends on has an open incident, a target's incidents open as usual but are
 * linked to that root cause ({@link RootLinks}): the root is healed, the symptoms wait and close
 * quietly when they clear, and those still holding when the root resolves become incidents of their
 * own. And while an action on an incident is being verified, its condition clearing does not
 * resolve it: the verify decides, after the target has stayed healthy for its settle period, so a
 * service that answers for a moment after a restart and dies again keeps one incident.
 */
public final class IncidentBook {

  private final Store store;
  private final Clock clock;
  private final Supplier<Redactor> secrets;
  private final EventBus events;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final OpenIncidents open = new OpenIncidents();
  private final Set<Long> verifying = ConcurrentHashMap.newKeySet();
  /** Acknowledgements of open incidents, read from their timelines when first asked for. */
  private final Map<Long, Optional<Acknowledgement>> acknowledgements = new ConcurrentHashMap<>();
  private final RootLinks roots;

  /** A book with no secrets to hide and a bus of its own ({@link #events()}). */
  public IncidentBook(Store store, Clock clock) {
    this(store, clock, Redactor::none, new QueuedEventBus());
  }

  /**
   * @param secrets what to hide in every text an incident carries (messages, reasons, details): they
   *     go to the store, the API and the channels, and none of them may show a password
   * @param events where each committed change is published
   */
  public IncidentBook(Store store, Clock clock, Supplier<Redactor> secrets, EventBus events) {
    this(store, clock, secrets, events, target -> List.of());
  }

  /**
   * @param dependsOn a target's {@code depends_on}, read on every new incident (so a reload applies),
   *     empty for a target not configured
   */
  public IncidentBook(Store store, Clock clock, Supplier<Redactor> secrets, EventBus events,
      Function<String, List<String>> dependsOn) {
    this.store = store;
    this.clock = clock;
    this.secrets = secrets;
    this.events = events;
    this.roots = new RootLinks(store, open, new Dependencies(dependsOn));
  }

  /** Where this book publishes: subscribe here to hear of incidents. */
  public EventBus events() {
    return events;
  }

  /** The text with the configured secrets hidden. */
  public String redact(String text) {
    return secrets.get().redact(text);
  }

  /** Loads the incidents left open by a previous run; records that they were resumed. */
  public List<Incident> resume() {
    List<Incident> resumed = new ArrayList<>();
    for (Incident i : store.incidents().list(true, 100_000)) {
      open.put(i);
      Instant now = clock.instant();
      store.inTransaction(s -> {
        s.incidents().appendTimeline(new TimelineEvent(i.id(), now, "resumed", "medic restarted; incident still open"));
        s.audit().append(AuditEntry.of(now, i.id(), i.target(), "resumed", null, "", "open incident resumed after restart"));
        return i;
      });
      resumed.add(i);
    }
    lock.lock();
    try {
      roots.resume(clock.instant());
    } finally {
      lock.unlock();
    }
    return resumed;
  }

  /**
   * Opens an incident for the condition unless one is already open, or unless the target is in a
   * crash loop or flapping (then the condition is noted as its symptom); returns it only if new. A
   * new incident is linked to its root cause, or becomes the root of its dependents' incidents.
   */
  public Optional<Incident> raise(String target, String condition, Severity severity, String rawMessage) {
    String message = redact(rawMessage);
    Incident opened;
    List<IncidentEvent> folded = new ArrayList<>(0);
    List<IncidentEvent> placed;
    lock.lock();
    try {
      if (open.get(target, condition).isPresent()) {
        return Optional.empty();
      }
      Instant now = clock.instant();
      Optional<Incident> whole = coveringWholeTarget(target);
      if (whole.isPresent() && !WholeTargetConditions.covers(condition)) {
        store.incidents().appendTimeline(new TimelineEvent(whole.get().id(), now, "symptom", condition + ": " + message));
        return Optional.empty();
      }
      // The incident, its first event and its audit row commit together, and only if the store has
      // no open incident of this target and condition.
      Incidents.Opened result = store.inTransaction(s -> {
        Incidents.Opened o = s.incidents().openIfAbsent(Incident.open(target, condition, severity, message, now));
        if (o.created()) {
          s.incidents().appendTimeline(new TimelineEvent(o.incident().id(), now, "opened", message));
          s.audit().append(AuditEntry.of(now, o.incident().id(), target, "opened", null, "", condition + ": " + message));
        }
        return o;
      });
      open.put(result.incident());
      if (!result.created()) {
        return Optional.empty();
      }
      opened = result.incident();
      // Placed before the fold: what the fold releases then finds this incident's root, not this one.
      placed = roots.place(opened, now);
      if (WholeTargetConditions.covers(condition)) {
        for (Incident other : open.of(target)) {
          if (other.id() != opened.id() && !WholeTargetConditions.covers(other.condition())) {
            folded.addAll(close(other, Incident.SYMPTOM, "symptom of " + condition + " incident #" + opened.id(), now));
            store.incidents().appendTimeline(new TimelineEvent(opened.id(), now, "symptom",
                "incident #" + other.id() + " " + other.condition() + " folded into this " + condition));
          }
        }
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    // What the fold closed, then the new incident, then the links: nobody hears of a link to an
    // incident before it opened.
    List<IncidentEvent> relinked = new ArrayList<>(0);
    for (IncidentEvent e : folded) {
      if (e instanceof IncidentEvent.Resolved) {
        events.publish(e);
      } else {
        relinked.add(e);
      }
    }
    events.publish(new IncidentEvent.Opened(opened));
    for (IncidentEvent e : placed) {
      events.publish(e);
    }
    for (IncidentEvent e : relinked) {
      events.publish(e);
    }
    return Optional.of(opened);
  }

  /** The target's open crash loop or flapping incident, if it has one. */
  private Optional<Incident> coveringWholeTarget(String target) {
    for (String condition : WholeTargetConditions.ALL) {
      Optional<Incident> whole = open.get(target, condition);
      if (whole.isPresent()) {
        return whole;
      }
    }
    return Optional.empty();
  }

  /**
   * The condition cleared: resolve its open incident, if any, unless an action on it is being
   * verified. Then the clear is only noted, and the verify resolves the incident once the target
   * has stayed healthy for its settle period (or reopens it if the condition comes back).
   */
  public Optional<Incident> clear(String target, String condition, String rawDetails) {
    String details = redact(rawDetails);
    lock.lock();
    try {
      Optional<Incident> current = open.get(target, condition);
      if (current.isPresent() && verifying.contains(current.get().id())) {
        store.incidents().appendTimeline(new TimelineEvent(current.get().id(), clock.instant(), "condition_cleared",
            details + " (verifying: resolves once healthy for the settle period)"));
        return Optional.empty();
      }
      return current.flatMap(i -> resolve(i.target(), i.condition(), null, details));
    } finally {
      lock.unlock();
    }
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
      if (open.get(id).isPresent()) {
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
    return resolve(incident.target(), incident.condition(), incident.id(), redact(details));
  }

  /** @param id the open incident must be this one; null for whichever is open */
  private Optional<Incident> resolve(String target, String condition, Long id, String details) {
    List<IncidentEvent> closing;
    lock.lock();
    try {
      Optional<Incident> current = open.get(target, condition);
      if (current.isEmpty() || (id != null && current.get().id() != id)) {
        return Optional.empty();
      }
      Optional<Incident> root = roots.rootOf(current.get().id());
      if (root.isPresent() && quiet(current.get())) {
        closing = close(current.get(), Incident.SYMPTOM, details + " (a symptom of #" + root.get().id() + " "
            + root.get().target() + "; closed quietly)", clock.instant());
      } else {
        closing = close(current.get(), Incident.RESOLVED, details, clock.instant());
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    closing.forEach(events::publish);
    return Optional.of(closing.getFirst().incident());
  }

  /**
   * A symptom nobody was told of and nothing acted on closes as a symptom, with no all-clear of its
   * own: the root's covers it. One that was paged, or healed ({@code heal_symptoms}), resolves.
   */
  private static boolean quiet(Incident symptom) {
    return !symptom.escalated() && symptom.healingAttempts() == 0;
  }

  /**
   * Closes an open incident with the status, ending its link if it is a symptom and releasing its
   * symptoms if it is a root. Called under the lock; publishing the events (its {@code Resolved}
   * first) is the caller's.
   */
  private List<IncidentEvent> close(Incident current, String status, String details, Instant now) {
    Incident closed = current.closedAs(status, details, now);
    boolean symptom = roots.isSymptom(current.id());
    store.inTransaction(s -> {
      s.incidents().update(closed);
      s.incidents().appendTimeline(new TimelineEvent(closed.id(), now, status, details));
      s.audit().append(AuditEntry.of(now, closed.id(), closed.target(), status, null, "ok", details));
      if (symptom) {
        s.links().unlink(closed.id(), now);
      }
      return closed;
    });
    open.remove(current);
    acknowledgements.remove(current.id());
    roots.closed(current.id());
    List<IncidentEvent> closing = new ArrayList<>();
    closing.add(new IncidentEvent.Resolved(closed));
    closing.addAll(roots.release(closed, now));
    return closing;
  }

  /** Records that a strategy is being applied; returns the updated incident, empty if it closed. */
  public Optional<Incident> attempt(long id, String strategy, String detail) {
    return transition(id, i -> true, i -> i.withAttempt(strategy, clock.instant()), "healing", detail, false,
        i -> new IncidentEvent.Attempted(i, strategy, redact(detail)));
  }

  /**
   * Hands the incident to people; it stays open until its condition clears.
   *
   * @return the escalated incident; empty if it was closed or already escalated
   */
  public Optional<Incident> escalate(long id, String reason) {
    return transition(id, i -> !i.escalated(), i -> i.escalatedAt(reason, clock.instant()), "escalated", reason, true,
        i -> new IncidentEvent.Escalated(i, redact(reason)));
  }

  /** Waiting for a person to approve a destructive remedy (approval {@code approvalId}). */
  public Optional<Incident> awaitingApproval(long id, long approvalId, String detail) {
    return transition(id, i -> true, i -> i.withState(IncidentState.AWAITING_APPROVAL, clock.instant()),
        "awaiting_approval", detail, false, i -> new IncidentEvent.ApprovalRequested(i, approvalId, redact(detail)));
  }

  /**
   * Back to OPEN after a failed attempt, waiting for the next one; an escalated incident (a proposal
   * a person approved was tried on it) goes back to ESCALATED: people still have it.
   */
  public Optional<Incident> reopen(long id, String detail) {
    return transition(id, i -> true,
        i -> i.withState(i.escalated() ? IncidentState.ESCALATED : IncidentState.OPEN, clock.instant()),
        "attempt_failed", detail, false, i -> new IncidentEvent.Reopened(i, redact(detail)));
  }

  /**
   * @param applies whether the change applies to the incident as it is now
   * @param audited whether the change also gets an audit row of the event's name
   */
  private Optional<Incident> transition(long id, Predicate<Incident> applies, UnaryOperator<Incident> change,
      String event, String rawDetail, boolean audited, Function<Incident, IncidentEvent> published) {
    String detail = redact(rawDetail);
    Incident next;
    lock.lock();
    try {
      Optional<Incident> current = open.get(id);
      if (current.isEmpty() || !applies.test(current.get())) {
        return Optional.empty();
      }
      next = change.apply(current.get()).withTexts(this::redact);
      Instant now = clock.instant();
      store.inTransaction(s -> {
        s.incidents().update(next);
        s.incidents().appendTimeline(new TimelineEvent(id, now, event, detail));
        if (audited) {
          s.audit().append(AuditEntry.of(now, id, next.target(), event, null, "", detail));
        }
        return next;
      });
      open.put(next);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    events.publish(published.apply(next));
    return Optional.of(next);
  }

  public Optional<Incident> openIncident(long id) {
    return open.get(id);
  }

  public Optional<Incident> openIncident(String target, String condition) {
    return open.get(target, condition);
  }

  public List<Incident> openIncidents() {
    return open.all();
  }

  /** The target's open incidents; no allocation while it has none (the common case). */
  public List<Incident> openIncidents(String target) {
    return open.of(target);
  }

  /** The root cause the open incident is a symptom of, if it is one. */
  public Optional<Incident> rootOf(long incidentId) {
    return roots.rootOf(incidentId);
  }

  /** The open incidents that are symptoms of the root, oldest first. */
  public List<Incident> symptomsOf(long rootId) {
    return roots.symptomsOf(rootId);
  }

  /**
   * Every incident linked to the root during its life, still open or not, in the order they were
   * first linked (read from the store: it also answers after the root resolved, and after a restart).
   */
  public List<Incident> linkedDuring(long rootId) {
    List<Incident> linked = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    for (IncidentLinks.Link link : store.links().ofRoot(rootId)) {
      if (seen.add(link.symptomId())) {
        store.incidents().get(link.symptomId()).ifPresent(linked::add);
      }
    }
    return linked;
  }

  /** The targets the root's outage reached: those of {@link #linkedDuring}, each once, for the all-clear. */
  public List<String> affectedTargets(long rootId) {
    return linkedDuring(rootId).stream().map(Incident::target).distinct().toList();
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
      while (open.get(id).isPresent()) {
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

  /**
   * Records that someone took the open incident on: a timeline event and an audit row naming them.
   * Healing goes on; paging steps and reminders stop.
   *
   * @return the incident; empty if it is not open or was already acknowledged (then {@link
   *     #acknowledgement} says by whom)
   */
  public Optional<Incident> acknowledge(long id, String by, String rawComment) {
    Acknowledgement ack;
    Incident incident;
    lock.lock();
    try {
      Optional<Incident> current = open.get(id);
      if (current.isEmpty() || acknowledgement(id).isPresent()) {
        return Optional.empty();
      }
      incident = current.get();
      ack = new Acknowledgement(redact(by), clock.instant(), redact(rawComment));
      store.inTransaction(s -> {
        s.incidents().appendTimeline(new TimelineEvent(id, ack.at(), Acknowledgement.EVENT, ack.detail()));
        s.audit().append(new AuditEntry(0, ack.at(), id, incident.target(), Acknowledgement.EVENT, null, "ok",
            ack.detail(), ack.by()));
        return ack;
      });
      acknowledgements.put(id, Optional.of(ack));
    } finally {
      lock.unlock();
    }
    events.publish(new IncidentEvent.Acknowledged(incident, ack));
    return Optional.of(incident);
  }

  /** Who took the incident on, if anyone did (also before a restart of medic). */
  public Optional<Acknowledgement> acknowledgement(long id) {
    Optional<Acknowledgement> known = acknowledgements.get(id);
    if (known != null) {
      return known;
    }
    Optional<Acknowledgement> found = store.incidents().timeline(id).stream()
        .filter(e -> e.event().equals(Acknowledgement.EVENT))
        .findFirst()
        .map(e -> Acknowledgement.parse(e.detail(), e.at()));
    if (open.get(id).isPresent()) {
      acknowledgements.put(id, found);
    }
    return found;
  }
}
