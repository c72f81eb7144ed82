package dev.medic.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit table as a hash chain (see {@link AuditChain}): appends at the end of the chain, chains
 * the rows that predate it, walks it to verify, and reads its head.
 */
final class ChainedAudit {

  private static final Logger log = LoggerFactory.getLogger(ChainedAudit.class);

  private final Jdbi jdbi;

  ChainedAudit(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Appends the entry at the end of the chain: reads the last row's id and hash and writes the next
   * id with its prev_hash and hash, in one (immediate) transaction, so no other writer slips in
   * between. Returns the new row's id.
   */
  long append(AuditEntry a) {
    return jdbi.inTransaction(
        h -> {
          Optional<Map<String, Object>> last =
              h.createQuery("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").mapToMap().findOne();
          long id = last.map(r -> ((Number) r.get("id")).longValue()).orElse(0L) + 1;
          String prev = last.map(r -> (String) r.get("hash")).orElse(AuditChain.GENESIS);
          AuditEntry row = new AuditEntry(id, a.at(), a.incidentId(), a.target(), a.kind(), a.strategy(),
              a.result() == null ? "" : a.result(), a.detail() == null ? "" : a.detail(),
              a.actor() == null ? "medic" : a.actor());
          h.createUpdate(
                  "INSERT INTO audit (id, at, incident_id, target, kind, strategy, result, detail, actor,"
                      + " prev_hash, hash) VALUES (:id, :at, :incident, :target, :kind, :strategy, :result,"
                      + " :detail, :actor, :prev, :hash)")
              .bind("id", id)
              .bind("at", row.at().toEpochMilli())
              .bind("incident", row.incidentId())
              .bind("target", row.target())
              .bind("kind", row.kind())
              .bind("strategy", row.strategy())
              .bind("result", row.result())
              .bind("detail", row.detail())
              .bind("actor", row.actor())
              .bind("prev", prev)
              .bind("hash", AuditChain.hash(prev, row))
              .execute();
          return id;
        });
  }

  /**
   * Chains the rows written before the chain existed (migration V3 marks them), in id order, once.
   * Rows above that mark never get a hash after the fact: without one they break the chain.
   */
  void chainLegacyRows() {
    // A plain read first: opening the store to read it (a CLI command, perhaps without write
    // permission) takes no write lock once the old rows are chained.
    boolean anyUnchained = jdbi.withHandle(h -> h.createQuery(
            "SELECT EXISTS (SELECT 1 FROM audit WHERE hash IS NULL"
                + " AND id <= (SELECT coalesce(max(last_id), 0) FROM audit_chain_legacy))")
        .mapTo(Boolean.class).one());
    if (!anyUnchained) {
      return;
    }
    jdbi.useTransaction(h -> {
      long legacy = h.createQuery("SELECT last_id FROM audit_chain_legacy").mapTo(Long.class).findOne().orElse(0L);
      List<AuditEntry> unchained = h.createQuery(
              "SELECT * FROM audit WHERE hash IS NULL AND id <= :legacy ORDER BY id")
          .bind("legacy", legacy).map((rs, ctx) -> SqliteRows.auditOf(rs)).list();
      if (unchained.isEmpty()) {
        return;
      }
      String prev = h.createQuery("SELECT hash FROM audit WHERE id < :id ORDER BY id DESC LIMIT 1")
          .bind("id", unchained.getFirst().id()).mapTo(String.class).findOne().orElse(AuditChain.GENESIS);
      for (AuditEntry row : unchained) {
        String hash = AuditChain.hash(prev, row);
        h.createUpdate("UPDATE audit SET prev_hash = :prev, hash = :hash WHERE id = :id")
            .bind("prev", prev).bind("hash", hash).bind("id", row.id()).execute();
        prev = hash;
      }
      log.info("audit chain: {} rows written before it existed are now chained", unchained.size());
    });
  }

  /** Walks every row in id order; stops at the first link that does not hold. */
  AuditVerification verify() {
    AuditChain.Verifier verifier = new AuditChain.Verifier();
    jdbi.useHandle(h -> {
      try (var rows = h.createQuery("SELECT * FROM audit ORDER BY id").setFetchSize(1000)
          .map((rs, ctx) -> new Object[] {SqliteRows.auditOf(rs), rs.getString("prev_hash"), rs.getString("hash")})
          .iterator()) {
        while (rows.hasNext()) {
          Object[] row = rows.next();
          if (!verifier.accept((AuditEntry) row[0], (String) row[1], (String) row[2])) {
            break;
          }
        }
      }
    });
    return verifier.result();
  }

  /** The last row's id and hash (0 and "" for an empty audit), unverified. */
  AuditVerification head() {
    return jdbi.withHandle(h -> h.createQuery("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1")
        .map((rs, ctx) -> AuditVerification.intact(0, rs.getLong("id"),
            rs.getString("hash") == null ? "" : rs.getString("hash")))
        .findOne().orElse(AuditVerification.intact(0, 0, AuditChain.GENESIS)));
  }
}
