package dev.medic.store;

import dev.medic.spi.Incident;
import dev.medic.spi.TimelineEvent;
import java.time.Instant;

/**
 * A synchronous write the store could not commit yet (its disk is full or read-only), kept in order
 * in memory until it can. Inserts carry the id the caller was already given.
 */
sealed interface PendingWrite {

  record InsertIncident(Incident incident) implements PendingWrite {}

  record UpdateIncident(Incident incident) implements PendingWrite {}

  record AppendTimeline(TimelineEvent event) implements PendingWrite {}

  /** The entry's id is the one it will most likely get; its hash is computed when it is written. */
  record Audit(AuditEntry entry) implements PendingWrite {}

  record InsertApproval(Approval approval) implements PendingWrite {}

  record DecideApproval(long id, Approval.State state, Instant at, String by, String reason)
      implements PendingWrite {}

  record BeginAttempt(HealingLedger.Attempt attempt) implements PendingWrite {}

  record FinishAttempt(HealingLedger.Attempt attempt, AttemptResult result, String detail, Instant at)
      implements PendingWrite {}

  record VerifyAttempt(HealingLedger.Attempt attempt, boolean healed) implements PendingWrite {}

  record Link(IncidentLinks.Link link) implements PendingWrite {}

  record Unlink(long symptomId, Instant at) implements PendingWrite {}

  /** An analysis, redacted, under the id its caller was given. */
  record InsertAnalysis(dev.medic.spi.Analysis analysis) implements PendingWrite {}
}
