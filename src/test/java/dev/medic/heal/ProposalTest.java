package dev.medic.heal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.analyze.Investigation;
import dev.medic.config.ConfigLoader;
import dev.medic.config.MedicConfig;
import dev.medic.incident.IncidentBook;
import dev.medic.incident.IncidentEvent;
import dev.medic.runtime.Plugins;
import dev.medic.spi.Bindings;
import dev.medic.spi.Incident;
import dev.medic.spi.IncidentState;
import dev.medic.spi.Severity;
import dev.medic.store.Approval;
import dev.medic.store.AuditEntry;
import dev.medic.store.SqliteStore;
import dev.medic.support.SettableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remedies proposed for an incident (by a person, an assistant or an analyst): only strategies the
 * target allows, only what the Guard allows now, and never without a person's approval.
 */
class ProposalTest {

  @TempDir Path dir;
  private final SettableClock clock = new SettableClock(Instant.parse("2026-11-01T10:00:00Z"));
  private SqliteStore store;
  private IncidentBook book;
  private ApprovalDesk desk;
  private final AtomicInteger verified = new AtomicInteger();
  private final List<IncidentEvent> events = new CopyOnWriteArrayList<>();
  private Path restarted;

  @BeforeEach
  void open() {
    store = SqliteStore.open(dir.resolve("medic.db"));
    book = new IncidentBook(store, clock);
    book.events().subscribe("test", events::add);
    desk = new ApprovalDesk(store, clock);
    restarted = dir.resolve("restarted");
  }

  @AfterEach
  void close() throws Exception {
    store.close();
  }

  private Healer healer(String mode) throws Exception {
    MedicConfig cfg = new ConfigLoader(Plugins.registry()).parse("medic.yaml", """
        agent: { mode: %s }
        targets:
          - name: api
            checks: [{type: http, url: "http://127.0.0.1:1/health"}]
          - name: db
            checks: [{type: tcp, host: 127.0.0.1, port: 1}]
        strategies:
          - name: restart_api
            conditions: [http_error]
            action: { type: command, command: ["/usr/bin/touch", "%s"] }
            max_attempts: 1
            cooldown: 10m
            destructive: true
          - name: flush_db
            targets: [db]
            conditions: [tcp_unreachable]
            action: { type: command, command: ["/bin/true"] }
        """.formatted(mode, restarted));
    Verifier verifier = (incident, actedAt, timeout) -> {
      verified.incrementAndGet();
      return new Verifier.Result(Files.exists(restarted), 0, "condition cleared and every check healthy");
    };
    return new Healer(() -> cfg, book,
        new Guard(store.ledger(), new CircuitBreaker(cfg.agent().breaker(), clock), clock),
        new ActionRunner(book, store, verifier, Bindings.none(), clock, (target, strategy, result) -> {}), desk);
  }

  private List<String> audit(long incidentId) {
    return store.audit().list(incidentId, 100).reversed().stream()
        .map(a -> a.kind() + ":" + (a.strategy() == null ? "" : a.strategy()) + ":" + a.result()).toList();
  }

  private AuditEntry lastProposal(long incidentId) {
    return store.audit().list(incidentId, 100).stream().filter(a -> a.kind().equals("proposal")).findFirst().orElseThrow();
  }

  @Test
  void aStrategyTheTargetDoesNotAllowIsRefusedAndAudited() throws Exception {
    Incident incident = book.raise("api", "http_error", Severity.CRITICAL, "status 500").orElseThrow();

    Investigation.Proposal p = healer("heal").propose(incident.id(), "flush_db", "alice via mcp", "flush it");

    assertThat(p.accepted()).isFalse();
    assertThat(p.approvalId()).isNull();
    assertThat(p.reason()).isEqualTo("strategy 'flush_db' is not one target api allows; allowed: [restart_api]");
    assertThat(lastProposal(incident.id())).satisfies(a -> {
      assertThat(a.result()).isEqualTo("refused");
      assertThat(a.detail()).isEqualTo("proposed by alice via mcp: flush_db (flush it); refused: " + p.reason());
    });
    assertThat(store.approvals().list(null, 10)).isEmpty();
  }

  @Test
  void inObserveModeEveryProposalIsRefused() throws Exception {
    Incident incident = book.raise("api", "http_error", Severity.CRITICAL, "status 500").orElseThrow();

    Investigation.Proposal p = healer("observe").propose(incident.id(), "restart_api", "analyst llm", "api hangs");

    assertThat(p.accepted()).isFalse();
    assertThat(p.reason()).isEqualTo("mode observe: medic only records");
    assertThat(lastProposal(incident.id()).result()).isEqualTo("refused");
    assertThat(store.approvals().list(null, 10)).isEmpty();
  }

  @Test
  void aClosedIncidentTakesNoProposal() throws Exception {
    Incident incident = book.raise("api", "http_error", Severity.CRITICAL, "status 500").orElseThrow();
    book.resolve(incident, "came back");

    assertThat(healer("heal").propose(incident.id(), "restart_api", "alice", "").reason())
        .isEqualTo("incident #" + incident.id() + " is not open");
  }

  @Test
  void anApprovedProposalOnAnEscalatedIncidentRunsTheActionAndVerifiesIt() throws Exception {
    Incident incident = book.raise("api", "http_error", Severity.CRITICAL, "status 500").orElseThrow();
    book.escalate(incident.id(), "ladder exhausted");
    Healer healer = healer("heal");

    Investigation.Proposal p = healer.propose(incident.id(), "restart_api", "alice via mcp", "api hangs on a lock");

    assertThat(p.accepted()).isTrue();
    assertThat(p.reason()).startsWith("approval #" + p.approvalId() + " requested: restart_api would run command"
        + " /usr/bin/touch " + restarted);
    assertThat(store.incidents().get(incident.id()).orElseThrow().state()).isEqualTo(IncidentState.AWAITING_APPROVAL);
    await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch(e ->
        e instanceof IncidentEvent.ApprovalRequested a && a.approvalId() == p.approvalId()
            && a.detail().startsWith("proposed by alice via mcp: restart_api (api hangs on a lock)")));
    assertThat(Files.exists(restarted)).as("nothing runs before a person approves").isFalse();

    desk.decide(p.approvalId(), true, "bob", "go ahead");

    await().atMost(Duration.ofSeconds(10)).until(() -> store.incidents().get(incident.id()).orElseThrow().state()
        == IncidentState.RESOLVED && audit(incident.id()).contains("proposal:restart_api:healed"));
    assertThat(Files.exists(restarted)).isTrue();
    assertThat(verified).hasValue(1);
    assertThat(audit(incident.id())).containsSubsequence("proposal:restart_api:pending",
        "approval:restart_api:approved", "intent:restart_api:started", "action:restart_api:ok",
        "verify:restart_api:ok", "proposal:restart_api:healed");
  }

  @Test
  void aProposalStillWaitingWhenMedicRestartsRunsOnceApprovedAfterTheRestart() throws Exception {
    Incident incident = book.raise("api", "http_error", Severity.CRITICAL, "status 500").orElseThrow();
    book.escalate(incident.id(), "ladder exhausted");
    Healer before = healer("heal");
    Investigation.Proposal p = before.propose(incident.id(), "restart_api", "alice via mcp", "api hangs");
    before.stop(Duration.ofSeconds(5));

    Healer after = healer("heal");
    after.recoverInterrupted();
    desk.decide(p.approvalId(), true, "bob", "go ahead");

    await().atMost(Duration.ofSeconds(10)).until(() -> audit(incident.id()).contains("proposal:restart_api:healed"));
    assertThat(Files.exists(restarted)).isTrue();
    assertThat(store.audit().list(incident.id(), 100)).anySatisfy(a -> {
      assertThat(a.kind()).isEqualTo("approval");
      assertThat(a.detail()).endsWith("(proposed by alice via mcp)");
    });
  }

  @Test
  void aProposalWhoseIncidentClosedWhileMedicWasDownIsWithdrawnAtStart() throws Exception {
    Incident incident = book.raise("api", "http_error", Severity.CRITICAL, "status 500").orElseThrow();
    Healer before = healer("heal");
    Investigation.Proposal p = before.propose(incident.id(), "restart_api", "alice via mcp", "api hangs");
    before.stop(Duration.ofSeconds(5));
    book.resolve(store.incidents().get(incident.id()).orElseThrow(), "came back");

    healer("heal").recoverInterrupted();

    assertThat(store.approvals().get(p.approvalId()).orElseThrow().state()).isEqualTo(Approval.State.EXPIRED);
  }

  @Test
  void anEscalatedIncidentStaysEscalatedWhenItsProposalIsRejected() throws Exception {
    Incident incident = book.raise("api", "http_error", Severity.CRITICAL, "status 500").orElseThrow();
    book.escalate(incident.id(), "ladder exhausted");
    Investigation.Proposal p = healer("heal").propose(incident.id(), "restart_api", "alice via mcp", "api hangs");
    assertThat(store.incidents().get(incident.id()).orElseThrow().state()).isEqualTo(IncidentState.AWAITING_APPROVAL);

    desk.decide(p.approvalId(), false, "bob", "not now");

    await().atMost(Duration.ofSeconds(10)).until(() -> audit(incident.id()).contains("approval:restart_api:rejected")
        && store.incidents().get(incident.id()).orElseThrow().state() == IncidentState.ESCALATED);
    assertThat(Files.exists(restarted)).isFalse();
  }

  @Test
  void whenTheLadderReachesTheRemedyAProposalAwaitsTheApprovedActionRunsOnce() throws Exception {
    Incident incident = book.raise("api", "http_error", Severity.CRITICAL, "status 500").orElseThrow();
    Healer healer = healer("heal");
    Investigation.Proposal p = healer.propose(incident.id(), "restart_api", "alice via mcp", "api hangs");
    healer.take(incident);
    await().atMost(Duration.ofSeconds(5)).until(() -> audit(incident.id()).contains("approval:restart_api:pending"));

    desk.decide(p.approvalId(), true, "bob", "go ahead");

    await().atMost(Duration.ofSeconds(10)).until(() -> store.incidents().get(incident.id()).orElseThrow().state()
        == IncidentState.RESOLVED && !healer.busy());
    assertThat(audit(incident.id()).stream().filter(a -> a.equals("action:restart_api:ok")))
        .as("one decision, one action").hasSize(1);
    assertThat(store.approvals().list(null, 10)).as("nobody is asked twice").hasSize(1);
  }

  @Test
  void whenTheLadderWaitsOnAProposalsApprovalARejectionEscalates() throws Exception {
    Incident incident = book.raise("api", "http_error", Severity.CRITICAL, "status 500").orElseThrow();
    Healer healer = healer("heal");
    Investigation.Proposal p = healer.propose(incident.id(), "restart_api", "alice via mcp", "api hangs");
    healer.take(incident);
    await().atMost(Duration.ofSeconds(5)).until(() -> audit(incident.id()).contains("approval:restart_api:pending"));

    desk.decide(p.approvalId(), false, "bob", "not now");

    await().atMost(Duration.ofSeconds(10)).until(() -> store.incidents().get(incident.id()).orElseThrow().escalated()
        && !healer.busy());
    assertThat(Files.exists(restarted)).isFalse();
    assertThat(store.approvals().list(null, 10)).as("nobody is asked again").hasSize(1);
  }

  @Test
  void aRejectedProposalRunsNothing() throws Exception {
    Incident incident = book.raise("api", "http_error", Severity.CRITICAL, "status 500").orElseThrow();
    Healer healer = healer("heal");
    Investigation.Proposal p = healer.propose(incident.id(), "restart_api", "analyst llm", "api hangs");

    desk.decide(p.approvalId(), false, "bob", "not during the release");

    await().atMost(Duration.ofSeconds(10)).until(() -> audit(incident.id()).contains("approval:restart_api:rejected"));
    assertThat(Files.exists(restarted)).isFalse();
    assertThat(verified).hasValue(0);
    assertThat(audit(incident.id())).doesNotContain("action:restart_api:ok", "intent:restart_api:started");
    assertThat(store.incidents().get(incident.id()).orElseThrow().state()).isEqualTo(IncidentState.OPEN);
  }

  @Test
  void aProposalInsideTheStrategysCooldownSaysUntilWhen() throws Exception {
    Incident incident = book.raise("api", "http_error", Severity.CRITICAL, "status 500").orElseThrow();
    var ran = store.ledger().begin(incident.id(), "api", "restart_api", "command", clock.instant());
    store.ledger().finish(ran, dev.medic.store.AttemptResult.OK, "done", clock.instant());
    clock.advance(Duration.ofMinutes(4));

    Investigation.Proposal p = healer("heal").propose(incident.id(), "restart_api", "alice", "again");

    assertThat(p.accepted()).isFalse();
    assertThat(p.reason()).startsWith("cooldown: restart_api ran on api at 2026-11-01T10:00:00Z")
        .endsWith("; not before 2026-11-01T10:10:00Z");
  }

  @Test
  void aSecondProposalOfTheSameRemedyJoinsTheFirstAndTheActionRunsOnce() throws Exception {
    Incident incident = book.raise("api", "http_error", Severity.CRITICAL, "status 500").orElseThrow();
    Healer healer = healer("heal");
    Investigation.Proposal first = healer.propose(incident.id(), "restart_api", "alice via mcp", "api hangs");
    Investigation.Proposal second = healer.propose(incident.id(), "restart_api", "analyst llm", "api hangs");

    assertThat(second.accepted()).isTrue();
    assertThat(second.approvalId()).isEqualTo(first.approvalId());
    assertThat(second.reason()).startsWith("approval #" + first.approvalId() + " was already requested");
    desk.decide(first.approvalId(), true, "bob", null);

    await().atMost(Duration.ofSeconds(10)).until(() -> audit(incident.id()).contains("proposal:restart_api:healed"));
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
        .until(() -> audit(incident.id()).stream().filter(a -> a.startsWith("intent:")).count() == 1);
    assertThat(verified).hasValue(1);
  }
}
