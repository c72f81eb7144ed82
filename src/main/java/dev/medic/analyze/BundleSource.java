package dev.medic.analyze;

import dev.medic.spi.IncidentBundle;
import java.util.Optional;

/** Gathers an incident's bundle from the store, the config and the targets' live state. */
public interface BundleSource {

  /** The incident's bundle as of now; empty if there is no such incident. */
  Optional<IncidentBundle> bundle(long incidentId);
}
