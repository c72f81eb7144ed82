package dev.medic.analyze;

import dev.medic.spi.Analysis;
import java.util.List;
import java.util.Optional;

/**
 * Runs analysts on incidents: builds the bundle, keeps each analyst within its hourly limit and
 * timeout, records every analysis (and its cost) in the store and the audit, and hands suggestions
 * that are to be proposed to the healer. The escalator, the API and the MCP server use it.
 */
public interface Analysts {

  /**
   * Runs the named analysts ({@code rules} when the list is empty) on the incident, one after the
   * other, and records what each concluded. Blocks until all are done or timed out.
   *
   * @param why what asked for it, for the audit: {@code escalation step on escalated}, {@code alice via API}
   * @return the analyses made, in the order asked (an analyst over its limit gives none)
   * @throws IllegalArgumentException if a name is not a configured analyst
   */
  List<Analysis> analyze(long incidentId, List<String> names, String why) throws InterruptedException;

  /** The incident's analyses, newest first. */
  List<Analysis> of(long incidentId);

  /** The incident's newest analysis: the one that travels with its pages. */
  default Optional<Analysis> latest(long incidentId) {
    return of(incidentId).stream().findFirst();
  }

  /** For a medic that analyses nothing (tests of other parts). */
  Analysts NONE = new Analysts() {
    @Override
    public List<Analysis> analyze(long incidentId, List<String> names, String why) {
      return List.of();
    }

    @Override
    public List<Analysis> of(long incidentId) {
      return List.of();
    }
  };
}
