package dev.medic.store;

import dev.medic.config.Redactor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * The healing ledger of the SQLite store ({@code healing_ledger}, V5). A row is begun with a null
 * result and finished once; {@code healed} holds the verdict (null until there is one). The
 * queries read typed columns only: no audit wording can switch a limit off.
 */
final class SqliteLedger implements HealingLedger {

  static final String TABLE = "healing_ledger";
  private static final String SPENT = "result IS NOT NULL AND result <> 'dry_run'";

  private final Jdbi jdbi;
  private final SqliteWrites writes;
  private final Supplier<Redactor> secrets;

  SqliteLedger(Jdbi jdbi, SqliteWrites writes, Supplier<Redactor> secrets) {
    this.jdbi = jdbi;
    this.writes = writes;
    this.secrets = secrets;
  }

  private HeldWrites held() {
    return writes.held();
  }

  @Override
  public Attempt begin(long incidentId, String target, String strategy, String action, Instant at) {
    Attempt a = new Attempt(0, incidentId, target, strategy, secrets.get().redact(action == null ? "" : action), at);
    long id = writes.insert(TABLE, () -> dbBegin(a), n -> new PendingWrite.BeginAttempt(withId(a, n)));
    return withId(a, id);
  }

  private static Attempt withId(Attempt a, long id) {
    return new Attempt(id, a.incidentId(), a.target(), a.strategy(), a.action(), a.startedAt());
  }

  /** Inserts with the attempt's own id if it has one (a held begin), else the next one. */
  long dbBegin(Attempt a) {
    String idColumn = a.id() > 0 ? "id, " : "";
    String idValue = a.id() > 0 ? ":id, " : "";
    return jdbi.withHandle(h -> h.createUpdate("INSERT INTO healing_ledger (" + idColumn
            + "incident_id, target, strategy, action, started_at) VALUES (" + idValue
            + ":incident, :target, :strategy, :action, :started)")
        .bind("id", a.id())
        .bind("incident", a.incidentId())
        .bind("target", a.target())
        .bind("strategy", a.strategy())
        .bind("action", a.action())
        .bind("started", a.startedAt().toEpochMilli())
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one());
  }

  @Override
  public void finish(Attempt attempt, AttemptResult result, String detail, Instant at) {
    String text = secrets.get().redact(detail == null ? "" : detail);
    writes.write(() -> dbFinish(attempt.id(), result, text, at),
        new PendingWrite.FinishAttempt(attempt, result, text, at));
  }

  void dbFinish(long id, AttemptResult result, String detail, Instant at) {
    int n = jdbi.withHandle(h -> h.createUpdate("UPDATE healing_ledger SET result = :result, finished_at = :at,"
            + " detail = :detail, healed = CASE WHEN :result = 'failed' THEN 0 END"
            + " WHERE id = :id AND result IS NULL")
        .bind("result", result.key())
        .bind("at", at.toEpochMilli())
        .bind("detail", detail)
        .bind("id", id)
        .execute());
    if (n != 1) {
      throw new IllegalStateException("attempt " + id + " does not exist or was finished already");
    }
  }

  @Override
  public void verified(Attempt attempt, boolean healed) {
    writes.write(() -> dbVerified(attempt.id(), healed), new PendingWrite.VerifyAttempt(attempt, healed));
  }

  void dbVerified(long id, boolean healed) {
    int n = jdbi.withHandle(h -> h.createUpdate(
            "UPDATE healing_ledger SET healed = :healed WHERE id = :id AND result = 'ok'")
        .bind("healed", healed ? 1 : 0)
        .bind("id", id)
        .execute());
    if (n != 1) {
      throw new IllegalStateException("attempt " + id + " has no finished action to verify");
    }
  }

  /** Held finishes that spent something and match, for merging with the committed ones. */
  private List<PendingWrite.FinishAttempt> heldSpent(Predicate<PendingWrite.FinishAttempt> filter) {
    return held().view(b -> b.finishes().stream().filter(f -> f.result().spends()).filter(filter).toList(),
        List.of());
  }

  @Override
  public Optional<Instant> lastAction(String target, String strategy) {
    return held().consistent(() -> {
      Optional<Instant> heldLast = heldSpent(f -> f.attempt().target().equals(target)
          && f.attempt().strategy().equals(strategy)).stream().map(PendingWrite.FinishAttempt::at)
          .max(Instant::compareTo);
      Optional<Instant> committed = jdbi.withHandle(h -> h.createQuery("SELECT max(finished_at) FROM healing_ledger"
              + " WHERE target = :target AND strategy = :strategy AND " + SPENT)
          .bind("target", target)
          .bind("strategy", strategy)
          .mapTo(Long.class)
          .findOne()
          .map(Instant::ofEpochMilli));
      return heldLast.isPresent() && (committed.isEmpty() || heldLast.get().isAfter(committed.get()))
          ? heldLast : committed;
    });
  }

  @Override
  public int actionsSince(String target, Instant since) {
    return held().consistent(() -> heldSpent(f -> f.attempt().target().equals(target) && !f.at().isBefore(since))
        .size() + jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM healing_ledger"
            + " WHERE target = :target AND finished_at >= :since AND " + SPENT)
        .bind("target", target)
        .bind("since", since.toEpochMilli())
        .mapTo(Integer.class)
        .one()));
  }

  @Override
  public int attempts(long incidentId, String strategy) {
    return held().consistent(() -> heldSpent(f -> f.attempt().incidentId() == incidentId
        && f.attempt().strategy().equals(strategy)).size()
        + jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM healing_ledger"
            + " WHERE incident_id = :incident AND strategy = :strategy AND " + SPENT)
        .bind("incident", incidentId)
        .bind("strategy", strategy)
        .mapTo(Integer.class)
        .one()));
  }

  @Override
  public List<Attempt> unfinished() {
    return held().consistent(() -> {
      Set<Long> finishing = new HashSet<>();
      held().view(WriteBacklog::finishes, List.<PendingWrite.FinishAttempt>of())
          .forEach(f -> finishing.add(f.attempt().id()));
      List<Attempt> all = new ArrayList<>(jdbi.withHandle(h -> h.createQuery(
              "SELECT * FROM healing_ledger WHERE result IS NULL ORDER BY id")
          .map((rs, ctx) -> SqliteRows.attemptOf(rs))
          .list()));
      all.addAll(held().view(WriteBacklog::begun, List.of()));
      all.removeIf(a -> finishing.contains(a.id()));
      return all;
    });
  }

  @Override
  public Map<String, Integer> failedStreaks(Instant since) {
    Map<String, Integer> streaks = new HashMap<>();
    Set<String> healedSince = new HashSet<>();
    // Newest first: failed attempts count until the first that healed.
    jdbi.useHandle(h -> h.createQuery("SELECT target, healed FROM healing_ledger"
            + " WHERE healed IS NOT NULL AND finished_at >= :since ORDER BY id DESC")
        .bind("since", since.toEpochMilli())
        .map((rs, ctx) -> Map.entry(rs.getString("target"), rs.getInt("healed") == 1))
        .forEach(row -> {
          String target = row.getKey();
          if (healedSince.contains(target)) {
            return;
          }
          if (row.getValue()) {
            healedSince.add(target);
            streaks.putIfAbsent(target, 0);
          } else {
            streaks.merge(target, 1, Integer::sum);
          }
        }));
    return streaks;
  }

  @Override
  public List<Boolean> recentResults(int limit) {
    return held().consistent(() -> {
      List<Boolean> all = new ArrayList<>(held().view(WriteBacklog::verdicts, List.<Boolean>of()));
      if (all.size() < limit) {
        all.addAll(jdbi.withHandle(h -> h.createQuery(
                "SELECT healed FROM healing_ledger WHERE healed IS NOT NULL ORDER BY id DESC LIMIT :limit")
            .bind("limit", limit - all.size())
            .mapTo(Integer.class)
            .map(healed -> healed == 1)
            .list()));
      }
      return List.copyOf(all.subList(0, Math.min(limit, all.size())));
    });
  }
}
