package dev.medic.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.medic.config.Redactor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * The embedded default store: one SQLite file in WAL mode, schema by Flyway migrations. Owns the
 * connection pool and the write path that every port shares ({@link SqliteWrites}); each port is a
 * class of its own over its tables.
 *
 * <p>A full disk (or an I/O error, or a read-only file) must not stop detection and healing: the
 * synchronous writes that fail for that reason are held in order in memory, readers see them as if
 * committed, and a catch-up thread writes them, in order, once the store accepts writes again.
 */
public final class SqliteStore implements Store {

  /** How often the store is tried again while it cannot write. */
  private static final long RETRY_MILLIS = 1000;

  private final HikariDataSource dataSource;
  private final HeldWrites held;
  private final SqliteWrites writes;
  private final SqliteIncidents incidents;
  private final SqliteAuditLog audit;
  private final SqliteLedger ledger;
  private final SqliteApprovals approvals;
  private final SqliteObservations observations;
  private final SqliteOutbox outbox;
  private final SqliteAgentState agentState;
  private final SqliteIncidentLinks links;
  private final SqliteSilences silences;
  private final SqliteApiTokens apiTokens;
  private final SqliteAlertOverrides alertOverrides;
  private final SqliteHistory history;
  private final SqliteAnalyses analyses;
  private volatile boolean closed;

  /** Opens (creating if needed) the database file and brings its schema up to date. */
  public static SqliteStore open(Path file) {
    return new SqliteStore(file, Redactor::none);
  }

  /**
   * @param secrets what to hide in every text written (incident messages, timeline, audit, ledger,
   *     approvals, observation messages): the audit is append-only, so a secret written there could
   *     never be taken back
   */
  public static SqliteStore open(Path file, Supplier<Redactor> secrets) {
    return new SqliteStore(file, secrets);
  }

  private SqliteStore(Path file, Supplier<Redactor> secrets) {
    this.dataSource = connect(file);
    try {
      Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/sqlite").load().migrate();
      Jdbi jdbi = Jdbi.create(dataSource);
      ChainedAudit chain = new ChainedAudit(jdbi);
      chain.chainLegacyRows();
      this.held = new HeldWrites(this::apply, RETRY_MILLIS);
      this.writes = new SqliteWrites(jdbi, held, List.of(SqliteIncidents.TABLE, SqliteApprovals.TABLE,
          SqliteAuditLog.TABLE, SqliteLedger.TABLE, SqliteAnalyses.TABLE));
      this.incidents = new SqliteIncidents(jdbi, writes, secrets);
      this.audit = new SqliteAuditLog(jdbi, writes, chain, secrets);
      this.ledger = new SqliteLedger(jdbi, writes, secrets);
      this.approvals = new SqliteApprovals(jdbi, writes, secrets);
      this.outbox = new SqliteOutbox(jdbi);
      this.silences = new SqliteSilences(jdbi);
      this.apiTokens = new SqliteApiTokens(jdbi);
      this.observations = new SqliteObservations(jdbi, secrets);
      this.agentState = new SqliteAgentState(jdbi);
      this.links = new SqliteIncidentLinks(jdbi, writes);
      this.alertOverrides = new SqliteAlertOverrides(jdbi);
      this.history = new SqliteHistory(jdbi);
      this.analyses = new SqliteAnalyses(jdbi, writes, secrets);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  private static HikariDataSource connect(Path file) {
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
    return new HikariDataSource(hc);
  }

  /** Writes one held write, as the port that made it would have. */
  private void apply(PendingWrite write) {
    switch (write) {
      case PendingWrite.InsertIncident w -> incidents.dbInsert(w.incident());
      case PendingWrite.UpdateIncident w -> incidents.dbUpdate(w.incident());
      case PendingWrite.AppendTimeline w -> incidents.dbAppendTimeline(w.event());
      case PendingWrite.Audit w -> audit.dbAppend(w.entry());
      case PendingWrite.InsertApproval w -> approvals.dbInsert(w.approval());
      case PendingWrite.DecideApproval w -> approvals.dbDecide(w.id(), w.state(), w.at(), w.by(), w.reason());
      case PendingWrite.BeginAttempt w -> ledger.dbBegin(w.attempt());
      case PendingWrite.FinishAttempt w -> ledger.dbFinish(w.attempt().id(), w.result(), w.detail(), w.at());
      case PendingWrite.VerifyAttempt w -> ledger.dbVerified(w.attempt().id(), w.healed());
      case PendingWrite.Link w -> links.dbLink(w.link());
      case PendingWrite.Unlink w -> links.dbUnlink(w.symptomId(), w.at());
      case PendingWrite.InsertAnalysis w -> analyses.dbInsert(w.analysis());
    }
  }

  @Override
  public Incidents incidents() {
    return incidents;
  }

  @Override
  public AuditLog audit() {
    return audit;
  }

  @Override
  public HealingLedger ledger() {
    return ledger;
  }

  @Override
  public Approvals approvals() {
    return approvals;
  }

  @Override
  public Silences silences() {
    return silences;
  }

  @Override
  public ApiTokens apiTokens() {
    return apiTokens;
  }

  @Override
  public Observations observations() {
    return observations;
  }

  @Override
  public History history() {
    return history;
  }

  @Override
  public Outbox outbox() {
    return outbox;
  }

  @Override
  public AgentState agentState() {
    return agentState;
  }

  @Override
  public IncidentLinks links() {
    return links;
  }

  @Override
  public AlertOverrides alertOverrides() {
    return alertOverrides;
  }

  @Override
  public Analyses analyses() {
    return analyses;
  }

  @Override
  public <T> T inTransaction(Function<Store, T> work) {
    return writes.inTransaction(() -> work.apply(this));
  }

  @Override
  public Optional<String> problem() {
    String writing = held.problem();
    AuditVerification check = audit.lastVerification();
    List<String> problems = new ArrayList<>();
    if (writing != null) {
      problems.add("store cannot write since " + held.since() + " (" + writing + "); " + held.size()
          + " writes held in memory");
    }
    if (check != null && !check.ok()) {
      problems.add(check.summary());
    }
    return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
  }

  @Override
  public boolean writable() {
    return held.problem() == null;
  }

  @Override
  public int backlog() {
    return held.size();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    observations.close();
    held.close();
    dataSource.close();
  }
}
