package dev.medic.incident;

import dev.medic.spi.Incident;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open incidents this medic knows of, by (target, condition), by id and by target, so lookups
 * on the observation path stay O(1) and allocate nothing while a target has none. A cache of the
 * store, which decides what is open; written under the book's lock, read without it.
 */
final class OpenIncidents {

  private record Key(String target, String condition) {}

  private final Map<Key, Incident> byKey = new ConcurrentHashMap<>();
  private final Map<Long, Key> keyById = new ConcurrentHashMap<>();
  private final Map<String, Set<Key>> keysByTarget = new ConcurrentHashMap<>();

  Optional<Incident> get(String target, String condition) {
    return Optional.ofNullable(byKey.get(new Key(target, condition)));
  }

  Optional<Incident> get(long id) {
    Key key = keyById.get(id);
    Incident i = key == null ? null : byKey.get(key);
    return i != null && i.id() == id ? Optional.of(i) : Optional.empty();
  }

  List<Incident> all() {
    return List.copyOf(byKey.values());
  }

  List<Incident> of(String target) {
    Set<Key> keys = keysByTarget.get(target);
    if (keys == null || keys.isEmpty()) {
      return List.of();
    }
    List<Incident> mine = new ArrayList<>(keys.size());
    for (Key k : keys) {
      Incident i = byKey.get(k);
      if (i != null) {
        mine.add(i);
      }
    }
    return mine;
  }

  /** Adds or replaces the open incident of its (target, condition). */
  void put(Incident incident) {
    Key key = new Key(incident.target(), incident.condition());
    Incident before = byKey.put(key, incident);
    if (before != null && before.id() != incident.id()) {
      keyById.remove(before.id());
    }
    keyById.put(incident.id(), key);
    keysByTarget.computeIfAbsent(key.target(), t -> ConcurrentHashMap.newKeySet()).add(key);
  }

  void remove(Incident incident) {
    Key key = new Key(incident.target(), incident.condition());
    Incident before = byKey.remove(key);
    if (before != null) {
      keyById.remove(before.id());
    }
    Set<Key> keys = keysByTarget.get(key.target());
    if (keys != null) {
      keys.remove(key);
      if (keys.isEmpty()) {
        keysByTarget.remove(key.target());
      }
    }
  }
}
