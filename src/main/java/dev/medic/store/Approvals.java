package dev.medic.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Requests for a person to allow a destructive remedy, and their decisions. */
public interface Approvals {

  /** Stores a new request and returns it with its id. */
  Approval insert(Approval approval);

  Optional<Approval> get(long id);

  /** The newest pending request of the strategy for the incident. */
  Optional<Approval> pending(long incidentId, String strategy);

  /** Most recent first; {@code state} null means all. */
  List<Approval> list(Approval.State state, int limit);

  /**
   * Moves a pending approval to its decision; the first decision wins.
   *
   * @return false if it was no longer pending (decided by someone else, or expired)
   */
  boolean decide(long id, Approval.State state, Instant at, String by, String reason);
}
