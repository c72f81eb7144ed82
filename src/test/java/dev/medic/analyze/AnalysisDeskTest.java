package dev.medic.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medic.config.EscalationConfig;
import dev.medic.config.Redactor;
import dev.medic.incident.IncidentBook;
import dev.medic.spi.Analysis;
import dev.medic.spi.AnalystContext;
import dev.medic.spi.AnalystSpec;
import dev.medic.spi.Incident;
import dev.medic.spi.IncidentBundle;
import dev.medic.spi.IncidentState;
import dev.medic.spi.Severity;
import dev.medic.spi.TimelineEvent;
import dev.medic.spi.Verdict;
import dev.medic.store.AuditEntry;
import dev.medic.store.SqliteStore;
import dev.medic.support.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analysis desk on a real SQLite store and incident book: limits, timeouts, records, proposals, hand-offs. */
class AnalysisDeskTest {

  @TempDir Path dir;

  private final SettableClock clock = new SettableClock(Instant.parse("2026-11-01T10:00:00Z"));
  private SqliteStore store;
  private IncidentBook book;
  private Incident incident;
  private final List<String> proposals = new CopyOnWriteArrayList<>();
  private final AtomicReference<Optional<String>> refusal = new AtomicReference<>(Optional.empty());
  private final AtomicReference<AfterAction.Result> after =
      new AtomicReference<>(new AfterAction.Result(false, "db still refuses connections"));

  /** An analyst whose answer the test writes. */
  record Scripted(String name, int perHour, Duration timeout, boolean mayAct, boolean proposes, Answer answer)
      implements AnalystSpec {
    @Override
    public Analysis analyze(AnalystContext context, IncidentBundle bundle) throws InterruptedException {
      return answer.give(context, bundle);
    }
  }

  @FunctionalInterface
  interface Answer {
    Analysis give(AnalystContext context, IncidentBundle bundle) throws InterruptedException;
  }

  @BeforeEach
  void open() {
    store = SqliteStore.open(dir.resolve("medic.db"));
    book = new IncidentBook(store, clock);
    incident = book.raise("api", "http_error", Severity.CRITICAL, "status 500").orElseThrow();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private AnalysisDesk desk(AnalystSpec... analysts) {
    EscalationConfig cfg = new EscalationConfig(true, List.of(), null, null, null, List.of(analysts));
    BundleSource bundles = id -> store.incidents().get(id).map(i -> new IncidentBundle(IncidentBundle.VERSION,
        clock.instant(), i, null, null, List.of("ERROR connection refused to db:5432"), null, null, null, null, null,
        null));
    Proposer proposer = (id, strategy, by, why) -> {
      proposals.add(id + " " + strategy + " by " + by + ": " + why);
      return strategy.equals("restart_api") ? Investigation.Proposal.awaitingApproval(41, "approval #41 requested")
          : Investigation.Proposal.refused("strategy " + strategy + " is not allowed for api");
    };
    return new AnalysisDesk(bundles, this::rules, () -> cfg, book, store, proposer,
        AfterAction.of((i, at) -> after.get(), i -> refusal.get()),
        b -> "{\"incident\":" + b.incident().id() + "}", b -> "# incident " + b.incident().id(),
        new Redactor(List.of("hunter2"))::redact, clock, Duration.ofMillis(100));
  }

  private Analysis rules(IncidentBundle bundle) {
    return new Analysis(0, bundle.incident().id(), "rules", clock.instant(), Verdict.ERRORS_INVESTIGATE, "db",
        "tcp_unreachable", 7L, "api fails because db is unreachable", 0.8, List.of("api depends_on db"), List.of(),
        List.of(), null, null, null);
  }

  private Analysis llmSays(IncidentBundle bundle, List<String> suggested, List<Analysis.Refusal> refused) {
    return new Analysis(0, bundle.incident().id(), "llm", clock.instant(), Verdict.ERRORS_INVESTIGATE, "db", null,
        null, "db down; password hunter2 was rejected", 0.7, List.of("log: auth hunter2 failed"), suggested, refused,
        new Analysis.Usage("llama3.1", 1200, 300, 0.002, 1500), null, null);
  }

  private List<AuditEntry> audit() {
    return store.audit().list(incident.id(), 100).reversed();
  }

  private List<TimelineEvent> timeline() {
    return store.incidents().timeline(incident.id());
  }

  @Test
  void theRuleAnalysisIsStoredAuditedAndNotedOnTheTimeline() throws Exception {
    List<Analysis> made = desk().analyze(incident.id(), List.of(), "escalation step on escalated");

    assertThat(made).singleElement().satisfies(a -> {
      assertThat(a.id()).isPositive();
      assertThat(a.rootTarget()).isEqualTo("db");
    });
    assertThat(desk().of(incident.id())).isEqualTo(made);
    assertThat(audit()).filteredOn(a -> a.kind().equals("analysis")).singleElement().satisfies(a -> {
      assertThat(a.strategy()).isEqualTo("rules");
      assertThat(a.result()).isEqualTo("ERRORS_INVESTIGATE");
      assertThat(a.detail()).isEqualTo("verdict ERRORS_INVESTIGATE, root db tcp_unreachable (#7), confidence 0.80;"
          + " why: escalation step on escalated");
    });
    assertThat(timeline()).filteredOn(e -> e.event().equals("analysis")).singleElement()
        .satisfies(e -> assertThat(e.detail()).isEqualTo(made.getFirst().line()));
  }

  @Test
  void anUnknownAnalystIsRefusedNamingTheKnownOnes() {
    Scripted llm = new Scripted("llm", 10, Duration.ofSeconds(5), false, false, (c, b) -> llmSays(b, List.of(), List.of()));
    assertThatThrownBy(() -> desk(llm).analyze(incident.id(), List.of("rules", "gpt"), "alice via API"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown analyst 'gpt'; expected one of [rules, llm]");
    assertThat(store.analyses().forIncident(incident.id())).as("nothing ran").isEmpty();
  }

  @Test
  void anUnknownIncidentIsAClearError() {
    assertThatThrownBy(() -> desk().analyze(999, List.of(), "alice via API"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("no incident 999");
  }

  @Test
  void anAnalystOverItsHourlyLimitIsNotCalledAndSaysWhy() throws Exception {
    List<String> calls = new CopyOnWriteArrayList<>();
    Scripted llm = new Scripted("llm", 2, Duration.ofSeconds(5), false, false, (c, b) -> {
      calls.add(c.bundleJson());
      return llmSays(b, List.of(), List.of());
    });
    AnalysisDesk desk = desk(llm);
    desk.analyze(incident.id(), List.of("llm"), "step 1");
    clock.advance(Duration.ofMinutes(30));
    desk.analyze(incident.id(), List.of("llm"), "step 2");
    clock.advance(Duration.ofMinutes(29));

    assertThat(desk.analyze(incident.id(), List.of("llm"), "step 3")).isEmpty();
    assertThat(calls).hasSize(2).allSatisfy(json -> assertThat(json).isEqualTo("{\"incident\":" + incident.id() + "}"));
    assertThat(timeline()).filteredOn(e -> e.event().equals("analysis_skipped")).singleElement()
        .satisfies(e -> assertThat(e.detail()).isEqualTo("llm skipped: 2 analyses in the last hour (per_hour 2)"));
    assertThat(audit()).filteredOn(a -> a.result().equals("skipped")).singleElement()
        .satisfies(a -> assertThat(a.detail()).startsWith("llm skipped: 2 analyses"));

    clock.advance(Duration.ofMinutes(2));
    assertThat(desk.analyze(incident.id(), List.of("llm"), "step 4")).as("the first fell out of the hour").hasSize(1);
  }

  @Test
  void aSlowAnalystIsInterruptedAndRecordedAsTimedOut() throws Exception {
    AtomicReference<Boolean> interrupted = new AtomicReference<>(false);
    Scripted slow = new Scripted("llm", 10, Duration.ofMillis(200), false, false, (c, b) -> {
      try {
        Thread.sleep(Duration.ofMinutes(1));
      } catch (InterruptedException e) {
        interrupted.set(true);
        throw e;
      }
      return llmSays(b, List.of(), List.of());
    });
    long start = System.nanoTime();
    List<Analysis> made = desk(slow).analyze(incident.id(), List.of("llm"), "alice via API");

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(made).singleElement().satisfies(a -> {
      assertThat(a.failed()).isTrue();
      assertThat(a.error()).isEqualTo("timed out after 200ms");
      assertThat(a.verdict()).isEqualTo(Verdict.SUSPICIOUS_INVESTIGATE);
    });
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(interrupted::get);
    assertThat(store.analyses().forIncident(incident.id())).singleElement().satisfies(a -> assertThat(a.failed()).isTrue());
    assertThat(audit()).filteredOn(a -> a.kind().equals("analysis")).singleElement()
        .satisfies(a -> assertThat(a.result()).isEqualTo("failed"));
  }

  @Test
  void anAnalystThatThrowsLeavesAFailedAnalysisWithItsMessage() throws Exception {
    Scripted broken = new Scripted("llm", 10, Duration.ofSeconds(5), false, false, (c, b) -> {
      throw new IllegalStateException("connection refused: 127.0.0.1:11434");
    });
    assertThat(desk(broken).analyze(incident.id(), List.of("llm"), "alice via API")).singleElement()
        .satisfies(a -> assertThat(a.error()).isEqualTo("connection refused: 127.0.0.1:11434"));
    assertThat(store.analyses().forIncident(incident.id())).hasSize(1);
  }

  @Test
  void everyTextIsRedactedAndEveryRefusedSuggestionAuditedWithCostAndTokens() throws Exception {
    Scripted llm = new Scripted("llm", 10, Duration.ofSeconds(5), false, false, (c, b) -> llmSays(b, List.of("restart_api"),
        List.of(new Analysis.Refusal("flushall", "not a strategy api allows"))));
    desk(llm).analyze(incident.id(), List.of("llm"), "alice via API");

    Analysis stored = store.analyses().forIncident(incident.id()).getFirst();
    assertThat(stored.toString()).doesNotContain("hunter2");
    assertThat(stored.summary()).isEqualTo("db down; password *** was rejected");
    assertThat(audit()).filteredOn(a -> a.kind().equals("suggestion_refused")).singleElement().satisfies(a -> {
      assertThat(a.strategy()).isEqualTo("flushall");
      assertThat(a.detail()).isEqualTo("llm suggested flushall: not a strategy api allows");
    });
    assertThat(audit()).filteredOn(a -> a.kind().equals("analysis")).singleElement()
        .satisfies(a -> assertThat(a.detail()).contains("tokens 1200 in / 300 out, cost $0.0020, latency 1500 ms,"
            + " model llama3.1"));
    assertThat(proposals).as("an analyst that does not propose only advises").isEmpty();
  }

  @Test
  void aProposingAnalystsSuggestionsGoToTheProposerAndTheResultIsAudited() throws Exception {
    Scripted llm = new Scripted("llm", 10, Duration.ofSeconds(5), false, true,
        (c, b) -> llmSays(b, List.of("restart_api", "restart_db"), List.of()));
    desk(llm).analyze(incident.id(), List.of("llm"), "escalation step on escalated");

    assertThat(proposals).containsExactly(
        incident.id() + " restart_api by analyst llm: db down; password *** was rejected",
        incident.id() + " restart_db by analyst llm: db down; password *** was rejected");
    assertThat(audit()).filteredOn(a -> a.kind().equals("proposal")).extracting(a -> a.strategy() + ":" + a.result())
        .containsExactly("restart_api:awaiting_approval", "restart_db:refused");
  }

  @Test
  void anAgentHandOffIsOnRecordBeforeItRunsAndResolvesTheIncidentWhenTheTargetIsHealthyAfter() throws Exception {
    AtomicReference<List<String>> seenWhileRunning = new AtomicReference<>();
    Scripted agent = new Scripted("claude-code", 10, Duration.ofSeconds(5), true, false, (c, b) -> {
      seenWhileRunning.set(store.audit().list(b.incident().id(), 10).stream().map(a -> a.kind() + ":" + a.result())
          .toList());
      return new Analysis(0, b.incident().id(), "claude-code", clock.instant(), Verdict.ERRORS_INVESTIGATE, "db", null,
          null, "restarted the db container", 0.6, List.of(), List.of(), List.of(), null, "docker restart db\nok", null);
    });
    after.set(new AfterAction.Result(true, "condition cleared and every check healthy"));

    desk(agent).analyze(incident.id(), List.of("claude-code"), "escalation step on escalated");

    assertThat(seenWhileRunning.get()).contains("intent:started");
    assertThat(audit()).extracting(a -> a.kind() + ":" + a.strategy() + ":" + a.result())
        .containsSubsequence("intent:claude-code:started", "action:claude-code:ok", "verify:claude-code:ok");
    Incident resolved = store.incidents().get(incident.id()).orElseThrow();
    assertThat(resolved.state()).isEqualTo(IncidentState.RESOLVED);
    assertThat(resolved.resolutionDetails()).startsWith("resolved after agent hand-off claude-code");
    assertThat(store.analyses().forIncident(incident.id())).singleElement()
        .satisfies(a -> assertThat(a.output()).isEqualTo("docker restart db\nok"));
  }

  @Test
  void anAgentHandOffThatLeavesTheTargetFailingKeepsTheIncidentOpen() throws Exception {
    Scripted agent = new Scripted("claude-code", 10, Duration.ofSeconds(5), true, false,
        (c, b) -> Analysis.failed(b.incident().id(), "claude-code", clock.instant(), "exit 2", null));
    desk(agent).analyze(incident.id(), List.of("claude-code"), "escalation step on escalated");

    assertThat(audit()).extracting(a -> a.kind() + ":" + a.result())
        .containsSubsequence("intent:started", "action:failed", "verify:failed");
    assertThat(book.openIncident(incident.id())).map(Incident::isOpen).isEqualTo(Optional.of(true));
    assertThat(timeline()).filteredOn(e -> e.event().equals("verify")).singleElement()
        .satisfies(e -> assertThat(e.detail()).isEqualTo("not healthy after hand-off to claude-code: db still refuses connections"));
  }

  @Test
  void anAgentThatMayActIsNotRunWhenMedicMayNotAct() throws Exception {
    List<String> ran = new CopyOnWriteArrayList<>();
    Scripted agent = new Scripted("claude-code", 10, Duration.ofSeconds(5), true, false, (c, b) -> {
      ran.add("ran");
      return Analysis.failed(b.incident().id(), "claude-code", clock.instant(), "should not run", null);
    });
    refusal.set(Optional.of("mode observe: medic only records"));

    assertThat(desk(agent).analyze(incident.id(), List.of("claude-code"), "escalation step on escalated")).isEmpty();

    assertThat(ran).isEmpty();
    assertThat(audit()).extracting(a -> a.kind() + ":" + a.result()).doesNotContain("intent:started")
        .contains("skipped:skipped");
    assertThat(timeline()).filteredOn(e -> e.event().equals("analysis_skipped")).singleElement()
        .satisfies(e -> assertThat(e.detail()).isEqualTo("hand-off to claude-code not run: mode observe: medic only records"));
  }

  @Test
  void anAgentThatMayActIsNotHandedAClosedIncident() throws Exception {
    List<String> ran = new CopyOnWriteArrayList<>();
    Scripted agent = new Scripted("claude-code", 10, Duration.ofSeconds(5), true, false, (c, b) -> {
      ran.add("ran");
      return Analysis.failed(b.incident().id(), "claude-code", clock.instant(), "should not run", null);
    });
    book.resolve(incident, "came back");

    assertThat(desk(agent).analyze(incident.id(), List.of("claude-code"), "alice via API")).isEmpty();
    assertThat(ran).isEmpty();
    assertThat(audit()).filteredOn(a -> a.kind().equals("skipped")).singleElement()
        .satisfies(a -> assertThat(a.detail()).startsWith("hand-off to claude-code not run: incident #" + incident.id()
            + " is closed"));
  }
}
