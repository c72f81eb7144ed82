package dev.medic.store;

import dev.medic.spi.Analysis;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What analysts concluded about incidents, kept with the incidents (append-only). */
public interface Analyses {

  /** Stores the analysis and returns it with its id. */
  Analysis insert(Analysis analysis);

  /** The incident's analyses, newest first. */
  List<Analysis> forIncident(long incidentId);

  /** The incident's newest analysis, if any. */
  default Optional<Analysis> latest(long incidentId) {
    return forIncident(incidentId).stream().findFirst();
  }

  /** How many analyses the named analyst made since the instant: its hourly limit counts from this, across restarts. */
  int countSince(String analyst, Instant since);

  /** For stores that keep no analyses. */
  Analyses NONE = new Analyses() {
    @Override
    public Analysis insert(Analysis analysis) {
      return analysis;
    }

    @Override
    public List<Analysis> forIncident(long incidentId) {
      return List.of();
    }

    @Override
    public int countSince(String analyst, Instant since) {
      return 0;
    }
  };
}
