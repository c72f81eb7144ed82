package dev.medic.store;

import java.time.Instant;
import java.util.List;

/**
 * Which incidents are symptoms of which root cause: an incident on a target linked to the open
 * incident of a target it depends on. A link is active until it is ended; ended links stay, so the
 * targets a root's outage reached can be named after it resolved.
 */
public interface IncidentLinks {

  /**
   * One link.
   *
   * @param unlinkedAt when it ended, null while active
   */
  record Link(long symptomId, long rootId, Instant linkedAt, Instant unlinkedAt) {

    public boolean active() {
      return unlinkedAt == null;
    }
  }

  /**
   * Links the symptom to its root from the instant.
   *
   * @throws RuntimeException if the symptom already has an active link (one root at a time)
   */
  void link(long symptomId, long rootId, Instant at);

  /** Ends the symptom's active link, if it has one. */
  void unlink(long symptomId, Instant at);

  /** The links not ended, oldest first: what a restart of medic picks up again. */
  List<Link> active();

  /** Every link the root has had, active or ended, oldest first. */
  List<Link> ofRoot(long rootId);
}
