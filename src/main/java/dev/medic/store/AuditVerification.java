package dev.medic.store;

/**
 * What {@code medic audit verify} and the check at start found.
 *
 * @param rows rows checked (all of them when ok, up to the broken one otherwise)
 * @param brokenAt id of the first row whose link does not hold, null when ok
 * @param problem what differs at that row, null when ok
 * @param headId id of the last row checked (0 for an empty audit)
 * @param headHash hash of that row ("" for an empty audit)
 */
public record AuditVerification(boolean ok, long rows, Long brokenAt, String problem, long headId, String headHash) {

  static AuditVerification intact(long rows, long headId, String headHash) {
    return new AuditVerification(true, rows, null, null, headId, headHash);
  }

  static AuditVerification broken(long rows, long at, String problem, long headId, String headHash) {
    return new AuditVerification(false, rows, at, problem, headId, headHash);
  }

  /** One line for logs, the CLI and {@code /health}. */
  public String summary() {
    return ok
        ? "audit chain intact: " + rows + " rows, head #" + headId + " " + headHash
        : "audit chain broken at row " + brokenAt + ": " + problem;
  }
}
