package dev.medic.store;

import dev.medic.heal.Approval;
import dev.medic.incident.Incident;
import dev.medic.incident.TimelineEvent;
import dev.medic.spi.Observation;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything medic remembers. Incident, timeline, audit and approval writes are synchronous: they
 * return once committed, or, when the store cannot write (disk full, I/O error, read-only), once
 * held in memory in order to be written when it can again; reads see held writes as if committed.
 * Observations are queued and written in batches off the check path.
 */
public interface Store extends AutoCloseable {

  /** Inserts an open incident and returns it with its id. */
  Incident insertIncident(Incident incident);

  void updateIncident(Incident incident);

  Optional<Incident> incident(long id);

  /** Most recent first; {@code open} null means all. */
  List<Incident> incidents(Boolean open, int limit);

  void appendTimeline(TimelineEvent event);

  List<TimelineEvent> timeline(long incidentId);

  void audit(AuditEntry entry);

  /** Most recent first; {@code incidentId} null means all incidents. */
  List<AuditEntry> audit(Long incidentId, int limit);

  /** When the strategy last acted on the target (for cooldowns that survive restarts). */
  Optional<Instant> lastAction(String target, String strategy);

  /** How many times the strategy acted on the incident (a ladder resumes from here after a restart). */
  int attempts(long incidentId, String strategy);

  /** Actions taken on the target since the instant (for hourly limits that survive restarts). */
  int actionsSince(String target, Instant since);

  /** When the target's supervised process exited on its own since the instant, oldest first. */
  List<Instant> processExits(String target, Instant since);

  /**
   * Actions whose intent was recorded but whose outcome never was: medic died while they ran.
   * Oldest first.
   */
  List<AuditEntry> unfinishedActions();

  /**
   * Per target, the failed attempts in a row up to the newest and when its last incident resolved,
   * from the audit since the instant (the healer's backoff resumes from this after a restart).
   */
  java.util.Map<String, AttemptHistory> attemptHistory(Instant since);

  /** See {@link #attemptHistory}. */
  record AttemptHistory(int failedStreak, Instant lastResolved) {}

  /** Results of the most recent actions across all targets, newest first (for the breaker). */
  List<Boolean> recentActionResults(int limit);

  Approval insertApproval(Approval approval);

  Optional<Approval> approval(long id);

  Optional<Approval> pendingApproval(long incidentId, String strategy);

  /** Most recent first; {@code state} null means all. */
  List<Approval> approvals(Approval.State state, int limit);

  /**
   * Moves a pending approval to its decision.
   *
   * @return false if it was no longer pending (decided by someone else, or expired)
   */
  boolean decideApproval(long id, Approval.State state, Instant at, String by, String reason);

  /** Queues an observation; it is written in the next batch. */
  void record(Observation observation);

  /** Blocks until every observation queued so far is committed. */
  void flush();

  List<Observation> observations(String target, int limit);

  /** Deletes observations older than the instant; returns how many. */
  int pruneObservations(Instant before);

  /**
   * What is wrong with the store itself, for {@code /health} and the log: writes held because it
   * cannot write, or a broken audit chain. Empty while all is well.
   */
  default Optional<String> problem() {
    return Optional.empty();
  }

  /** False while writes are being held in memory because the store cannot write. */
  default boolean writable() {
    return true;
  }

  /** How many synchronous writes are held in memory, waiting for the store to accept writes. */
  default int backlog() {
    return 0;
  }

  /**
   * Walks the audit's hash chain from the first row and reports the first link that does not
   * hold. A broken chain is logged as an ERROR and shown by {@link #problem()}.
   */
  AuditVerification verifyAudit();

  /**
   * Called once when medic starts: records the chain's head (an audit entry of kind {@code
   * chain_head}, and the log) and verifies the chain in the background.
   */
  void startAuditChain(Instant at);

  @Override
  void close();
}
