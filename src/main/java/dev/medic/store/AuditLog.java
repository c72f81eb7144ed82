package dev.medic.store;

import java.time.Instant;
import java.util.List;

/**
 * The audit trail: append-only, hash-chained, for people to read (the API, {@code medic audit}).
 * Healing policy does not count its rows: the {@link HealingLedger} holds what policy needs, typed.
 */
public interface AuditLog {

  void append(AuditEntry entry);

  /** Most recent first; {@code incidentId} null means all incidents. */
  List<AuditEntry> list(Long incidentId, int limit);

  /**
   * Walks the hash chain from the first row and reports the first link that does not hold. A
   * broken chain is logged as an ERROR and shown by {@link Store#problem()}.
   */
  AuditVerification verify();

  /** The last row's id and hash (0 and "" for an empty audit), unverified. */
  AuditVerification head();

  /**
   * Called once when medic starts: records the chain's head (an entry of kind {@link
   * AuditEntry#CHAIN_HEAD}, and the log) and verifies the chain in the background.
   */
  void startChain(Instant at);

  /** The last verification (at start, or by {@link #verify}); null before the first. */
  AuditVerification lastVerification();

  /**
   * When the target's supervised process exited on its own since the instant, oldest first (the
   * entries of kind {@link AuditEntry#PROCESS_EXITED}; crash loops count these).
   */
  List<Instant> processExits(String target, Instant since);
}
