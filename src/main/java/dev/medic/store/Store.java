package dev.medic.store;

import java.util.Optional;
import java.util.function.Function;

/**
 * Everything medic remembers, as one port per kind of memory. Incident, timeline, audit, ledger
 * and approval writes are synchronous: they return once committed, or, when the store cannot write
 * (disk full, I/O error, read-only), once held in memory in order to be written when it can again;
 * reads see held writes as if committed. Observations are queued and written in batches off the
 * check path.
 */
public interface Store extends AutoCloseable {

  Incidents incidents();

  /** The audit trail for people; policy never reads it, it reads {@link #ledger()}. */
  AuditLog audit();

  /** What healing did, typed: cooldowns, budgets, ladders, backoff and the breaker count from it. */
  HealingLedger ledger();

  Approvals approvals();

  /** Silences people made: they hold medic's messages and, unless they allow healing, its actions. */
  Silences silences();

  Observations observations();

  /** Check results over time: raw, then 5-minute and hourly aggregates. */
  default History history() {
    return History.NONE;
  }

  Outbox outbox();

  /** API tokens made with {@code medic token create}, by their hashes. */
  default ApiTokens apiTokens() {
    return ApiTokens.NONE;
  }

  /** What analysts concluded about incidents. */
  default Analyses analyses() {
    return Analyses.NONE;
  }

  /** medic's own marks: when it was last alive and when it last stopped on purpose. */
  AgentState agentState();

  /** Which incidents are symptoms of which root cause, and were. */
  IncidentLinks links();

  /** Detection thresholds people changed through the API, laid over the config file's. */
  AlertOverrides alertOverrides();

  /**
   * Runs the work so that the synchronous writes it makes through {@code store} commit together or
   * not at all: an incident and its first timeline event and audit row, an attempt and the audit
   * row that tells people of it. Reads inside see the work's own writes. If the work throws,
   * nothing it wrote stays and the exception goes to the caller. When the store cannot write, the
   * work's writes are held in memory in order like every other write, and the whole group is
   * dropped from memory if the work throws. A transaction inside a transaction joins it.
   *
   * <p>Other writers wait while it runs: keep the work to reads and writes of the incidents, audit,
   * ledger, approvals and outbox (observations are written apart, in batches, and wait for it).
   */
  <T> T inTransaction(Function<Store, T> work);

  /**
   * What is wrong with the store itself, for {@code /health} and the log: writes held because it
   * cannot write, or a broken audit chain. Empty while all is well.
   */
  Optional<String> problem();

  /** False while writes are being held in memory because the store cannot write. */
  boolean writable();

  /** How many synchronous writes are held in memory, waiting for the store to accept writes. */
  int backlog();

  @Override
  void close();
}
