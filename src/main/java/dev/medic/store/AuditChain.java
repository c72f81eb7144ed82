package dev.medic.store;

import dev.medic.heal.Verifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash chain over the audit: each row's {@code hash} is SHA-256 over the previous row's hash
 * and the row's own fields, and the row keeps that previous hash in {@code prev_hash}. Editing a
 * row changes its hash; deleting one breaks the next row's link; both show in {@link Verifier}.
 * The chain has no secret: someone who rewrites every row after the edit can make it whole again,
 * which is why each start records the head in the audit and the log (compare with a copy kept
 * elsewhere).
 */
final class AuditChain {

  /** The previous hash of the first row. */
  static final String GENESIS = "";

  private AuditChain() {}

  /**
   * Hex SHA-256 of the previous hash and the row's canonical form: every field as its length and
   * its text (null as {@code -}), so no two different rows share a form.
   */
  static String hash(String prevHash, AuditEntry a) {
    StringBuilder canon = new StringBuilder(prevHash == null ? GENESIS : prevHash).append('\n');
    field(canon, Long.toString(a.id()));
    field(canon, Long.toString(a.at().toEpochMilli()));
    field(canon, a.incidentId() == null ? null : a.incidentId().toString());
    field(canon, a.target());
    field(canon, a.kind());
    field(canon, a.strategy());
    field(canon, a.result() == null ? "" : a.result());
    field(canon, a.detail() == null ? "" : a.detail());
    field(canon, a.actor() == null ? "medic" : a.actor());
    return HexFormat.of().formatHex(sha256().digest(canon.toString().getBytes(StandardCharsets.UTF_8)));
  }

  private static void field(StringBuilder canon, String value) {
    if (value == null) {
      canon.append('-');
    } else {
      canon.append(value.length()).append(':').append(value);
    }
    canon.append('|');
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  /** Walks the rows in id order and stops at the first link that does not hold. */
  static final class Verifier {
    private long rows;
    private long lastId;
    private String lastHash = GENESIS;
    private AuditVerification broken;

    /** @return false once the chain is broken (the rest need not be read) */
    boolean accept(AuditEntry row, String prevHash, String hash) {
      if (broken != null) {
        return false;
      }
      String where = lastId == 0 ? "the start of the audit" : "row " + lastId;
      if (hash == null) {
        broken = AuditVerification.broken(rows, row.id(), "row has no hash (written around the chain)", lastId, lastHash);
      } else if (!lastHash.equals(prevHash == null ? GENESIS : prevHash)) {
        broken = AuditVerification.broken(rows, row.id(), "prev_hash " + abbrev(prevHash) + " does not match "
            + where + " (hash " + abbrev(lastHash) + "): a row before it was deleted, inserted or changed",
            lastId, lastHash);
      } else if (!hash(prevHash, row).equals(hash)) {
        broken = AuditVerification.broken(rows, row.id(), "content does not match its hash " + abbrev(hash)
            + ": the row was edited", lastId, lastHash);
      } else {
        rows++;
        lastId = row.id();
        lastHash = hash;
        return true;
      }
      return false;
    }

    AuditVerification result() {
      return broken != null ? broken : AuditVerification.intact(rows, lastId, lastHash);
    }
  }

  private static String abbrev(String hash) {
    if (hash == null || hash.isEmpty()) {
      return "(none)";
    }
    return hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
  }
}
