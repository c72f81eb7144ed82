package dev.medic.runtime;

import dev.medic.incident.IncidentBook;
import dev.medic.notify.RootCauses;
import dev.medic.spi.Incident;
import java.util.List;
import java.util.Optional;

/** The escalator's view of root causes, answered by the incident book that links them. */
record BookRootCauses(IncidentBook book) implements RootCauses {

  @Override
  public Optional<Incident> rootOf(long incidentId) {
    return book.rootOf(incidentId);
  }

  @Override
  public List<String> affectedTargets(long rootId) {
    return book.affectedTargets(rootId);
  }
}
