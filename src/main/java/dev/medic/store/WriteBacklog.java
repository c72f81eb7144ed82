package dev.medic.store;

import dev.medic.spi.Incident;
import dev.medic.spi.TimelineEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Writes waiting for the store to accept them again, oldest first, and what readers must see of
 * them: an incident opened while the disk was full has to count for the healing limits and show in
 * the API exactly as if it had been committed. Not thread-safe: the store guards it with its write
 * lock.
 */
final class WriteBacklog {

  private final List<PendingWrite> writes = new ArrayList<>();

  boolean isEmpty() {
    return writes.isEmpty();
  }

  int size() {
    return writes.size();
  }

  void add(PendingWrite write) {
    writes.add(write);
  }

  List<PendingWrite> all() {
    return List.copyOf(writes);
  }

  PendingWrite first() {
    return writes.getFirst();
  }

  void removeFirst() {
    writes.removeFirst();
  }

  /** Drops the writes after the first {@code size}: a transaction that held them threw. */
  void truncate(int size) {
    while (writes.size() > size) {
      writes.removeLast();
    }
  }

  /** The latest version of each incident the backlog holds, by id. */
  Map<Long, Incident> incidents() {
    Map<Long, Incident> byId = new LinkedHashMap<>();
    for (PendingWrite w : writes) {
      if (w instanceof PendingWrite.InsertIncident(Incident i)) {
        byId.put(i.id(), i);
      } else if (w instanceof PendingWrite.UpdateIncident(Incident i)) {
        byId.put(i.id(), i);
      }
    }
    return byId;
  }

  Optional<Incident> incident(long id) {
    return Optional.ofNullable(incidents().get(id));
  }

  List<TimelineEvent> timeline(long incidentId) {
    List<TimelineEvent> events = new ArrayList<>();
    for (PendingWrite w : writes) {
      if (w instanceof PendingWrite.AppendTimeline(TimelineEvent e) && e.incidentId() == incidentId) {
        events.add(e);
      }
    }
    return events;
  }

  /** Held audit entries matching the filter, newest first (they are newer than every committed one). */
  List<AuditEntry> audit(Predicate<AuditEntry> filter) {
    List<AuditEntry> entries = new ArrayList<>();
    for (PendingWrite w : writes) {
      if (w instanceof PendingWrite.Audit(AuditEntry a) && filter.test(a)) {
        entries.add(a);
      }
    }
    return entries.reversed();
  }

  /** Held approvals, and the held decisions applied to any approval (committed or held). */
  Map<Long, Approval> approvals() {
    Map<Long, Approval> byId = new LinkedHashMap<>();
    for (PendingWrite w : writes) {
      if (w instanceof PendingWrite.InsertApproval(Approval a)) {
        byId.put(a.id(), a);
      }
    }
    return byId;
  }

  /** The approval as readers must see it: the committed (or held) one with held decisions applied. */
  Optional<Approval> decided(Optional<Approval> base) {
    if (base.isEmpty()) {
      return base;
    }
    Approval a = base.get();
    for (PendingWrite w : writes) {
      if (w instanceof PendingWrite.DecideApproval d && d.id() == a.id() && a.state() == Approval.State.PENDING) {
        a = new Approval(a.id(), a.incidentId(), a.target(), a.strategy(), a.action(), d.state(), a.requestedAt(),
            a.expiresAt(), d.at(), d.by(), d.reason());
      }
    }
    return Optional.of(a);
  }

  /** Merges committed rows with held ones (held wins for the same id), newest id first. */
  static <T> List<T> merge(List<T> committed, Map<Long, T> held, java.util.function.ToLongFunction<T> id,
      Predicate<T> filter, int limit) {
    Map<Long, T> byId = new LinkedHashMap<>();
    for (T t : committed) {
      byId.put(id.applyAsLong(t), t);
    }
    byId.putAll(held);
    return byId.values().stream()
        .filter(filter)
        .sorted(Comparator.comparingLong(id).reversed())
        .limit(limit)
        .toList();
  }

  /** Held begins of attempts, oldest first. */
  List<HealingLedger.Attempt> begun() {
    List<HealingLedger.Attempt> begun = new ArrayList<>();
    for (PendingWrite w : writes) {
      if (w instanceof PendingWrite.BeginAttempt(HealingLedger.Attempt a)) {
        begun.add(a);
      }
    }
    return begun;
  }

  /** Held finishes of attempts (begun held or committed), oldest first. */
  List<PendingWrite.FinishAttempt> finishes() {
    List<PendingWrite.FinishAttempt> finishes = new ArrayList<>();
    for (PendingWrite w : writes) {
      if (w instanceof PendingWrite.FinishAttempt f) {
        finishes.add(f);
      }
    }
    return finishes;
  }

  /** Held verdicts, newest first: true healed; a failed action is a verdict of its own. */
  List<Boolean> verdicts() {
    List<Boolean> verdicts = new ArrayList<>();
    for (PendingWrite w : writes) {
      if (w instanceof PendingWrite.FinishAttempt f && f.result() == AttemptResult.FAILED) {
        verdicts.add(false);
      } else if (w instanceof PendingWrite.VerifyAttempt(HealingLedger.Attempt a, boolean healed)) {
        verdicts.add(healed);
      }
    }
    return verdicts.reversed();
  }

  /**
   * The links readers must see: the committed ones (a selection of them, oldest first) with the held
   * links added and the held ends applied, in the order they were written.
   */
  List<IncidentLinks.Link> links(List<IncidentLinks.Link> committed) {
    List<IncidentLinks.Link> links = new ArrayList<>(committed);
    for (PendingWrite w : writes) {
      if (w instanceof PendingWrite.Link(IncidentLinks.Link l)) {
        links.add(l);
      } else if (w instanceof PendingWrite.Unlink(long symptomId, Instant at)) {
        links.replaceAll(l -> l.active() && l.symptomId() == symptomId
            ? new IncidentLinks.Link(l.symptomId(), l.rootId(), l.linkedAt(), at) : l);
      }
    }
    return links;
  }

  /** Held analyses matching the filter, in the order they were made. */
  List<dev.medic.spi.Analysis> analyses(Predicate<dev.medic.spi.Analysis> filter) {
    List<dev.medic.spi.Analysis> analyses = new ArrayList<>();
    for (PendingWrite w : writes) {
      if (w instanceof PendingWrite.InsertAnalysis(dev.medic.spi.Analysis a) && filter.test(a)) {
        analyses.add(a);
      }
    }
    return analyses;
  }
}
