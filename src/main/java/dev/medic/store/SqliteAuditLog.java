package dev.medic.store;

import dev.medic.config.Redactor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The audit of the SQLite store: one hash-chained, append-only table ({@code audit}). */
final class SqliteAuditLog implements AuditLog {

  private static final Logger log = LoggerFactory.getLogger(SqliteStore.class);

  static final String TABLE = "audit";

  private final Jdbi jdbi;
  private final SqliteWrites writes;
  private final ChainedAudit chain;
  private final Supplier<Redactor> secrets;
  private volatile AuditVerification lastCheck;

  SqliteAuditLog(Jdbi jdbi, SqliteWrites writes, ChainedAudit chain, Supplier<Redactor> secrets) {
    this.jdbi = jdbi;
    this.writes = writes;
    this.chain = chain;
    this.secrets = secrets;
  }

  @Override
  public void append(AuditEntry raw) {
    AuditEntry a = new AuditEntry(raw.id(), raw.at(), raw.incidentId(), raw.target(), raw.kind(), raw.strategy(),
        raw.result() == null ? "" : raw.result(), secrets.get().redact(raw.detail() == null ? "" : raw.detail()),
        raw.actor() == null ? "medic" : raw.actor());
    // Held, readers see it under the id it will most likely get; its hash is computed when it is written.
    writes.insert(TABLE, () -> chain.append(a), id -> new PendingWrite.Audit(new AuditEntry(id, a.at(),
        a.incidentId(), a.target(), a.kind(), a.strategy(), a.result(), a.detail(), a.actor())));
  }

  /** Writes a held entry at the end of the chain. */
  void dbAppend(AuditEntry a) {
    chain.append(a);
  }

  @Override
  public List<AuditEntry> list(Long incidentId, int limit) {
    HeldWrites held = writes.held();
    if (held.holding()) {
      synchronized (writes.lock()) {
        List<AuditEntry> all = new ArrayList<>(
            held.backlog().audit(a -> incidentId == null || incidentId.equals(a.incidentId())));
        all.addAll(dbList(incidentId, limit));
        return all.subList(0, Math.min(limit, all.size()));
      }
    }
    return dbList(incidentId, limit);
  }

  private List<AuditEntry> dbList(Long incidentId, int limit) {
    String where = incidentId == null ? "" : " WHERE incident_id = :incident";
    return jdbi.withHandle(h -> {
      var q = h.createQuery("SELECT * FROM audit" + where + " ORDER BY id DESC LIMIT :limit");
      if (incidentId != null) {
        q.bind("incident", incidentId);
      }
      return q.bind("limit", limit).map((rs, ctx) -> SqliteRows.auditOf(rs)).list();
    });
  }

  @Override
  public AuditVerification verify() {
    AuditVerification result = chain.verify();
    lastCheck = result;
    if (!result.ok()) {
      log.error("{} (medic runs on; `medic audit verify` shows the same)", result.summary());
    }
    return result;
  }

  @Override
  public AuditVerification head() {
    return chain.head();
  }

  @Override
  public void startChain(Instant at) {
    try {
      AuditVerification head = chain.head();
      log.info("audit chain head at start: #{} {}", head.headId(), head.headHash());
      append(new AuditEntry(0, at, null, null, AuditEntry.CHAIN_HEAD, null, "",
          "head #" + head.headId() + " " + (head.headHash().isEmpty() ? "(empty audit)" : head.headHash()), "medic"));
    } catch (RuntimeException e) {
      // Loud, but no reason to stop medic from watching.
      log.error("audit chain head could not be read at start: {}", e.toString());
    }
    // A long audit takes a while to walk: start-up does not wait for it.
    Thread.ofVirtual().name("medic-audit-verify").start(() -> {
      try {
        AuditVerification v = verify();
        if (v.ok()) {
          log.info(v.summary());
        }
      } catch (RuntimeException e) {
        log.error("audit chain could not be checked: {}", e.toString());
      }
    });
  }

  @Override
  public AuditVerification lastVerification() {
    return lastCheck;
  }

  @Override
  public List<Instant> processExits(String target, Instant since) {
    return writes.held().consistent(() -> processExitsNow(target, since));
  }

  private List<Instant> processExitsNow(String target, Instant since) {
    List<AuditEntry> held = writes.held().audit(a -> AuditEntry.PROCESS_EXITED.equals(a.kind())
        && target.equals(a.target()) && !a.at().isBefore(since));
    List<Instant> committed = dbProcessExits(target, since);
    if (held.isEmpty()) {
      return committed;
    }
    List<Instant> all = new ArrayList<>(committed);
    held.forEach(a -> all.add(a.at()));
    all.sort(null);
    return all;
  }

  private List<Instant> dbProcessExits(String target, Instant since) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT at FROM audit WHERE target = :target AND kind = :kind AND at >= :since ORDER BY at")
        .bind("target", target)
        .bind("kind", AuditEntry.PROCESS_EXITED)
        .bind("since", since.toEpochMilli())
        .map((rs, ctx) -> Instant.ofEpochMilli(rs.getLong(1)))
        .list());
  }
}
