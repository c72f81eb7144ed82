package dev.medic.notify;

import dev.medic.spi.Incident;
import java.util.List;
import java.util.Optional;

/**
 * What the escalator needs to know of root causes over {@code depends_on}: a symptom is not paged on
 * its own, and its root's messages name the targets it took down with it.
 */
public interface RootCauses {

  /** The open root incident this one is a symptom of, if it is one. */
  Optional<Incident> rootOf(long incidentId);

  /** The targets whose incidents were linked to this root as its symptoms, in the order they were. */
  List<String> affectedTargets(long rootId);

  static RootCauses none() {
    return new RootCauses() {
      @Override
      public Optional<Incident> rootOf(long incidentId) {
        return Optional.empty();
      }

      @Override
      public List<String> affectedTargets(long rootId) {
        return List.of();
      }
    };
  }
}
