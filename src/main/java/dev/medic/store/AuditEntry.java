package dev.medic.store;

import java.time.Instant;

/**
 * One append-only record of a decision or an action: what, why, by whom, result.
 *
 * @param kind {@code process_exited}, {@code opened}, {@code decision}, {@code action}, {@code verify},
 *     {@code skipped}, {@code escalated}, {@code resolved}, {@code resumed}, {@code reload}, {@code chain_head}
 * @param result {@code ok}, {@code failed}, {@code skipped}, {@code dry-run}, or empty
 * @param actor {@code medic}, or who acted through the API
 */
public record AuditEntry(
    long id,
    Instant at,
    Long incidentId,
    String target,
    String kind,
    String strategy,
    String result,
    String detail,
    String actor) {

  /**
   * The kind of entry written just before an action runs; its outcome follows as kind {@code
   * action}. An intent without an outcome is an action a crash of medic cut off.
   */
  public static final String INTENT = "intent";

  /** The kind of entry for a supervised process that exited on its own (crash loops count these). */
  public static final String PROCESS_EXITED = "process_exited";

  /** Written at each start: the head of the audit's hash chain as medic found it (id and hash). */
  public static final String CHAIN_HEAD = "chain_head";

  public static AuditEntry of(
      Instant at, Long incidentId, String target, String kind, String strategy, String result, String detail) {
    return new AuditEntry(0, at, incidentId, target, kind, strategy, result, detail, "medic");
  }
}
