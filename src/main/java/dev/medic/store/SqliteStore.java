package dev.medic.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.medic.config.Redactor;
import dev.medic.heal.Approval;
import dev.medic.incident.Incident;
import dev.medic.incident.IncidentState;
import dev.medic.incident.Severity;
import dev.medic.incident.TimelineEvent;
import dev.medic.spi.Observation;
import dev.medic.spi.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default store: one SQLite file in WAL mode, schema by Flyway migrations. Writes of
 * incidents, timeline and audit are committed before the call returns; observations go through a
 * bounded queue to one writer thread that commits them in batches.
 */
public final class SqliteStore implements Store {

  private static final Logger log = LoggerFactory.getLogger(SqliteStore.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int QUEUE_CAPACITY = 200_000;
  private static final int BATCH = 2_000;
  /** How long the writer waits for more observations before committing a batch. */
  private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(1000);

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final AtomicLong dropped = new AtomicLong();
  private final Thread writer;
  private volatile boolean closed;

  /** Opens (creating if needed) the database file and brings its schema up to date. */
  public static SqliteStore open(Path file) {
    return new SqliteStore(file, Redactor::none);
  }

  /**
   * @param secrets what to hide in every text written (incident messages, timeline, audit,
   *     approvals, observation messages): the audit is append-only, so a secret written there could
   *     never be taken back
   */
  public static SqliteStore open(Path file, Supplier<Redactor> secrets) {
    return new SqliteStore(file, secrets);
  }

  private final Supplier<Redactor> secrets;

  private String redact(String text) {
    return secrets.get().redact(text);
  }

  private SqliteStore(Path file, Supplier<Redactor> secrets) {
    this.secrets = secrets;
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot create directory for store " + file + ": " + e.getMessage(), e);
    }
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
    hc.setPoolName("medic-store");
    // SQLite has one writer at a time; a few connections let readers (API) run beside it.
    hc.setMaximumPoolSize(4);
    hc.setMinimumIdle(1);
    hc.addDataSourceProperty("journal_mode", "WAL");
    hc.addDataSourceProperty("synchronous", "NORMAL");
    hc.addDataSourceProperty("busy_timeout", "10000");
    hc.addDataSourceProperty("foreign_keys", "true");
    hc.setConnectionInitSql("PRAGMA busy_timeout=10000");
    // An audit write reads the chain's last hash and appends after it in one transaction: taking
    // the write lock at BEGIN keeps another writer from slipping in between (and a stale WAL read
    // snapshot from failing the upgrade with SQLITE_BUSY).
    hc.addDataSourceProperty("transaction_mode", "IMMEDIATE");
    this.dataSource = new HikariDataSource(hc);
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration/sqlite")
        .load()
        .migrate();
    this.jdbi = Jdbi.create(dataSource);
    this.chain = new ChainedAudit(jdbi);
    chain.chainLegacyRows();
    // Known before the disk can fill: held inserts are numbered after these even if reads fail then.
    lastIncidentId = nextId("incidents", 0) - 1;
    lastApprovalId = nextId("approvals", 0) - 1;
    lastAuditId = nextId("audit", 0) - 1;
    this.writer = Thread.ofPlatform().daemon().name("medic-store-writer").start(this::writeLoop);
  }

  /** For the other tables of this store that live in their own classes (the outbox). */
  Jdbi jdbi() {
    return jdbi;
  }

  // ---- when the store cannot write ----------------------------------------------------------
  // A full disk (or an I/O error, or a read-only file) must not stop detection and healing: the
  // synchronous writes that fail for that reason are held in order in memory, readers see them as
  // if committed, and a catch-up thread writes them, in order, once the store accepts writes again.

  /** How often the store is tried again while it cannot write. */
  private static final long RETRY_MILLIS = 1000;

  private final HeldWrites pending = new HeldWrites(this::apply, RETRY_MILLIS);
  /** Highest ids handed out (guarded by the pending lock): held inserts get the next ones. */
  private long lastIncidentId;
  private long lastApprovalId;
  private long lastAuditId;
  private volatile AuditVerification auditCheck;
  private ChainedAudit chain;

  private boolean holding() {
    return pending.holding();
  }

  private Optional<String> tryCommit(Runnable write) {
    return pending.tryCommit(write);
  }

  private void hold(PendingWrite write, String reason) {
    pending.hold(write, reason);
  }

  private <T> T consistent(java.util.function.Supplier<T> read) {
    return pending.consistent(read);
  }

  private List<AuditEntry> heldAudit(java.util.function.Predicate<AuditEntry> filter) {
    return pending.audit(filter);
  }

  /** The id a held insert gets: after every committed row and every id already handed out. */
  private long nextId(String table, long lastHandedOut) {
    long committed = 0;
    try {
      committed = jdbi.withHandle(h -> h.createQuery(
              "SELECT max(coalesce((SELECT max(id) FROM " + table + "), 0),"
                  + " coalesce((SELECT seq FROM sqlite_sequence WHERE name = :table), 0))")
          .bind("table", table).mapTo(Long.class).one());
    } catch (RuntimeException e) {
      // Reading failed too: the ids handed out so far are all we know.
    }
    return Math.max(committed, lastHandedOut) + 1;
  }

  private void apply(PendingWrite write) {
    switch (write) {
      case PendingWrite.InsertIncident w -> dbInsertIncident(w.incident());
      case PendingWrite.UpdateIncident w -> dbUpdateIncident(w.incident());
      case PendingWrite.AppendTimeline w -> dbAppendTimeline(w.event());
      case PendingWrite.Audit w -> chain.append(w.entry());
      case PendingWrite.InsertApproval w -> dbInsertApproval(w.approval());
      case PendingWrite.DecideApproval w -> dbDecideApproval(w.id(), w.state(), w.at(), w.by(), w.reason());
    }
  }

  @Override
  public Optional<String> problem() {
    String writing = pending.problem();
    AuditVerification audit = auditCheck;
    List<String> problems = new ArrayList<>();
    if (writing != null) {
      problems.add("store cannot write since " + pending.since() + " (" + writing + "); " + pending.size()
          + " writes held in memory");
    }
    if (audit != null && !audit.ok()) {
      problems.add(audit.summary());
    }
    return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
  }

  @Override
  public boolean writable() {
    return pending.problem() == null;
  }

  @Override
  public int backlog() {
    return pending.size();
  }

  // ---- audit chain -------------------------------------------------------------------------

  @Override
  public AuditVerification verifyAudit() {
    AuditVerification result = chain.verify();
    auditCheck = result;
    if (!result.ok()) {
      log.error("{} (medic runs on; `medic audit verify` shows the same)", result.summary());
    }
    return result;
  }

  @Override
  public void startAuditChain(Instant at) {
    try {
      AuditVerification head = chain.head();
      log.info("audit chain head at start: #{} {}", head.headId(), head.headHash());
      audit(new AuditEntry(0, at, null, null, AuditEntry.CHAIN_HEAD, null, "",
          "head #" + head.headId() + " " + (head.headHash().isEmpty() ? "(empty audit)" : head.headHash()), "medic"));
    } catch (RuntimeException e) {
      // Loud, but no reason to stop medic from watching.
      log.error("audit chain head could not be read at start: {}", e.toString());
    }
    // A long audit takes a while to walk: start-up does not wait for it.
    Thread.ofVirtual().name("medic-audit-verify").start(() -> {
      try {
        AuditVerification v = verifyAudit();
        if (v.ok()) {
          log.info(v.summary());
        }
      } catch (RuntimeException e) {
        log.error("audit chain could not be checked: {}", e.toString());
      }
    });
  }

  /** The last verification (at start, or by {@link #verifyAudit}); null before the first. */
  public AuditVerification lastAuditVerification() {
    return auditCheck;
  }

  // ---- incidents -------------------------------------------------------------------------

  @Override
  public Incident insertIncident(Incident raw) {
    Incident i = raw.withTexts(this::redact);
    synchronized (pending.lock()) {
      long[] id = {0};
      Optional<String> held = tryCommit(() -> id[0] = dbInsertIncident(i));
      if (held.isEmpty()) {
        lastIncidentId = Math.max(lastIncidentId, id[0]);
        return i.withId(id[0]);
      }
      // The caller gets its id at once; the row is inserted with that id when the store catches up.
      Incident withId = i.withId(nextId("incidents", lastIncidentId));
      lastIncidentId = withId.id();
      hold(new PendingWrite.InsertIncident(withId), held.get());
      return withId;
    }
  }

  /** Inserts with the incident's own id if it has one (a held insert), else the next one. */
  private long dbInsertIncident(Incident i) {
    String idColumn = i.id() > 0 ? "id, " : "";
    String idValue = i.id() > 0 ? ":id, " : "";
    return jdbi.withHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO incidents (" + idColumn + "target, condition, severity, state, message, opened_at,"
                        + " updated_at, healing_attempts, strategies_tried, escalated,"
                        + " resolution_status, resolution_details, resolved_at,"
                        + " resolution_time_seconds, created_at) VALUES (" + idValue + ":target, :condition,"
                        + " :severity, :state, :message, :opened, :updated, :attempts, :tried,"
                        + " :escalated, :rstatus, :rdetails, :resolved, :rseconds, :created)")
                .bindMap(columns(i))
                .bind("id", i.id())
                .bind("created", i.openedAt().toEpochMilli())
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one());
  }

  @Override
  public void updateIncident(Incident raw) {
    Incident i = raw.withTexts(this::redact);
    synchronized (pending.lock()) {
      tryCommit(() -> dbUpdateIncident(i))
          .ifPresent(reason -> hold(new PendingWrite.UpdateIncident(i), reason));
    }
  }

  private void dbUpdateIncident(Incident i) {
    int n =
        jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE incidents SET severity = :severity, state = :state, message = :message,"
                            + " updated_at = :updated, healing_attempts = :attempts,"
                            + " strategies_tried = :tried, escalated = :escalated,"
                            + " resolution_status = :rstatus, resolution_details = :rdetails,"
                            + " resolved_at = :resolved, resolution_time_seconds = :rseconds"
                            + " WHERE id = :id")
                    .bindMap(columns(i))
                    .bind("id", i.id())
                    .execute());
    if (n != 1) {
      throw new IllegalStateException("incident " + i.id() + " does not exist");
    }
  }

  private static Map<String, Object> columns(Incident i) {
    Map<String, Object> m = new java.util.HashMap<>();
    m.put("target", i.target());
    m.put("condition", i.condition());
    m.put("severity", i.severity().key());
    m.put("state", i.state().key());
    m.put("message", i.message() == null ? "" : i.message());
    m.put("opened", i.openedAt().toEpochMilli());
    m.put("updated", i.updatedAt().toEpochMilli());
    m.put("attempts", i.healingAttempts());
    m.put("tried", toJson(i.strategiesTried()));
    m.put("escalated", i.escalated() ? 1 : 0);
    m.put("rstatus", i.resolutionStatus());
    m.put("rdetails", i.resolutionDetails());
    m.put("resolved", i.resolvedAt() == null ? null : i.resolvedAt().toEpochMilli());
    m.put("rseconds", i.resolutionSeconds());
    return m;
  }

  @Override
  public Optional<Incident> incident(long id) {
    if (holding()) {
      synchronized (pending.lock()) {
        Optional<Incident> held = pending.backlog().incident(id);
        return held.isPresent() ? held : dbIncident(id);
      }
    }
    return dbIncident(id);
  }

  private Optional<Incident> dbIncident(long id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM incidents WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> incidentOf(rs))
                .findOne());
  }

  @Override
  public List<Incident> incidents(Boolean open, int limit) {
    if (holding()) {
      synchronized (pending.lock()) {
        Map<Long, Incident> held = pending.backlog().incidents();
        // A held update may take a committed incident out of the selection (resolved it): the
        // filter runs again over the merged versions. Incidents only move forward, never back in.
        return WriteBacklog.merge(dbIncidents(open, limit + held.size()), held, Incident::id,
            i -> open == null || i.isOpen() == open, limit);
      }
    }
    return dbIncidents(open, limit);
  }

  private List<Incident> dbIncidents(Boolean open, int limit) {
    String where =
        open == null ? "" : open ? " WHERE state <> 'resolved'" : " WHERE state = 'resolved'";
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM incidents" + where + " ORDER BY id DESC LIMIT :limit")
                .bind("limit", limit)
                .map((rs, ctx) -> incidentOf(rs))
                .list());
  }

  private static Incident incidentOf(ResultSet rs) throws SQLException {
    return new Incident(
        rs.getLong("id"),
        rs.getString("target"),
        rs.getString("condition"),
        Severity.valueOf(rs.getString("severity").toUpperCase(Locale.ROOT)),
        IncidentState.valueOf(rs.getString("state").toUpperCase(Locale.ROOT)),
        rs.getString("message"),
        Instant.ofEpochMilli(rs.getLong("opened_at")),
        Instant.ofEpochMilli(rs.getLong("updated_at")),
        rs.getInt("healing_attempts"),
        fromJson(rs.getString("strategies_tried")),
        rs.getInt("escalated") != 0,
        rs.getString("resolution_status"),
        rs.getString("resolution_details"),
        instantOrNull(rs, "resolved_at"));
  }

  /** A nullable column of epoch milliseconds. */
  private static Instant instantOrNull(ResultSet rs, String column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
  }

  @Override
  public void appendTimeline(TimelineEvent raw) {
    TimelineEvent e = new TimelineEvent(raw.incidentId(), raw.at(), raw.event(), redact(raw.detail()));
    synchronized (pending.lock()) {
      tryCommit(() -> dbAppendTimeline(e)).ifPresent(reason -> hold(new PendingWrite.AppendTimeline(e), reason));
    }
  }

  private void dbAppendTimeline(TimelineEvent e) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO incident_events (incident_id, at, event, detail)"
                        + " VALUES (:incident, :at, :event, :detail)")
                .bind("incident", e.incidentId())
                .bind("at", e.at().toEpochMilli())
                .bind("event", e.event())
                .bind("detail", e.detail() == null ? "" : e.detail())
                .execute());
  }

  @Override
  public List<TimelineEvent> timeline(long incidentId) {
    if (holding()) {
      synchronized (pending.lock()) {
        List<TimelineEvent> all = new ArrayList<>(dbTimeline(incidentId));
        all.addAll(pending.backlog().timeline(incidentId));
        return all;
      }
    }
    return dbTimeline(incidentId);
  }

  private List<TimelineEvent> dbTimeline(long incidentId) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM incident_events WHERE incident_id = :id ORDER BY id")
                .bind("id", incidentId)
                .map(
                    (rs, ctx) ->
                        new TimelineEvent(
                            rs.getLong("incident_id"),
                            Instant.ofEpochMilli(rs.getLong("at")),
                            rs.getString("event"),
                            rs.getString("detail")))
                .list());
  }

  // ---- audit -----------------------------------------------------------------------------

  @Override
  public void audit(AuditEntry raw) {
    AuditEntry a = new AuditEntry(raw.id(), raw.at(), raw.incidentId(), raw.target(), raw.kind(), raw.strategy(),
        raw.result(), redact(raw.detail()), raw.actor());
    synchronized (pending.lock()) {
      long[] id = {0};
      Optional<String> held = tryCommit(() -> id[0] = chain.append(a));
      if (held.isEmpty()) {
        lastAuditId = Math.max(lastAuditId, id[0]);
        return;
      }
      // Readers see it under the id it will most likely get; the hash is computed when it is written.
      AuditEntry shown = new AuditEntry(nextId("audit", lastAuditId), a.at(), a.incidentId(), a.target(), a.kind(),
          a.strategy(), a.result() == null ? "" : a.result(), a.detail() == null ? "" : a.detail(),
          a.actor() == null ? "medic" : a.actor());
      lastAuditId = shown.id();
      hold(new PendingWrite.Audit(shown), held.get());
    }
  }

  @Override
  public List<AuditEntry> audit(Long incidentId, int limit) {
    if (holding()) {
      synchronized (pending.lock()) {
        List<AuditEntry> all = new ArrayList<>(
            pending.backlog().audit(a -> incidentId == null || incidentId.equals(a.incidentId())));
        all.addAll(dbAuditEntries(incidentId, limit));
        return all.subList(0, Math.min(limit, all.size()));
      }
    }
    return dbAuditEntries(incidentId, limit);
  }

  private List<AuditEntry> dbAuditEntries(Long incidentId, int limit) {
    String where = incidentId == null ? "" : " WHERE incident_id = :incident";
    return jdbi.withHandle(
        h -> {
          var q = h.createQuery("SELECT * FROM audit" + where + " ORDER BY id DESC LIMIT :limit");
          if (incidentId != null) {
            q.bind("incident", incidentId);
          }
          return q.bind("limit", limit).map((rs, ctx) -> auditOf(rs)).list();
        });
  }

  static AuditEntry auditOf(ResultSet rs) throws SQLException {
    long inc = rs.getLong("incident_id");
    Long incident = rs.wasNull() ? null : inc;
    return new AuditEntry(
        rs.getLong("id"),
        Instant.ofEpochMilli(rs.getLong("at")),
        incident,
        rs.getString("target"),
        rs.getString("kind"),
        rs.getString("strategy"),
        rs.getString("result"),
        rs.getString("detail"),
        rs.getString("actor"));
  }

  @Override
  public List<AuditEntry> unfinishedActions() {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT * FROM audit a WHERE a.kind = :intent AND NOT EXISTS (SELECT 1 FROM audit b"
                + " WHERE b.kind = 'action' AND b.id > a.id AND b.incident_id IS a.incident_id"
                + " AND b.strategy IS a.strategy) ORDER BY a.id")
        .bind("intent", AuditEntry.INTENT)
        .map((rs, ctx) -> auditOf(rs))
        .list());
  }

  @Override
  public Map<String, AttemptHistory> attemptHistory(Instant since) {
    Map<String, AttemptHistory> byTarget = new java.util.HashMap<>();
    Map<String, Boolean> streakOver = new java.util.HashMap<>();
    jdbi.useHandle(h -> h.createQuery(
            "SELECT target, kind, result, at FROM audit WHERE kind IN ('attempt', 'resolved')"
                + " AND target IS NOT NULL AND at >= :since ORDER BY id DESC")
        .bind("since", since.toEpochMilli())
        .map((rs, ctx) -> new String[] {rs.getString("target"), rs.getString("kind"), rs.getString("result"),
            Long.toString(rs.getLong("at"))})
        .forEach(row -> {
          String target = row[0];
          AttemptHistory h0 = byTarget.getOrDefault(target, new AttemptHistory(0, null));
          if (row[1].equals("resolved")) {
            if (h0.lastResolved() == null) {
              byTarget.put(target, new AttemptHistory(h0.failedStreak(), Instant.ofEpochMilli(Long.parseLong(row[3]))));
            }
          } else if (!streakOver.getOrDefault(target, false)) {
            // Newest first: failed attempts count until the first that healed; no_effect changes nothing.
            if (row[2].equals("failed")) {
              byTarget.put(target, new AttemptHistory(h0.failedStreak() + 1, h0.lastResolved()));
            } else if (row[2].equals("ok")) {
              streakOver.put(target, true);
            }
          }
        }));
    return byTarget;
  }

  @Override
  public Optional<Instant> lastAction(String target, String strategy) {
    return consistent(() -> {
      Optional<Instant> held = heldAudit(a -> WriteBacklog.notDryRunAction(a) && target.equals(a.target())
          && strategy.equals(a.strategy())).stream().map(AuditEntry::at).max(Instant::compareTo);
      Optional<Instant> committed = dbLastAction(target, strategy);
      return held.isPresent() && (committed.isEmpty() || held.get().isAfter(committed.get())) ? held : committed;
    });
  }

  private Optional<Instant> dbLastAction(String target, String strategy) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT max(at) FROM audit WHERE target = :target AND strategy = :strategy"
                        + " AND kind = 'action' AND result <> 'dry-run'")
                .bind("target", target)
                .bind("strategy", strategy)
                .mapTo(Long.class)
                .findOne()
                .map(Instant::ofEpochMilli));
  }

  @Override
  public int attempts(long incidentId, String strategy) {
    return consistent(() -> heldAudit(a -> WriteBacklog.notDryRunAction(a)
        && Long.valueOf(incidentId).equals(a.incidentId()) && strategy.equals(a.strategy())).size()
        + dbAttempts(incidentId, strategy));
  }

  private int dbAttempts(long incidentId, String strategy) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT count(*) FROM audit WHERE incident_id = :incident AND strategy = :strategy"
                        + " AND kind = 'action' AND result <> 'dry-run'")
                .bind("incident", incidentId)
                .bind("strategy", strategy)
                .mapTo(Integer.class)
                .one());
  }

  @Override
  public int actionsSince(String target, Instant since) {
    return consistent(() -> heldAudit(a -> WriteBacklog.notDryRunAction(a) && target.equals(a.target())
        && WriteBacklog.atOrAfter(a.at(), since)).size() + dbActionsSince(target, since));
  }

  private int dbActionsSince(String target, Instant since) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT count(*) FROM audit WHERE target = :target AND kind = 'action' AND result <> 'dry-run'"
                        + " AND at >= :since")
                .bind("target", target)
                .bind("since", since.toEpochMilli())
                .mapTo(Integer.class)
                .one());
  }

  @Override
  public List<Instant> processExits(String target, Instant since) {
    return consistent(() -> processExitsNow(target, since));
  }

  private List<Instant> processExitsNow(String target, Instant since) {
    List<AuditEntry> held = heldAudit(a -> AuditEntry.PROCESS_EXITED.equals(a.kind()) && target.equals(a.target())
        && WriteBacklog.atOrAfter(a.at(), since));
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
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT at FROM audit WHERE target = :target AND kind = :kind AND at >= :since ORDER BY at")
                .bind("target", target)
                .bind("kind", AuditEntry.PROCESS_EXITED)
                .bind("since", since.toEpochMilli())
                .map((rs, ctx) -> Instant.ofEpochMilli(rs.getLong(1)))
                .list());
  }

  @Override
  public List<Boolean> recentActionResults(int limit) {
    return consistent(() -> recentActionResultsNow(limit));
  }

  private List<Boolean> recentActionResultsNow(int limit) {
    List<Boolean> all = new ArrayList<>();
    heldAudit(a -> "attempt".equals(a.kind())).forEach(a -> all.add("ok".equals(a.result())));
    if (all.size() < limit) {
      all.addAll(dbRecentActionResults(limit - all.size()));
    }
    return all.subList(0, Math.min(limit, all.size()));
  }

  private List<Boolean> dbRecentActionResults(int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT result FROM audit WHERE kind = 'attempt' ORDER BY id DESC LIMIT :limit")
                .bind("limit", limit)
                .mapTo(String.class)
                .map("ok"::equals)
                .list());
  }

  // ---- approvals -------------------------------------------------------------------------

  @Override
  public Approval insertApproval(Approval raw) {
    Approval a = new Approval(raw.id(), raw.incidentId(), raw.target(), raw.strategy(), redact(raw.action()),
        raw.state(), raw.requestedAt(), raw.expiresAt(), raw.decidedAt(), raw.decidedBy(), raw.reason());
    synchronized (pending.lock()) {
      long[] id = {0};
      Optional<String> held = tryCommit(() -> id[0] = dbInsertApproval(a));
      if (held.isEmpty()) {
        lastApprovalId = Math.max(lastApprovalId, id[0]);
        return dbApproval(id[0]).orElseThrow();
      }
      Approval withId = new Approval(nextId("approvals", lastApprovalId), a.incidentId(), a.target(), a.strategy(),
          a.action(), a.state(), a.requestedAt(), a.expiresAt(), null, null, null);
      lastApprovalId = withId.id();
      hold(new PendingWrite.InsertApproval(withId), held.get());
      return withId;
    }
  }

  private long dbInsertApproval(Approval a) {
    String idColumn = a.id() > 0 ? "id, " : "";
    String idValue = a.id() > 0 ? ":id, " : "";
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO approvals (" + idColumn + "incident_id, target, strategy, action, state,"
                            + " requested_at, expires_at) VALUES (" + idValue + ":incident, :target, :strategy,"
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
  public Optional<Approval> approval(long id) {
    if (holding()) {
      synchronized (pending.lock()) {
        Approval held = pending.backlog().approvals().get(id);
        return pending.backlog().decided(held != null ? Optional.of(held) : dbApproval(id));
      }
    }
    return dbApproval(id);
  }

  private Optional<Approval> dbApproval(long id) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT * FROM approvals WHERE id = :id").bind("id", id)
            .map((rs, ctx) -> approvalOf(rs)).findOne());
  }

  @Override
  public Optional<Approval> pendingApproval(long incidentId, String strategy) {
    if (holding()) {
      synchronized (pending.lock()) {
        return approvals(Approval.State.PENDING, Integer.MAX_VALUE).stream()
            .filter(a -> a.incidentId() == incidentId && a.strategy().equals(strategy))
            .findFirst();
      }
    }
    return dbPendingApproval(incidentId, strategy);
  }

  private Optional<Approval> dbPendingApproval(long incidentId, String strategy) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT * FROM approvals WHERE incident_id = :incident AND strategy = :strategy"
                + " AND state = 'pending' ORDER BY id DESC LIMIT 1")
            .bind("incident", incidentId)
            .bind("strategy", strategy)
            .map((rs, ctx) -> approvalOf(rs)).findOne());
  }

  @Override
  public List<Approval> approvals(Approval.State state, int limit) {
    if (holding()) {
      synchronized (pending.lock()) {
        Map<Long, Approval> held = new java.util.LinkedHashMap<>();
        List<Approval> committed = dbApprovals(null, Integer.MAX_VALUE);
        committed.forEach(a -> pending.backlog().decided(Optional.of(a)).filter(d -> d != a).ifPresent(d -> held.put(d.id(), d)));
        pending.backlog().approvals().values().forEach(a -> held.put(a.id(), pending.backlog().decided(Optional.of(a)).orElseThrow()));
        return WriteBacklog.merge(committed, held, Approval::id, a -> state == null || a.state() == state, limit);
      }
    }
    return dbApprovals(state, limit);
  }

  private List<Approval> dbApprovals(Approval.State state, int limit) {
    String where = state == null ? "" : " WHERE state = :state";
    return jdbi.withHandle(
        h -> {
          var q = h.createQuery("SELECT * FROM approvals" + where + " ORDER BY id DESC LIMIT :limit");
          if (state != null) {
            q.bind("state", state.key());
          }
          return q.bind("limit", limit).map((rs, ctx) -> approvalOf(rs)).list();
        });
  }

  @Override
  public boolean decideApproval(long id, Approval.State state, Instant at, String by, String reason) {
    synchronized (pending.lock()) {
      if (holding()) {
        // Decided against what readers see, held decisions included: the first decision wins.
        if (!approval(id).map(Approval::pending).orElse(false)) {
          return false;
        }
        hold(new PendingWrite.DecideApproval(id, state, at, by, reason), pending.problem());
        return true;
      }
      boolean[] decided = {false};
      Optional<String> held = tryCommit(() -> decided[0] = dbDecideApproval(id, state, at, by, reason));
      if (held.isEmpty()) {
        return decided[0];
      }
      if (!dbApproval(id).map(Approval::pending).orElse(false)) {
        return false;
      }
      hold(new PendingWrite.DecideApproval(id, state, at, by, reason), held.get());
      return true;
    }
  }

  private boolean dbDecideApproval(long id, Approval.State state, Instant at, String by, String reason) {
    return jdbi.withHandle(
        h -> h.createUpdate("UPDATE approvals SET state = :state, decided_at = :at, decided_by = :by,"
                + " reason = :reason WHERE id = :id AND state = 'pending'")
            .bind("state", state.key())
            .bind("at", at.toEpochMilli())
            .bind("by", by)
            .bind("reason", reason)
            .bind("id", id)
            .execute()) == 1;
  }

  private static Approval approvalOf(ResultSet rs) throws SQLException {
    return new Approval(
        rs.getLong("id"),
        rs.getLong("incident_id"),
        rs.getString("target"),
        rs.getString("strategy"),
        rs.getString("action"),
        Approval.State.valueOf(rs.getString("state").toUpperCase(Locale.ROOT)),
        Instant.ofEpochMilli(rs.getLong("requested_at")),
        Instant.ofEpochMilli(rs.getLong("expires_at")),
        instantOrNull(rs, "decided_at"),
        rs.getString("decided_by"),
        rs.getString("reason"));
  }

  // ---- observations ----------------------------------------------------------------------

  @Override
  public void record(Observation o) {
    if (!queue.offer(o)) {
      // Losing samples beats blocking a check; incidents and audit never take this path.
      if (dropped.incrementAndGet() % 10_000 == 1) {
        log.warn("observation queue full: {} samples dropped so far", dropped.get());
      }
    }
  }

  @Override
  public void flush() {
    if (closed) {
      return; // the writer has ended: nobody would count the latch down
    }
    CountDownLatch done = new CountDownLatch(1);
    try {
      queue.put(done);
      LockSupport.unpark(writer);
      if (!done.await(30, TimeUnit.SECONDS)) {
        log.warn("observation flush did not finish within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void writeLoop() {
    List<Object> batch = new ArrayList<>(BATCH);
    while (!closed || !queue.isEmpty()) {
      try {
        // Asleep until there is something to write: an idle medic does not wake this thread.
        batch.add(queue.take());
        gather(batch);
        writeBatch(batch);
      } catch (InterruptedException e) {
        if (closed) {
          continue;
        }
      } catch (RuntimeException e) {
        if (Unwritable.reason(e).isPresent()) {
          // Samples are not held like incidents: the store problem is already loud (log, /health).
          dropped.addAndGet(batch.size());
        } else {
          log.error("writing {} observations failed: {}", batch.size(), e.toString());
        }
      } finally {
        for (Object o : batch) {
          if (o instanceof CountDownLatch latch) {
            latch.countDown();
          }
        }
        batch.clear();
      }
    }
  }

  /**
   * Fills the batch behind its first item: whatever is queued, then whatever arrives within {@link
   * #LINGER_NANOS}, up to {@link #BATCH} items. Checks spread over their interval arrive one by one;
   * without the linger each became its own transaction, and a SQLite transaction (connection, prepare,
   * commit) costs far more than a row. The writer sleeps through the linger instead of waiting on the
   * queue, so producers do not wake it once per observation; {@link #flush} wakes it at once, and an
   * interrupt (close) ends the wait without losing what was gathered.
   */
  private void gather(List<Object> batch) {
    long deadline = System.nanoTime() + LINGER_NANOS;
    int seen = 0;
    while (true) {
      queue.drainTo(batch, BATCH - batch.size());
      for (; seen < batch.size(); seen++) {
        if (batch.get(seen) instanceof CountDownLatch) {
          return;
        }
      }
      long left = deadline - System.nanoTime();
      if (batch.size() >= BATCH || left <= 0 || closed || Thread.currentThread().isInterrupted()) {
        return;
      }
      LockSupport.parkNanos(this, left);
    }
  }

  private void writeBatch(List<Object> batch) {
    if (batch.stream().noneMatch(Observation.class::isInstance)) {
      return;
    }
    jdbi.useTransaction(
        h -> {
          PreparedBatch b =
              h.prepareBatch(
                  "INSERT INTO observations (at, target, check_name, status, latency_ms, condition,"
                      + " message, metrics) VALUES (:at, :target, :check, :status, :latency,"
                      + " :condition, :message, :metrics)");
          for (Object item : batch) {
            if (item instanceof Observation o) {
              b.bind("at", o.at().toEpochMilli())
                  .bind("target", o.target())
                  .bind("check", o.check())
                  .bind("status", o.status().name())
                  .bind("latency", o.latency() == null ? null : o.latencyMillis())
                  .bind("condition", o.condition())
                  .bind("message", redact(o.message()))
                  .bind("metrics", o.metrics().isEmpty() ? "{}" : toJson(o.metrics()))
                  .add();
            }
          }
          b.execute();
        });
  }

  @Override
  public List<Observation> observations(String target, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT * FROM observations WHERE target = :target ORDER BY at DESC LIMIT :limit")
                .bind("target", target)
                .bind("limit", limit)
                .map(
                    (rs, ctx) -> {
                      double latency = rs.getDouble("latency_ms");
                      Duration d = rs.wasNull() ? null : Duration.ofNanos((long) (latency * 1e6));
                      return new Observation(
                          Instant.ofEpochMilli(rs.getLong("at")),
                          rs.getString("target"),
                          rs.getString("check_name"),
                          Status.valueOf(rs.getString("status")),
                          d,
                          metricsOf(rs.getString("metrics")),
                          rs.getString("condition"),
                          rs.getString("message"));
                    })
                .list());
  }

  @Override
  public int pruneObservations(Instant before) {
    return jdbi.withHandle(
        h ->
            h.createUpdate("DELETE FROM observations WHERE at < :before")
                .bind("before", before.toEpochMilli())
                .execute());
  }

  public long droppedObservations() {
    return dropped.get();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    flush();
    pending.close();
    closed = true;
    writer.interrupt();
    try {
      writer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    dataSource.close();
  }

  // ---- json helpers ----------------------------------------------------------------------

  private static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> fromJson(String json) {
    try {
      return json == null ? List.of() : JSON.readValue(json, new TypeReference<List<String>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt strategies_tried: " + json, e);
    }
  }

  private static Map<String, Double> metricsOf(String json) {
    try {
      return json == null ? Map.of() : JSON.readValue(json, new TypeReference<Map<String, Double>>() {});
    } catch (JsonProcessingException e) {
      return Map.of();
    }
  }
}
