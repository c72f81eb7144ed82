package dev.medic.store;

import dev.medic.config.Redactor;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/** Approvals in the SQLite store ({@code approvals}, V2). */
final class SqliteApprovals implements Approvals {

  static final String TABLE = "approvals";

  private final Jdbi jdbi;
  private final SqliteWrites writes;
  private final Supplier<Redactor> secrets;

  SqliteApprovals(Jdbi jdbi, SqliteWrites writes, Supplier<Redactor> secrets) {
    this.jdbi = jdbi;
    this.writes = writes;
    this.secrets = secrets;
  }

  private HeldWrites held() {
    return writes.held();
  }

  @Override
  public Approval insert(Approval raw) {
    Approval a = new Approval(raw.id(), raw.incidentId(), raw.target(), raw.strategy(),
        secrets.get().redact(raw.action()), raw.state(), raw.requestedAt(), raw.expiresAt(), raw.decidedAt(),
        raw.decidedBy(), raw.reason());
    synchronized (writes.lock()) {
      long id = writes.insert(TABLE, () -> dbInsert(a), n -> new PendingWrite.InsertApproval(pendingWithId(a, n)));
      // Committed, it reads back as stored; held, as it will be.
      return held().holding() ? get(id).orElseThrow() : dbGet(id).orElseGet(() -> pendingWithId(a, id));
    }
  }

  private static Approval pendingWithId(Approval a, long id) {
    return new Approval(id, a.incidentId(), a.target(), a.strategy(), a.action(), a.state(), a.requestedAt(),
        a.expiresAt(), null, null, null);
  }

  /** Inserts with the approval's own id if it has one (a held insert), else the next one. */
  long dbInsert(Approval a) {
    String idColumn = a.id() > 0 ? "id, " : "";
    String idValue = a.id() > 0 ? ":id, " : "";
    return jdbi.withHandle(h -> h.createUpdate("INSERT INTO approvals (" + idColumn + "incident_id, target, strategy,"
            + " action, state, requested_at, expires_at) VALUES (" + idValue + ":incident, :target, :strategy,"
            + " :action, :state, :requested, :expires)")
        .bind("id", a.id())
        .bind("incident", a.incidentId())
        .bind("target", a.target())
        .bind("strategy", a.strategy())
        .bind("action", a.action())
        .bind("state", a.state().key())
        .bind("requested", a.requestedAt().toEpochMilli())
        .bind("expires", a.expiresAt().toEpochMilli())
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one());
  }

  @Override
  public Optional<Approval> get(long id) {
    if (held().holding()) {
      synchronized (writes.lock()) {
        Approval held = held().backlog().approvals().get(id);
        return held().backlog().decided(held != null ? Optional.of(held) : dbGet(id));
      }
    }
    return dbGet(id);
  }

  private Optional<Approval> dbGet(long id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM approvals WHERE id = :id").bind("id", id)
        .map((rs, ctx) -> SqliteRows.approvalOf(rs)).findOne());
  }

  @Override
  public Optional<Approval> pending(long incidentId, String strategy) {
    if (held().holding()) {
      synchronized (writes.lock()) {
        return list(Approval.State.PENDING, Integer.MAX_VALUE).stream()
            .filter(a -> a.incidentId() == incidentId && a.strategy().equals(strategy))
            .findFirst();
      }
    }
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM approvals WHERE incident_id = :incident"
            + " AND strategy = :strategy AND state = 'pending' ORDER BY id DESC LIMIT 1")
        .bind("incident", incidentId)
        .bind("strategy", strategy)
        .map((rs, ctx) -> SqliteRows.approvalOf(rs)).findOne());
  }

  @Override
  public List<Approval> list(Approval.State state, int limit) {
    if (held().holding()) {
      synchronized (writes.lock()) {
        WriteBacklog backlog = held().backlog();
        Map<Long, Approval> held = new LinkedHashMap<>();
        List<Approval> committed = dbList(null, Integer.MAX_VALUE);
        committed.forEach(a -> backlog.decided(Optional.of(a)).filter(d -> d != a).ifPresent(d -> held.put(d.id(), d)));
        backlog.approvals().values().forEach(a -> held.put(a.id(), backlog.decided(Optional.of(a)).orElseThrow()));
        return WriteBacklog.merge(committed, held, Approval::id, a -> state == null || a.state() == state, limit);
      }
    }
    return dbList(state, limit);
  }

  private List<Approval> dbList(Approval.State state, int limit) {
    String where = state == null ? "" : " WHERE state = :state";
    return jdbi.withHandle(h -> {
      var q = h.createQuery("SELECT * FROM approvals" + where + " ORDER BY id DESC LIMIT :limit");
      if (state != null) {
        q.bind("state", state.key());
      }
      return q.bind("limit", limit).map((rs, ctx) -> SqliteRows.approvalOf(rs)).list();
    });
  }

  @Override
  public boolean decide(long id, Approval.State state, Instant at, String by, String reason) {
    PendingWrite decision = new PendingWrite.DecideApproval(id, state, at, by, reason);
    synchronized (writes.lock()) {
      if (held().holding()) {
        // Decided against what readers see, held decisions included: the first decision wins.
        if (!get(id).map(Approval::pending).orElse(false)) {
          return false;
        }
        held().hold(decision, held().problem());
        return true;
      }
      boolean[] decided = {false};
      Optional<String> unwritable = writes.tryCommit(() -> (decided[0] = dbDecide(id, state, at, by, reason))
          ? decision : null);
      if (unwritable.isEmpty()) {
        return decided[0];
      }
      if (!get(id).map(Approval::pending).orElse(false)) {
        return false;
      }
      held().hold(decision, unwritable.get());
      return true;
    }
  }

  boolean dbDecide(long id, Approval.State state, Instant at, String by, String reason) {
    return jdbi.withHandle(h -> h.createUpdate("UPDATE approvals SET state = :state, decided_at = :at,"
            + " decided_by = :by, reason = :reason WHERE id = :id AND state = 'pending'")
        .bind("state", state.key())
        .bind("at", at.toEpochMilli())
        .bind("by", by)
        .bind("reason", reason)
        .bind("id", id)
        .execute()) == 1;
  }
}
