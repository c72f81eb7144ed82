package dev.medic.incident;

import dev.medic.spi.Incident;
import dev.medic.spi.TimelineEvent;
import dev.medic.store.AuditEntry;
import dev.medic.store.IncidentLinks;
import dev.medic.store.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One incident per root cause: an incident on a target whose dependency ({@code depends_on}, also
 * through others) has an open incident is linked to that incident as its symptom. A root is an
 * open incident that is no symptom itself, so links never chain: a symptom's root is always the
 * incident medic heals. Each link, and each end of one, commits with its timeline entries (on both
 * incidents) and its audit row; the book publishes the events returned here after its lock.
 *
 * <p>Every method runs under the {@link IncidentBook}'s lock; the links are read without it.
 */
final class RootLinks {

  /** Links are re-pointed at most this often in one change: a guard, links never chain. */
  private static final int MAX_REPOINTS = 1000;

  private final Store store;
  private final OpenIncidents open;
  private final Dependencies dependencies;
  /** Active links, symptom id to root id: open incidents only. */
  private final Map<Long, Long> rootBySymptom = new ConcurrentHashMap<>();

  RootLinks(Store store, OpenIncidents open, Dependencies dependencies) {
    this.store = store;
    this.open = open;
    this.dependencies = dependencies;
  }

  boolean isSymptom(long id) {
    return rootBySymptom.containsKey(id);
  }

  Optional<Incident> rootOf(long id) {
    Long root = rootBySymptom.get(id);
    return root == null ? Optional.empty() : open.get(root);
  }

  /** The open incidents linked to the root, oldest first. */
  List<Incident> symptomsOf(long rootId) {
    List<Incident> symptoms = new ArrayList<>();
    rootBySymptom.forEach((symptom, root) -> {
      if (root == rootId) {
        open.get(symptom).ifPresent(symptoms::add);
      }
    });
    symptoms.sort(Comparator.comparingLong(Incident::id));
    return symptoms;
  }

  /** After a restart: the links between incidents still open; a link to a closed one is ended. */
  void resume(Instant now) {
    for (IncidentLinks.Link link : store.links().active()) {
      if (open.get(link.symptomId()).isPresent() && open.get(link.rootId()).isPresent()) {
        rootBySymptom.put(link.symptomId(), link.rootId());
      } else {
        store.links().unlink(link.symptomId(), now);
      }
    }
  }

  /**
   * A new incident: the symptom of a root upstream if there is one; else a root itself, which
   * takes in the open incidents of the targets that depend on it (and theirs).
   */
  List<IncidentEvent> place(Incident opened, Instant now) {
    List<IncidentEvent> events = new ArrayList<>();
    Optional<Incident> root = rootFor(opened);
    if (root.isPresent()) {
      events.add(link(opened, root.get(), now));
      return events;
    }
    for (Incident other : open.all()) {
      if (other.id() != opened.id() && !isSymptom(other.id())
          && dependencies.dependsOn(other.target(), opened.target())) {
        events.add(link(other, opened, now));
      }
    }
    flatten(now, events);
    return events;
  }

  /** The incident closed: it is no symptom any more (its link ended in the close's transaction). */
  void closed(long id) {
    rootBySymptom.remove(id);
  }

  /**
   * The root closed: its symptoms still open are incidents of their own again, each linked to
   * another root upstream if one is open (a second incident on the same dependency, say).
   */
  List<IncidentEvent> release(Incident root, Instant now) {
    List<Incident> symptoms = symptomsOf(root.id());
    List<IncidentEvent> events = new ArrayList<>();
    for (Incident symptom : symptoms) {
      String holds = symptom.target() + " " + symptom.condition() + " still holds";
      store.inTransaction(s -> {
        s.links().unlink(symptom.id(), now);
        s.incidents().appendTimeline(new TimelineEvent(symptom.id(), now, "unlinked",
            "root #" + root.id() + " resolved; " + holds));
        s.incidents().appendTimeline(new TimelineEvent(root.id(), now, "symptom_unlinked",
            "#" + symptom.id() + " " + holds));
        s.audit().append(AuditEntry.of(now, symptom.id(), symptom.target(), "unlinked", null, "",
            "root #" + root.id() + " resolved; " + holds));
        return symptom;
      });
      rootBySymptom.remove(symptom.id());
      events.add(new IncidentEvent.Unlinked(symptom, root));
    }
    for (Incident symptom : symptoms) {
      if (!isSymptom(symptom.id())) {
        rootFor(symptom).ifPresent(other -> events.add(link(symptom, other, now)));
      }
    }
    flatten(now, events);
    return events;
  }

  /** The nearest open incident upstream that is no symptom; of several on one target, the oldest. */
  private Optional<Incident> rootFor(Incident incident) {
    for (String target : dependencies.upstream(incident.target())) {
      Optional<Incident> root = open.of(target).stream()
          .filter(i -> i.id() != incident.id() && !isSymptom(i.id()))
          .min(Comparator.comparingLong(Incident::id));
      if (root.isPresent()) {
        return root;
      }
    }
    return Optional.empty();
  }

  private IncidentEvent.Linked link(Incident symptom, Incident root, Instant now) {
    store.inTransaction(s -> {
      s.links().link(symptom.id(), root.id(), now);
      noteLink(s, symptom, root, now);
      return symptom;
    });
    rootBySymptom.put(symptom.id(), root.id());
    return new IncidentEvent.Linked(symptom, root);
  }

  private static void noteLink(Store s, Incident symptom, Incident root, Instant now) {
    String cause = "symptom of #" + root.id() + " " + root.target() + " " + root.condition();
    s.incidents().appendTimeline(new TimelineEvent(symptom.id(), now, "linked", cause));
    s.incidents().appendTimeline(new TimelineEvent(root.id(), now, "symptom",
        "#" + symptom.id() + " " + symptom.target() + " " + symptom.condition() + " linked as a symptom"));
    s.audit().append(AuditEntry.of(now, symptom.id(), symptom.target(), "linked", null, "", cause));
  }

  /** A symptom whose root became a symptom itself is linked to that root's root. */
  private void flatten(Instant now, List<IncidentEvent> events) {
    for (int i = 0; i < MAX_REPOINTS; i++) {
      Optional<Map.Entry<Long, Long>> chained = rootBySymptom.entrySet().stream()
          .filter(e -> isSymptom(e.getValue()))
          .findFirst();
      if (chained.isEmpty()) {
        return;
      }
      Optional<Incident> symptom = open.get(chained.get().getKey());
      Optional<Incident> root = rootOf(chained.get().getValue());
      if (symptom.isEmpty() || root.isEmpty() || root.get().id() == symptom.get().id()) {
        store.links().unlink(chained.get().getKey(), now);
        rootBySymptom.remove(chained.get().getKey());
        continue;
      }
      store.inTransaction(s -> {
        s.links().unlink(symptom.get().id(), now);
        s.links().link(symptom.get().id(), root.get().id(), now);
        noteLink(s, symptom.get(), root.get(), now);
        return symptom;
      });
      rootBySymptom.put(symptom.get().id(), root.get().id());
      events.add(new IncidentEvent.Linked(symptom.get(), root.get()));
    }
  }
}
