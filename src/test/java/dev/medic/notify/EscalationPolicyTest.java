package dev.medic.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.config.EscalationConfig;
import dev.medic.config.EscalationPolicy;
import dev.medic.config.EscalationStep;
import dev.medic.config.IncidentMatch;
import dev.medic.config.RetryPolicy;
import dev.medic.incident.IncidentBook;
import dev.medic.notify.webhook.WebhookChannel;
import dev.medic.spi.Bindings;
import dev.medic.spi.ChannelContext;
import dev.medic.spi.ChannelSpec;
import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import dev.medic.store.AuditEntry;
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
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Escalation policies on a real store and a real book, against real HTTP receivers, on a settable
 * clock: which step pages whom and when, acknowledgement, reminders, mutes and routing.
 */
class EscalationPolicyTest {

  private static final RetryPolicy FAST = new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMinutes(1));
  private final ObjectMapper json = new ObjectMapper();
  private final SettableClock clock = new SettableClock(Instant.parse("2026-11-30T10:00:00Z"));
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final AtomicReference<Optional<String>> muted = new AtomicReference<>(Optional.empty());
  /** A target's root incident while it is down, as the book links them over depends_on. */
  private final Map<String, Incident> rootOf = new java.util.concurrent.ConcurrentHashMap<>();
  private final RootCauses roots = new RootCauses() {
    @Override
    public Optional<Incident> rootOf(long incidentId) {
      return book.openIncident(incidentId).map(i -> rootOf.get(i.target()));
    }

    @Override
    public List<String> affectedTargets(long rootId) {
      return rootOf.entrySet().stream().filter(e -> e.getValue().id() == rootId).map(Map.Entry::getKey).sorted()
          .toList();
    }
  };

  @TempDir Path dir;
  private SqliteStore store;
  private IncidentBook book;
  private LogCapture log;
  private TestHttpServer oncall;
  private TestHttpServer senior;

  @BeforeEach
  void open() throws Exception {
    store = SqliteStore.open(dir.resolve("medic.db"));
    book = new IncidentBook(store, clock);
    log = new LogCapture("medic.escalation");
    oncall = server();
    senior = server();
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing.reversed()) {
      c.close();
    }
    log.close();
    store.close();
  }

  private TestHttpServer server() throws Exception {
    TestHttpServer s = new TestHttpServer(() -> 200);
    closing.add(s);
    return s;
  }

  private List<ChannelSpec> channels() {
    return List.of(webhook("oncall", oncall), webhook("senior", senior));
  }

  private static WebhookChannel webhook(String name, TestHttpServer server) {
    return new WebhookChannel(name, URI.create(server.url("/" + name)), Map.of(), Duration.ofSeconds(2));
  }

  private Escalator escalator(EscalationPolicy... policies) {
    return escalator(Duration.ZERO, policies);
  }

  private Escalator escalator(Duration groupWindow, EscalationPolicy... policies) {
    EscalationConfig config = new EscalationConfig(true, channels(), FAST, List.of(policies), groupWindow);
    Map<String, Map<String, String>> labels = Map.of("db", Map.of("team", "dba"));
    Escalator e = new Escalator(book, store, store.outbox(), () -> config,
        target -> labels.getOrDefault(target, Map.of()), (incident, now) -> muted.get(), roots,
        new ChannelContext(Bindings.none()), clock);
    closing.add(() -> e.drain(Duration.ofSeconds(5)));
    return e;
  }

  private static EscalationStep atAttempt(int n, String channel, String log) {
    return new EscalationStep(null, n, null, channel == null ? null : List.of(channel), log);
  }

  private static EscalationStep on(String when, String... channels) {
    return new EscalationStep(when, null, null, List.of(channels), null);
  }

  private static EscalationStep after(Duration d, String... channels) {
    return new EscalationStep(null, null, d, List.of(channels), null);
  }

  private static EscalationPolicy policy(String name, IncidentMatch match, Duration remind, EscalationStep... steps) {
    return new EscalationPolicy(name, match, List.of(steps), remind);
  }

  private Incident raise(String target, Severity severity) {
    return book.raise(target, "http_error", severity, "http: status 500").orElseThrow();
  }

  private List<String> events(TestHttpServer server) throws Exception {
    List<String> events = new ArrayList<>();
    for (TestHttpServer.Request r : server.requests()) {
      JsonNode body = json.readTree(r.body());
      events.add(body.get("event").asText() + ":" + body.get("incident").get("id").asLong());
    }
    return events;
  }

  /** Every message queued so far has been delivered or given up. */
  private void settle(Escalator escalator) {
    await().atMost(Duration.ofSeconds(10)).until(() -> escalator.pendingDeliveries().isEmpty()
        && store.outbox().pending().isEmpty());
  }

  @Test
  void followsSeedLadderSilentThenLogThenOnCallThenSenior() throws Exception {
    Escalator escalator = escalator(policy("ladder", IncidentMatch.all(), null,
        atAttempt(2, null, "warning"), atAttempt(3, "oncall", null), on(EscalationStep.ESCALATED, "senior")));
    Incident i = raise("api", Severity.CRITICAL);

    book.attempt(i.id(), "restart", "attempt 1");
    settle(escalator);
    assertThat(oncall.requests()).isEmpty();
    assertThat(log.lines()).noneMatch(l -> l.contains("at attempt 2"));

    book.attempt(i.id(), "restart", "attempt 2");
    await().atMost(Duration.ofSeconds(5)).until(() -> log.lines().stream().anyMatch(l -> l.startsWith("WARN")
        && l.contains("incident #" + i.id() + " api http_error [critical] at attempt 2 (policy ladder)")));
    settle(escalator);
    assertThat(oncall.requests()).isEmpty();

    book.attempt(i.id(), "restart", "attempt 3");
    await().atMost(Duration.ofSeconds(5)).until(() -> oncall.requests().size() == 1);
    JsonNode page = json.readTree(oncall.requests().getFirst().body());
    assertThat(page.get("event").asText()).isEqualTo("escalation");
    assertThat(page.get("reason").asText()).startsWith("healing attempt 3 (tried restart): http: status 500");
    assertThat(senior.requests()).isEmpty();

    book.escalate(i.id(), "ladder exhausted: restart failed 3 times");
    await().atMost(Duration.ofSeconds(5)).until(() -> senior.requests().size() == 1);
    assertThat(json.readTree(senior.requests().getFirst().body()).get("reason").asText())
        .isEqualTo("ladder exhausted: restart failed 3 times");
    settle(escalator);
    assertThat(events(oncall)).containsExactly("escalation:" + i.id());
    assertThat(book.openIncident(i.id()).orElseThrow().healingAttempts()).isEqualTo(3);
    assertThat(store.incidents().timeline(i.id())).anyMatch(e -> e.event().equals("paged")
        && e.detail().equals("senior (on escalated, policy ladder)"));
  }

  @Test
  void withoutPoliciesPagesEveryChannelOnlyWhenHealingFailed() throws Exception {
    Escalator escalator = escalator();
    Incident i = raise("api", Severity.CRITICAL);
    book.attempt(i.id(), "restart", "attempt 1");
    book.attempt(i.id(), "restart", "attempt 2");
    clock.advance(Duration.ofHours(2));
    escalator.tick();
    settle(escalator);
    assertThat(oncall.requests()).isEmpty();
    assertThat(senior.requests()).isEmpty();

    book.escalate(i.id(), "ladder exhausted");
    await().atMost(Duration.ofSeconds(5)).until(() -> oncall.requests().size() == 1 && senior.requests().size() == 1);
  }

  @Test
  void criticalIncidentsArePagedOnOpenWhileWarningsWaitForTheFix() throws Exception {
    Escalator escalator = escalator(
        policy("page-first", new IncidentMatch(List.of(Severity.CRITICAL), null, null, null), null,
            on(EscalationStep.OPENED, "oncall")),
        policy("fix-first", IncidentMatch.all(), null, on(EscalationStep.ESCALATED, "senior")));
    Incident critical = raise("api", Severity.CRITICAL);
    Incident warning = raise("web", Severity.WARNING);

    await().atMost(Duration.ofSeconds(5)).until(() -> oncall.requests().size() == 1);
    settle(escalator);
    assertThat(events(oncall)).containsExactly("escalation:" + critical.id());
    assertThat(senior.requests()).isEmpty();

    book.escalate(warning.id(), "no strategy handles condition http_error");
    await().atMost(Duration.ofSeconds(5)).until(() -> senior.requests().size() == 1);
    assertThat(events(senior)).containsExactly("escalation:" + warning.id());
  }

  @Test
  void routesByTargetLabels() throws Exception {
    Escalator escalator = escalator(
        policy("dba", new IncidentMatch(null, null, null, Map.of("team", "dba")), null,
            on(EscalationStep.ESCALATED, "senior")),
        policy("rest", new IncidentMatch(null, List.of("a*"), List.of("http_*"), null), null,
            on(EscalationStep.ESCALATED, "oncall")));
    Incident db = raise("db", Severity.CRITICAL);
    Incident api = raise("api", Severity.CRITICAL);
    Incident web = raise("web", Severity.CRITICAL);
    book.escalate(db.id(), "down");
    book.escalate(api.id(), "down");
    book.escalate(web.id(), "down");

    await().atMost(Duration.ofSeconds(5)).until(() -> oncall.requests().size() == 2 && senior.requests().size() == 2);
    settle(escalator);
    // web matches no policy: the default pages every channel once medic could not fix it.
    assertThat(events(senior)).containsExactlyInAnyOrder("escalation:" + db.id(), "escalation:" + web.id());
    assertThat(events(oncall)).containsExactlyInAnyOrder("escalation:" + api.id(), "escalation:" + web.id());
  }

  @Test
  void pagesWhenStillOpenAfterTheDurationUnlessAcknowledged() throws Exception {
    Escalator escalator = escalator(policy("slow", IncidentMatch.all(), null, after(Duration.ofMinutes(30), "senior")));
    Incident first = raise("api", Severity.CRITICAL);
    Incident second = raise("web", Severity.CRITICAL);

    clock.advance(Duration.ofMinutes(29));
    escalator.tick();
    settle(escalator);
    assertThat(senior.requests()).isEmpty();

    assertThat(book.acknowledge(second.id(), "alice", "looking into it")).isPresent();
    clock.advance(Duration.ofMinutes(1));
    escalator.tick();
    await().atMost(Duration.ofSeconds(5)).until(() -> senior.requests().size() == 1);
    settle(escalator);
    assertThat(events(senior)).containsExactly("escalation:" + first.id());
    assertThat(json.readTree(senior.requests().getFirst().body()).get("reason").asText())
        .isEqualTo("still open after 30m: http: status 500");
  }

  @Test
  void acknowledgementTellsThePagedChannelsAndIsAuditedWithWhoDidIt() throws Exception {
    Escalator escalator = escalator(policy("page-first", IncidentMatch.all(), null,
        on(EscalationStep.OPENED, "oncall"), after(Duration.ofMinutes(15), "senior")));
    Incident i = raise("api", Severity.CRITICAL);
    await().atMost(Duration.ofSeconds(5)).until(() -> oncall.requests().size() == 1);

    assertThat(book.acknowledge(i.id(), "alice", "on it")).isPresent();
    assertThat(book.acknowledge(i.id(), "bob", "me too")).as("only once").isEmpty();

    await().atMost(Duration.ofSeconds(5)).until(() -> oncall.requests().size() == 2);
    JsonNode ack = json.readTree(oncall.requests().get(1).body());
    assertThat(ack.get("event").asText()).isEqualTo("acknowledged");
    assertThat(ack.get("reason").asText()).isEqualTo("acknowledged by alice: on it");
    assertThat(ack.get("acknowledged_by").asText()).isEqualTo("alice");
    AuditEntry audit = store.audit().list(i.id(), 100).stream().filter(a -> a.kind().equals("acknowledged"))
        .findFirst().orElseThrow();
    assertThat(audit.actor()).isEqualTo("alice");
    assertThat(audit.detail()).isEqualTo("by alice: on it");

    clock.advance(Duration.ofHours(1));
    escalator.tick();
    settle(escalator);
    assertThat(senior.requests()).as("acknowledged: later steps do not page").isEmpty();
    assertThat(book.openIncident(i.id())).as("healing goes on: the incident stays open").isPresent();
  }

  @Test
  void acknowledgementSurvivesARestartOfTheBook() {
    Incident i = raise("api", Severity.CRITICAL);
    book.acknowledge(i.id(), "alice", "");
    IncidentBook after = new IncidentBook(store, clock);
    after.resume();

    assertThat(after.acknowledgement(i.id())).get().extracting(a -> a.by()).isEqualTo("alice");
    assertThat(after.acknowledge(i.id(), "bob", null)).isEmpty();
  }

  @Test
  void remindsThePagedChannelsEveryIntervalUntilAcknowledged() throws Exception {
    Escalator escalator = escalator(policy("remind", IncidentMatch.all(), Duration.ofHours(1),
        on(EscalationStep.ESCALATED, "oncall")));
    Incident i = raise("api", Severity.CRITICAL);
    book.escalate(i.id(), "ladder exhausted");
    await().atMost(Duration.ofSeconds(5)).until(() -> oncall.requests().size() == 1);

    clock.advance(Duration.ofMinutes(59));
    escalator.tick();
    settle(escalator);
    assertThat(oncall.requests()).hasSize(1);

    clock.advance(Duration.ofMinutes(1));
    escalator.tick();
    await().atMost(Duration.ofSeconds(5)).until(() -> oncall.requests().size() == 2);
    assertThat(json.readTree(oncall.requests().get(1).body()).get("reason").asText())
        .isEqualTo("reminder 1: unacknowledged for 1h; ladder exhausted");
    clock.advance(Duration.ofMinutes(10));
    escalator.tick();
    settle(escalator);
    assertThat(oncall.requests()).as("one reminder per interval").hasSize(2);

    book.acknowledge(i.id(), "alice", null);
    await().atMost(Duration.ofSeconds(5)).until(() -> oncall.requests().size() == 3);
    clock.advance(Duration.ofHours(3));
    escalator.tick();
    settle(escalator);
    assertThat(events(oncall)).containsExactly("escalation:" + i.id(), "escalation:" + i.id(), "acknowledged:" + i.id());
  }

  @Test
  void aMuteHoldsPagesBackAndTheyGoOutWhenItEnds() throws Exception {
    Escalator escalator = escalator();
    muted.set(Optional.of("silence #4 (deploy) until 11:00"));
    Incident i = raise("api", Severity.CRITICAL);
    book.escalate(i.id(), "ladder exhausted");
    escalator.tick();
    settle(escalator);
    assertThat(oncall.requests()).isEmpty();
    assertThat(store.incidents().timeline(i.id())).filteredOn(e -> e.event().equals("page_held"))
        .singleElement().extracting(e -> e.detail()).isEqualTo("pages held back: silence #4 (deploy) until 11:00");

    muted.set(Optional.empty());
    escalator.tick();
    await().atMost(Duration.ofSeconds(5)).until(() -> oncall.requests().size() == 1 && senior.requests().size() == 1);

    book.resolve(book.openIncident(i.id()).orElseThrow(), "healthy again");
    await().atMost(Duration.ofSeconds(5)).until(() -> oncall.requests().size() == 2);
    assertThat(events(oncall)).containsExactly("escalation:" + i.id(), "resolved:" + i.id());
  }

  @Test
  void aMutedIncidentThatResolvesIsNeverPagedNorCleared() throws Exception {
    Escalator escalator = escalator();
    muted.set(Optional.of("maintenance window nightly"));
    Incident i = raise("api", Severity.CRITICAL);
    book.escalate(i.id(), "ladder exhausted");
    await().atMost(Duration.ofSeconds(5)).until(() -> store.incidents().timeline(i.id()).stream()
        .anyMatch(e -> e.event().equals("page_held")));
    book.resolve(book.openIncident(i.id()).orElseThrow(), "healthy again");
    muted.set(Optional.empty());
    escalator.tick();
    settle(escalator);
    assertThat(oncall.requests()).isEmpty();
    assertThat(store.outbox().forIncident(i.id())).isEmpty();
  }

  @Test
  void pagesWithinTheGroupWindowReachAChannelAsOneMessageAndEachStillGetsItsAllClear() throws Exception {
    Escalator escalator = escalator(Duration.ofSeconds(30));
    Incident api = raise("api", Severity.CRITICAL);
    Incident web = raise("web", Severity.CRITICAL);
    Incident db = raise("db", Severity.WARNING);
    Incident gone = raise("cache", Severity.WARNING);
    book.escalate(api.id(), "ladder exhausted");
    book.escalate(web.id(), "no strategy handles condition http_error");
    book.escalate(db.id(), "rate limit: 10 actions in the last hour");
    book.escalate(gone.id(), "ladder exhausted");
    await().atMost(Duration.ofSeconds(5)).until(() -> store.incidents().timeline(gone.id()).stream()
        .anyMatch(e -> e.event().equals("paged")));
    book.resolve(book.openIncident(gone.id()).orElseThrow(), "came back by itself");

    clock.advance(Duration.ofSeconds(29));
    escalator.tick();
    settle(escalator);
    assertThat(oncall.requests()).as("the window is still open").isEmpty();

    clock.advance(Duration.ofSeconds(1));
    escalator.tick();
    await().atMost(Duration.ofSeconds(5)).until(() -> oncall.requests().size() == 1 && senior.requests().size() == 1);
    settle(escalator);
    JsonNode message = json.readTree(oncall.requests().getFirst().body());
    assertThat(message.at("/incident/id").asLong()).isEqualTo(api.id());
    assertThat(message.get("grouped")).extracting(JsonNode::asText).containsExactly(
        "#" + web.id() + " web http_error [critical]: no strategy handles condition http_error",
        "#" + db.id() + " db http_error [warning]: rate limit: 10 actions in the last hour");
    assertThat(store.audit().list(web.id(), 100)).anyMatch(a -> a.kind().equals("notified") && a.result().equals("ok")
        && a.detail().equals("channel oncall: escalation (in the message about incident #" + api.id() + ")"));

    book.resolve(book.openIncident(web.id()).orElseThrow(), "healthy again");
    await().atMost(Duration.ofSeconds(5)).until(() -> oncall.requests().size() == 2);
    assertThat(events(oncall)).containsExactly("escalation:" + api.id(), "resolved:" + web.id());
    assertThat(store.outbox().forIncident(gone.id())).as("fixed itself within the window: never paged").isEmpty();
  }

  @Test
  void aSymptomIsNotPagedAndItsRootsPageAndAllClearNameTheAffectedTargets() throws Exception {
    Escalator escalator = escalator(policy("page-first", IncidentMatch.all(), null, on(EscalationStep.OPENED, "oncall")));
    Incident db = raise("db", Severity.CRITICAL);
    await().atMost(Duration.ofSeconds(5)).until(() -> oncall.requests().size() == 1);
    rootOf.put("api", db);
    rootOf.put("web", db);
    book.raise("api", "http_error", Severity.CRITICAL, "status 500").orElseThrow();
    book.raise("web", "http_error", Severity.CRITICAL, "status 502").orElseThrow();
    escalator.tick();
    settle(escalator);
    assertThat(events(oncall)).containsExactly("escalation:" + db.id());

    book.resolve(book.openIncident(db.id()).orElseThrow(), "port 5432 answers again");
    await().atMost(Duration.ofSeconds(5)).until(() -> oncall.requests().size() == 2);
    JsonNode clear = json.readTree(oncall.requests().get(1).body());
    assertThat(clear.get("event").asText()).isEqualTo("resolved");
    assertThat(clear.get("affected")).extracting(JsonNode::asText).containsExactly("api", "web");
  }

  @Test
  void aPagedIncidentThatLaterClosesAsASymptomStillGetsItsAllClear() throws Exception {
    Escalator escalator = escalator(policy("page-first", IncidentMatch.all(), null, on(EscalationStep.OPENED, "oncall")));
    Incident errors = raise("api", Severity.CRITICAL);
    await().atMost(Duration.ofSeconds(5)).until(() -> oncall.requests().size() == 1);

    Incident loop = book.raise("api", "crash_loop", Severity.CRITICAL, "5 exits in 2m").orElseThrow();

    await().atMost(Duration.ofSeconds(5)).until(() -> oncall.requests().size() == 3);
    settle(escalator);
    assertThat(events(oncall)).containsExactlyInAnyOrder("escalation:" + errors.id(), "resolved:" + errors.id(),
        "escalation:" + loop.id());
    JsonNode clear = json.readTree(oncall.requests().stream().filter(r -> r.body().contains("\"resolved\""))
        .findFirst().orElseThrow().body());
    assertThat(clear.get("reason").asText()).isEqualTo("symptom of crash_loop incident #" + loop.id());
  }

  @Test
  void aPageWaitingInItsGroupWindowIsDroppedWhenItsIncidentBecomesASymptom() throws Exception {
    Escalator escalator = escalator(Duration.ofSeconds(10),
        policy("page-first", IncidentMatch.all(), null, on(EscalationStep.OPENED, "oncall")));
    Incident api = raise("api", Severity.CRITICAL);
    await().atMost(Duration.ofSeconds(5)).until(() -> store.incidents().timeline(api.id()).stream()
        .anyMatch(e -> e.event().equals("paged")));
    Incident db = raise("db", Severity.CRITICAL);
    rootOf.put("api", db);

    clock.advance(Duration.ofSeconds(10));
    escalator.tick();
    await().atMost(Duration.ofSeconds(5)).until(() -> oncall.requests().size() == 1);
    settle(escalator);
    assertThat(events(oncall)).containsExactly("escalation:" + db.id());
    assertThat(json.readTree(oncall.requests().getFirst().body()).get("affected")).extracting(JsonNode::asText)
        .containsExactly("api");

    // The root resolves first and api still fails: now api is paged on its own.
    rootOf.remove("api");
    book.resolve(book.openIncident(db.id()).orElseThrow(), "port 5432 answers again");
    escalator.tick();
    clock.advance(Duration.ofSeconds(10));
    escalator.tick();
    await().atMost(Duration.ofSeconds(5)).until(() -> oncall.requests().size() == 3);
    settle(escalator);
    // Messages about different incidents travel independently: their order is not fixed.
    assertThat(events(oncall)).containsExactlyInAnyOrder("escalation:" + db.id(), "resolved:" + db.id(),
        "escalation:" + api.id());
  }
}
