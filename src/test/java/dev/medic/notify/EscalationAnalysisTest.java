package dev.medic.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.analyze.AfterAction;
import dev.medic.analyze.AnalysisDesk;
import dev.medic.analyze.Proposer;
import dev.medic.config.EscalationConfig;
import dev.medic.config.EscalationPolicy;
import dev.medic.config.EscalationStep;
import dev.medic.config.IncidentMatch;
import dev.medic.config.Redactor;
import dev.medic.config.RetryPolicy;
import dev.medic.incident.IncidentBook;
import dev.medic.notify.webhook.WebhookChannel;
import dev.medic.spi.Analysis;
import dev.medic.spi.AnalystContext;
import dev.medic.spi.AnalystSpec;
import dev.medic.spi.Bindings;
import dev.medic.spi.ChannelContext;
import dev.medic.spi.Incident;
import dev.medic.spi.IncidentBundle;
import dev.medic.spi.MessageKind;
import dev.medic.spi.Notice;
import dev.medic.spi.Severity;
import dev.medic.spi.Verdict;
import dev.medic.store.SqliteStore;
import dev.medic.support.SettableClock;
import dev.medic.support.TestHttpServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Analysis travels with escalation pages: a step's analysts run before its pages go out, off the
 * escalator's event thread; an escalated incident's page carries the rule analyst's verdict; every
 * text channel shows it in one line. Real store, real book, a real webhook receiver.
 */
class EscalationAnalysisTest {

  private static final RetryPolicy FAST = new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMinutes(1));
  private final ObjectMapper json = new ObjectMapper();
  private final SettableClock clock = new SettableClock(Instant.parse("2026-11-30T10:00:00Z"));
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final CountDownLatch slowMayAnswer = new CountDownLatch(1);
  private final AtomicInteger started = new AtomicInteger();

  @TempDir Path dir;
  private SqliteStore store;
  private IncidentBook book;
  private TestHttpServer oncall;

  /** An LLM stand-in that answers once the test lets it. */
  record Slow(String name, CountDownLatch go, AtomicInteger started) implements AnalystSpec {
    @Override
    public Analysis analyze(AnalystContext context, IncidentBundle bundle) throws InterruptedException {
      started.incrementAndGet();
      go.await();
      return new Analysis(0, bundle.incident().id(), name, Instant.parse("2026-11-30T10:00:00Z"),
          Verdict.ERRORS_INVESTIGATE, "db", "tcp_unreachable", null, "the database refuses connections", 0.9,
          List.of("connection refused"), List.of("restart_db"), List.of(), null, null, null);
    }
  }

  /** An agent that may act: it works until the test lets it finish. */
  record Acting(String name, CountDownLatch done, AtomicInteger started) implements AnalystSpec {
    @Override
    public boolean mayAct() {
      return true;
    }

    @Override
    public Analysis analyze(AnalystContext context, IncidentBundle bundle) throws InterruptedException {
      started.incrementAndGet();
      done.await();
      return new Analysis(0, bundle.incident().id(), name, Instant.parse("2026-11-30T10:00:00Z"),
          Verdict.SUSPICIOUS_INVESTIGATE, null, null, null, "restarted the pool", 0.5, List.of(), List.of(),
          List.of(), null, null, null);
    }
  }

  private final CountDownLatch agentMayFinish = new CountDownLatch(1);
  private final AtomicInteger agentStarted = new AtomicInteger();

  @BeforeEach
  void open() throws Exception {
    store = SqliteStore.open(dir.resolve("medic.db"));
    book = new IncidentBook(store, clock);
    oncall = new TestHttpServer(() -> 200);
    closing.add(oncall);
  }

  @AfterEach
  void close() throws Exception {
    slowMayAnswer.countDown();
    agentMayFinish.countDown();
    for (AutoCloseable c : closing.reversed()) {
      c.close();
    }
    store.close();
  }

  private Escalator escalator(EscalationStep... steps) {
    EscalationConfig config = new EscalationConfig(true,
        List.of(new WebhookChannel("oncall", URI.create(oncall.url("/oncall")), Map.of(), Duration.ofSeconds(2))),
        FAST, List.of(new EscalationPolicy("analysed", IncidentMatch.all(), List.of(steps), null)), Duration.ZERO,
        List.of(new Slow("llm", slowMayAnswer, started), new Acting("fixer", agentMayFinish, agentStarted)));
    AnalysisDesk desk = new AnalysisDesk(
        id -> store.incidents().get(id).map(i -> new IncidentBundle(IncidentBundle.VERSION, clock.instant(), i, null,
            null, null, null, null, null, null, null, null)),
        bundle -> new Analysis(0, bundle.incident().id(), "rules", clock.instant(), Verdict.ERRORS_INVESTIGATE, "db",
            "tcp_unreachable", 7L, "api fails because db is unreachable", 0.8, List.of("api depends_on db"),
            List.of(), List.of(), null, null, null),
        () -> config, book, store, Proposer.NONE, AfterAction.NONE, b -> "{}", b -> "", Redactor.none()::redact,
        clock);
    Escalator e = new Escalator(book, store, store.outbox(), () -> config, target -> Map.of(),
        (incident, now) -> Optional.empty(), RootCauses.none(), new ChannelContext(Bindings.none()), clock, desk);
    closing.add(() -> e.drain(Duration.ofSeconds(5)));
    return e;
  }

  private Incident raise(String target) {
    return book.raise(target, "http_error", Severity.CRITICAL, "http: status 500").orElseThrow();
  }

  private List<JsonNode> pages() throws Exception {
    List<JsonNode> pages = new ArrayList<>();
    for (TestHttpServer.Request r : oncall.requests()) {
      pages.add(json.readTree(r.body()));
    }
    return pages;
  }

  @Test
  void aStepWithAnalyzeSendsItsPageWithTheAnalysisOnceTheAnalystAnswers() throws Exception {
    escalator(new EscalationStep(EscalationStep.OPENED, null, null, List.of("oncall"), null, List.of("llm")));
    Incident api = raise("api");
    Incident web = raise("web");

    // The first analysis does not hold the escalator's thread: the second incident's starts beside it,
    // and neither is paged before its analyst answers.
    await().atMost(Duration.ofSeconds(5)).until(() -> started.get() == 2);
    assertThat(store.outbox().forIncident(api.id())).isEmpty();
    assertThat(oncall.requests()).isEmpty();
    slowMayAnswer.countDown();

    await().atMost(Duration.ofSeconds(10)).until(() -> oncall.requests().size() == 2);
    JsonNode page = pages().stream().filter(p -> p.get("incident").get("id").asLong() == api.id()).findFirst()
        .orElseThrow();
    assertThat(page.get("event").asText()).isEqualTo("escalation");
    JsonNode analysis = page.get("analysis");
    assertThat(analysis.get("analyst").asText()).isEqualTo("llm");
    assertThat(analysis.get("verdict").asText()).isEqualTo("ERRORS_INVESTIGATE");
    assertThat(analysis.get("root_target").asText()).isEqualTo("db");
    assertThat(analysis.get("root_condition").asText()).isEqualTo("tcp_unreachable");
    assertThat(analysis.get("root_incident_id").isNull()).isTrue();
    assertThat(analysis.get("summary").asText()).isEqualTo("the database refuses connections");
    assertThat(analysis.get("confidence").asDouble()).isEqualTo(0.9);
    assertThat(analysis.get("suggested_actions")).extracting(JsonNode::asText).containsExactly("restart_db");
    assertThat(store.analyses().forIncident(web.id())).singleElement()
        .satisfies(a -> assertThat(a.analyst()).isEqualTo("llm"));
    assertThat(store.audit().list(api.id(), 10)).anySatisfy(a -> {
      assertThat(a.kind()).isEqualTo("analysis");
      assertThat(a.detail()).endsWith("why: escalation step on opened (policy analysed)");
    });
  }

  @Test
  void aStepsPageDoesNotWaitForAnAgentThatMayActAndTheAgentRunsOncePerIncident() throws Exception {
    escalator(new EscalationStep(EscalationStep.OPENED, null, null, List.of("oncall"), null, List.of("rules", "fixer")),
        new EscalationStep(null, 1, null, List.of(), null, List.of("fixer")));
    Incident api = raise("api");

    await().atMost(Duration.ofSeconds(10)).until(() -> oncall.requests().size() == 1);
    assertThat(agentStarted).as("the agent works while the page is already out").hasValue(1);
    assertThat(pages().getFirst().get("analysis").get("analyst").asText()).isEqualTo("rules");
    agentMayFinish.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> store.analyses().forIncident(api.id()).size() == 2);

    // A second step naming the same agent does not hand the incident over again.
    book.attempt(api.id(), "restart_api", "restart api");
    await().atMost(Duration.ofSeconds(10)).until(() -> store.incidents().timeline(api.id()).stream()
        .anyMatch(e -> e.detail() != null && e.detail().startsWith("hand-off to fixer not run again")));
    assertThat(agentStarted).hasValue(1);
  }

  @Test
  void anAgentDoesNotActForAnIncidentSomeoneAcknowledgedWhileItsStepWasAnalysed() throws Exception {
    escalator(new EscalationStep(EscalationStep.OPENED, null, null, List.of("oncall"), null, List.of("llm", "fixer")));
    Incident api = raise("api");
    await().atMost(Duration.ofSeconds(5)).until(() -> started.get() == 1);

    book.acknowledge(api.id(), "alice", "on it");
    slowMayAnswer.countDown();

    await().atMost(Duration.ofSeconds(10)).until(() -> store.analyses().forIncident(api.id()).size() == 1);
    agentMayFinish.countDown();
    assertThat(oncall.requests()).isEmpty();
    assertThat(agentStarted).as("held back with its page").hasValue(0);
  }

  @Test
  void anIncidentThatClosesWhileItsAnalysisRunsIsNotPaged() throws Exception {
    escalator(new EscalationStep(EscalationStep.OPENED, null, null, List.of("oncall"), null, List.of("llm")));
    Incident api = raise("api");
    await().atMost(Duration.ofSeconds(5)).until(() -> started.get() == 1);
    book.resolve(api, "came back");
    slowMayAnswer.countDown();

    await().atMost(Duration.ofSeconds(10)).until(() -> !store.analyses().forIncident(api.id()).isEmpty());
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
        .until(() -> store.outbox().forIncident(api.id()).isEmpty() && oncall.requests().isEmpty());
  }

  @Test
  void anEscalationPageWithoutAnalyzeCarriesTheRuleAnalysis() throws Exception {
    escalator(new EscalationStep(EscalationStep.ESCALATED, null, null, List.of("oncall"), null, null));
    Incident api = raise("api");
    book.escalate(api.id(), "ladder exhausted after restart_api");

    await().atMost(Duration.ofSeconds(10)).until(() -> oncall.requests().size() == 1);
    JsonNode page = pages().getFirst();
    assertThat(page.get("reason").asText()).isEqualTo("ladder exhausted after restart_api");
    assertThat(page.get("analysis").get("analyst").asText()).isEqualTo("rules");
    assertThat(page.get("analysis").get("root_incident_id").asLong()).isEqualTo(7);
    assertThat(store.incidents().timeline(api.id())).extracting(e -> e.event())
        .containsSubsequence("escalated", "analysis", "paged");
    assertThat(store.analyses().forIncident(api.id())).as("one rule analysis, not one per path").hasSize(1);
  }

  @Test
  void anEscalatedIncidentNoStepPagesStillGetsTheRuleAnalysis() {
    escalator(new EscalationStep(EscalationStep.OPENED, null, null, List.of(), "warning", null));
    Incident api = raise("api");
    book.escalate(api.id(), "ladder exhausted after restart_api");

    await().atMost(Duration.ofSeconds(10)).until(() -> !store.analyses().forIncident(api.id()).isEmpty());
    assertThat(store.analyses().forIncident(api.id())).singleElement()
        .satisfies(a -> assertThat(a.analyst()).isEqualTo("rules"))
        .satisfies(a -> assertThat(a.rootTarget()).isEqualTo("db"));
    assertThat(oncall.requests()).isEmpty();
  }

  @Test
  void everyTextChannelShowsTheAnalysisInOneLine() {
    Incident api = Incident.open("api", "http_error", Severity.CRITICAL, "status 500", Instant.EPOCH).withId(12);
    Map<String, Object> analysis = Escalator.analysisField(new Analysis(0, 12, "rules", Instant.EPOCH,
        Verdict.ERRORS_INVESTIGATE, "db", "tcp_unreachable", 11L, "db is down", 0.8, List.of(), List.of(),
        List.of(), null, null, null));
    Notice page = Notice.fromJson(new Notice("k", MessageKind.ESCALATION, api, "ladder exhausted",
        Map.of("analysis", analysis)).toJson());

    assertThat(NoticeText.extraLines(page))
        .isEqualTo("\nAnalysis: rules: db tcp_unreachable (#11), confidence 0.80 — ERRORS_INVESTIGATE: db is down");
    assertThat(NoticeText.details(page)).contains("Analysis: rules: db tcp_unreachable (#11)");
    assertThat(NoticeText.extraLines(new Notice("k", MessageKind.ESCALATION, api, "x", Map.of()))).isEmpty();
  }
}
