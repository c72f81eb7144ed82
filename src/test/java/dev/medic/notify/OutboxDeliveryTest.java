package dev.medic.notify;

import dev.medic.config.RetryPolicy;
import dev.medic.notify.webhook.WebhookChannel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.config.EscalationConfig;
import dev.medic.spi.Incident;
import dev.medic.incident.IncidentBook;
import dev.medic.spi.Severity;
import dev.medic.store.AuditEntry;
import dev.medic.store.Outbox;
import dev.medic.store.SqliteStore;
import dev.medic.support.TestHttpServer;
import java.net.ServerSocket;
import java.net.URI;
import dev.medic.spi.Bindings;
import dev.medic.spi.ChannelContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The escalator and its outbox on a real store, against a real HTTP receiver. */
class OutboxDeliveryTest {

  /** Quick retries, and time enough that a loaded machine never gives up early. */
  private static final RetryPolicy FAST = new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMinutes(1));
  /** Gives up within a second. */
  private static final RetryPolicy GIVES_UP_SOON = new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(1));
  private final ObjectMapper json = new ObjectMapper();
  private final List<AutoCloseable> closing = new ArrayList<>();

  @TempDir Path dir;
  private SqliteStore store;
  private IncidentBook book;
  private ChannelContext channels;
  private LogCapture log;

  @BeforeEach
  void open() {
    store = SqliteStore.open(dir.resolve("medic.db"));
    book = new IncidentBook(store, Clock.systemUTC());
    channels = new ChannelContext(Bindings.none());
    log = new LogCapture("medic.escalation");
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing.reversed()) {
      c.close();
    }
    log.close();
    store.close();
  }

  private Escalator escalator(AtomicReference<EscalationConfig> config) {
    Escalator e = new Escalator(book, store, config::get, channels, Clock.systemUTC());
    closing.add(() -> e.drain(Duration.ofSeconds(5)));
    return e;
  }

  private Escalator escalator(RetryPolicy retry, WebhookChannel... channels) {
    return escalator(new AtomicReference<>(new EscalationConfig(true, List.of(channels), retry)));
  }

  private static WebhookChannel webhook(String name, String url) {
    return new WebhookChannel(name, URI.create(url), Map.of("X-Token", "t-1"), Duration.ofSeconds(2));
  }

  private TestHttpServer receiver(int... statuses) throws Exception {
    AtomicInteger calls = new AtomicInteger();
    TestHttpServer s = new TestHttpServer(() -> statuses[Math.min(calls.getAndIncrement(), statuses.length - 1)]);
    closing.add(s);
    return s;
  }

  private Incident incident() {
    return book.raise("api", "http_error", Severity.CRITICAL, "http: status 500").orElseThrow();
  }

  private List<AuditEntry> notified(Incident i) {
    return store.audit().list(i.id(), 100).stream().filter(a -> a.kind().equals("notified")).toList();
  }

  private List<Outbox.Row> outbox(Incident i) {
    return store.outbox().forIncident(i.id());
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void aReceiverThatAnswers500IsRetriedUntilItAcceptsAndEveryAttemptCarriesTheSameIdempotencyKey() throws Exception {
    TestHttpServer hook = receiver(500, 500, 200);
    Escalator escalator = escalator(FAST, webhook("ops", hook.url("/hook")));
    Incident i = incident();
    assertThat(book.escalate(i.id(), "ladder exhausted after poke")).isPresent();

    await().atMost(Duration.ofSeconds(10)).until(() -> notified(i).size() == 1);
    assertThat(hook.requests()).hasSize(3);
    TestHttpServer.Request first = hook.requests().getFirst();
    String key = first.header("Idempotency-Key");
    assertThat(key).matches("[0-9a-f-]{36}");
    assertThat(hook.requests()).allSatisfy(r -> {
      assertThat(r.method()).isEqualTo("POST");
      assertThat(r.path()).isEqualTo("/hook");
      assertThat(r.header("Content-Type")).isEqualTo("application/json");
      assertThat(r.header("User-Agent")).isEqualTo("medic");
      assertThat(r.header("X-Token")).isEqualTo("t-1");
      assertThat(r.header("Idempotency-Key")).isEqualTo(key);
      assertThat(r.body()).isEqualTo(first.body());
    });
    JsonNode body = json.readTree(first.body());
    assertThat(body.fieldNames()).toIterable().containsExactly("event", "idempotency_key", "reason", "incident");
    assertThat(body.get("event").asText()).isEqualTo("escalation");
    assertThat(body.get("idempotency_key").asText()).isEqualTo(key);
    assertThat(body.get("reason").asText()).isEqualTo("ladder exhausted after poke");
    JsonNode incident = body.get("incident");
    assertThat(incident.get("id").asLong()).isEqualTo(i.id());
    assertThat(incident.get("target").asText()).isEqualTo("api");
    assertThat(incident.get("condition").asText()).isEqualTo("http_error");
    assertThat(incident.get("severity").asText()).isEqualTo("critical");
    assertThat(incident.get("state").asText()).isEqualTo("escalated");
    assertThat(incident.get("escalated").asBoolean()).isTrue();

    assertThat(notified(i)).singleElement().satisfies(a -> {
      assertThat(a.result()).isEqualTo("ok");
      assertThat(a.detail()).isEqualTo("channel ops: escalation (attempt 3)");
    });
    assertThat(outbox(i)).singleElement().satisfies(r -> {
      assertThat(r.state()).isEqualTo(Outbox.State.DELIVERED);
      assertThat(r.attempts()).isEqualTo(3);
      assertThat(r.idempotencyKey()).isEqualTo(key);
      assertThat(r.lastError()).isEqualTo("HTTP 500: {\"status\":\"error\"}");
    });
    assertThat(log.lines()).filteredOn(l -> l.startsWith("WARN")).containsExactly(
        "WARN ESCALATED incident #" + i.id() + " api http_error [critical]: ladder exhausted after poke",
        "WARN channel ops (" + hook.url("/hook") + ") could not deliver escalation of incident #" + i.id()
            + " (attempt 1): HTTP 500: {\"status\":\"error\"}; next attempt in 50ms",
        "WARN channel ops (" + hook.url("/hook") + ") could not deliver escalation of incident #" + i.id()
            + " (attempt 2): HTTP 500: {\"status\":\"error\"}; next attempt in 100ms");
  }

  @Test
  void aRefusedConnectionIsLoggedWithChannelRedactedUrlAndCauseThenDeliveredWhenTheReceiverComesUp() throws Exception {
    int port = freePort();
    String url = "http://bot:s3cret@127.0.0.1:" + port + "/hook";
    Escalator escalator = escalator(new RetryPolicy(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMinutes(1)),
        webhook("local-hook", url));
    Incident i = incident();
    book.escalate(i.id(), "ladder exhausted");

    await().atMost(Duration.ofSeconds(10)).until(() -> log.lines().stream().anyMatch(l -> l.contains("(attempt 2)")));
    assertThat(log.lines()).filteredOn(l -> l.contains("could not deliver")).first().isEqualTo(
        "WARN channel local-hook (http://bot:***@127.0.0.1:" + port + "/hook) could not deliver escalation of incident #"
            + i.id() + " (attempt 1): ConnectException: connection refused (nothing listening, or a firewall rejected it);"
            + " next attempt in 100ms");
    assertThat(log.lines()).noneMatch(l -> l.contains("s3cret") || l.contains("null"));
    assertThat(notified(i)).as("nothing final yet").isEmpty();
    assertThat(outbox(i)).singleElement().satisfies(r -> {
      assertThat(r.state()).isEqualTo(Outbox.State.PENDING);
      assertThat(r.lastError()).startsWith("ConnectException: connection refused");
    });

    TestHttpServer hook = new TestHttpServer(port, () -> 200);
    closing.add(hook);
    await().atMost(Duration.ofSeconds(10)).until(() -> notified(i).size() == 1);
    assertThat(hook.requests()).singleElement()
        .satisfies(r -> assertThat(json.readTree(r.body()).get("event").asText()).isEqualTo("escalation"));
    assertThat(notified(i).getFirst().result()).isEqualTo("ok");
    assertThat(outbox(i).getFirst().state()).isEqualTo(Outbox.State.DELIVERED);
  }

  @Test
  void aMessageNobodyAcceptsIsGivenUpAfterGiveUpAfterAndTheAuditSaysWhy() throws Exception {
    TestHttpServer hook = receiver(500);
    Escalator escalator = escalator(GIVES_UP_SOON, webhook("ops", hook.url("/hook")));
    Incident i = incident();
    book.escalate(i.id(), "ladder exhausted");

    await().atMost(Duration.ofSeconds(10)).until(() -> notified(i).size() == 1);
    int attempts = hook.requests().size();
    // At 0, 50, 150, 350, 550, 750 and 950 ms at the most; fewer when attempts are slow.
    assertThat(attempts).isBetween(1, 7);
    assertThat(notified(i)).singleElement().satisfies(a -> {
      assertThat(a.result()).isEqualTo("failed");
      assertThat(a.detail()).matches("channel ops: escalation gave up after " + attempts
          + " attempts? in \\d+m?s: HTTP 500: \\{\"status\":\"error\"}");
    });
    assertThat(outbox(i)).singleElement().satisfies(r -> {
      assertThat(r.state()).isEqualTo(Outbox.State.FAILED);
      assertThat(r.attempts()).isEqualTo(attempts);
      assertThat(r.lastError()).isEqualTo("HTTP 500: {\"status\":\"error\"}");
    });
    assertThat(log.lines()).filteredOn(l -> l.startsWith("ERROR")).singleElement().asString()
        .startsWith("ERROR channel ops (" + hook.url("/hook") + ") never got escalation of incident #" + i.id()
            + ": gave up after " + attempts + " attempt");
    // Given up is final: no more attempts.
    await().during(Duration.ofMillis(400)).until(() -> hook.requests().size() == attempts);
  }

  @Test
  void whenTheOutboxCannotBeWrittenThePageIsStillDeliveredAndRetriedFromMemory() throws Exception {
    TestHttpServer hook = receiver(500, 200);
    Escalator escalator = escalator(FAST, webhook("ops", hook.url("/hook")));
    Incident i = incident();
    // The store refuses outbox writes from here on (as a full disk would); the audit still works.
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("medic.db"))) {
      c.createStatement().execute("ALTER TABLE outbox RENAME TO outbox_away");
    }
    book.escalate(i.id(), "ladder exhausted");

    await().atMost(Duration.ofSeconds(10)).until(() -> notified(i).size() == 1);
    assertThat(hook.requests()).hasSize(2);
    assertThat(hook.requests()).extracting(r -> r.header("Idempotency-Key")).doesNotContainNull().containsOnly(
        hook.requests().getFirst().header("Idempotency-Key"));
    assertThat(notified(i).getFirst().detail()).isEqualTo("channel ops: escalation (attempt 2)");
    // The database's own words, not the statement with the message (and any secret in it) as its argument.
    assertThat(log.lines()).contains("ERROR channel ops: could not write escalation of incident #" + i.id()
        + " to the outbox (SQLiteException: [SQLITE_ERROR] SQL error or missing database (no such table: outbox));"
        + " delivering it from memory, where it does not survive a restart of medic");
  }

  @Test
  void aMessageTheStoreDidNotTakeIsWrittenToTheOutboxOnceTheStoreIsBackAndSurvivesAStop() throws Exception {
    int port = freePort();
    Incident i = incident();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("medic.db"))) {
      c.createStatement().execute("ALTER TABLE outbox RENAME TO outbox_away");
    }
    Escalator before = new Escalator(book, store, () -> new EscalationConfig(true,
        List.of(webhook("ops", "http://127.0.0.1:" + port + "/hook")),
        new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMinutes(5))), channels, Clock.systemUTC());
    book.escalate(i.id(), "ladder exhausted");
    await().atMost(Duration.ofSeconds(10)).until(() -> log.lines().stream().anyMatch(l -> l.contains("(attempt 1)")));
    String key = before.pendingDeliveries().getFirst().notice().idempotencyKey();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("medic.db"))) {
      c.createStatement().execute("ALTER TABLE outbox_away RENAME TO outbox");
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> outbox(i).size() == 1);
    before.drain(Duration.ofSeconds(5));
    assertThat(outbox(i).getFirst().idempotencyKey()).isEqualTo(key);
    assertThat(outbox(i).getFirst().state()).isEqualTo(Outbox.State.PENDING);

    TestHttpServer hook = new TestHttpServer(port, () -> 200);
    closing.add(hook);
    escalator(FAST, webhook("ops", hook.url("/hook")));
    await().atMost(Duration.ofSeconds(10)).until(() -> notified(i).size() == 1);
    assertThat(hook.requests()).singleElement().satisfies(r -> assertThat(r.header("Idempotency-Key")).isEqualTo(key));
  }

  @Test
  void theAllClearGoesToEveryChannelThatWasToldAndNeverBeforeThePage() throws Exception {
    TestHttpServer ops = receiver(500, 500, 200);
    TestHttpServer oncall = receiver(200);
    TestHttpServer late = receiver(200);
    AtomicReference<EscalationConfig> config = new AtomicReference<>(new EscalationConfig(true,
        List.of(webhook("ops", ops.url("/ops")), webhook("oncall", oncall.url("/oncall"))), FAST));
    Escalator escalator = escalator(config);
    Incident i = incident();
    book.escalate(i.id(), "ladder exhausted");
    await().atMost(Duration.ofSeconds(10)).until(() -> outbox(i).size() == 2);
    // A channel added after the page was not told, so it gets no all-clear either.
    config.set(new EscalationConfig(true, List.of(webhook("ops", ops.url("/ops")), webhook("oncall", oncall.url("/oncall")),
        webhook("late", late.url("/late"))), FAST));
    // It resolves while the page to ops is still being retried.
    book.clear("api", "http_error", "condition cleared: status 200").orElseThrow();

    await().atMost(Duration.ofSeconds(10)).until(() -> notified(i).size() == 4);
    assertThat(ops.requests()).extracting(r -> json.readTree(r.body()).get("event").asText())
        .containsExactly("escalation", "escalation", "escalation", "resolved");
    assertThat(oncall.requests()).extracting(r -> json.readTree(r.body()).get("event").asText())
        .containsExactly("escalation", "resolved");
    assertThat(late.requests()).isEmpty();
    JsonNode allClear = json.readTree(oncall.requests().getLast().body());
    assertThat(allClear.get("reason").asText()).isEqualTo("condition cleared: status 200");
    assertThat(allClear.get("incident").get("state").asText()).isEqualTo("resolved");
    assertThat(allClear.get("idempotency_key").asText())
        .isEqualTo(oncall.requests().getLast().header("Idempotency-Key"))
        .isNotEqualTo(json.readTree(oncall.requests().getFirst().body()).get("idempotency_key").asText());
    assertThat(notified(i)).extracting(AuditEntry::detail).containsExactlyInAnyOrder(
        "channel ops: escalation (attempt 3)", "channel ops: resolved",
        "channel oncall: escalation", "channel oncall: resolved");
  }

  @Test
  void aMessageToAChannelRemovedFromTheConfigIsGivenUpWithThatReason() throws Exception {
    int port = freePort();
    AtomicReference<EscalationConfig> config = new AtomicReference<>(new EscalationConfig(true,
        List.of(webhook("ops", "http://127.0.0.1:" + port + "/hook")), FAST));
    Escalator escalator = escalator(config);
    Incident i = incident();
    book.escalate(i.id(), "ladder exhausted");
    await().atMost(Duration.ofSeconds(10)).until(() -> outbox(i).getFirst().attempts() >= 1);
    config.set(new EscalationConfig(true, List.of(), FAST)); // a reload took the channel out

    await().atMost(Duration.ofSeconds(10)).until(() -> notified(i).size() == 1);
    assertThat(notified(i).getFirst().result()).isEqualTo("failed");
    assertThat(notified(i).getFirst().detail())
        .matches("channel ops: escalation gave up after \\d+ attempts? in \\d+m?s: channel ops is not configured any more");
    assertThat(outbox(i).getFirst().state()).isEqualTo(Outbox.State.FAILED);
  }

  @Test
  void anOutboxRowThatCannotBeReadIsGivenUpAndAuditedNotSkippedSilently() throws Exception {
    Incident i = incident();
    Instant now = Instant.now();
    store.outbox().enqueue(new Outbox.Row(0, i.id(), "api", "ops", "escalation", "", "k-1", "{not json",
        Outbox.State.PENDING, 0, now, now, null, null));
    escalator(FAST, webhook("ops", receiver(200).url("/hook")));
    assertThat(notified(i)).singleElement().satisfies(a -> {
      assertThat(a.result()).isEqualTo("failed");
      assertThat(a.detail()).startsWith("channel ops: escalation gave up: unreadable outbox row: IllegalArgumentException: ");
    });
    assertThat(outbox(i)).singleElement().satisfies(r -> assertThat(r.state()).isEqualTo(Outbox.State.FAILED));
  }

  @Test
  void anIncidentNobodyWasToldAboutResolvesQuietly() throws Exception {
    TestHttpServer hook = receiver(200);
    Escalator escalator = escalator(FAST, webhook("ops", hook.url("/hook")));
    incident();
    book.clear("api", "http_error", "condition cleared").orElseThrow();
    await().during(Duration.ofMillis(300)).until(() -> hook.requests().isEmpty());
  }

  @Test
  void aMessageStillPendingWhenMedicStopsIsSentByTheNextStartExactlyOnce() throws Exception {
    int port = freePort();
    Incident i = incident();
    Escalator before = new Escalator(book, store, () -> new EscalationConfig(true,
        List.of(webhook("ops", "http://127.0.0.1:" + port + "/hook")), new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMinutes(5))),
        channels, Clock.systemUTC());
    book.escalate(i.id(), "ladder exhausted");
    await().atMost(Duration.ofSeconds(10)).until(() -> outbox(i).getFirst().attempts() >= 1);
    before.drain(Duration.ofSeconds(5));

    TestHttpServer hook = new TestHttpServer(port, () -> 200);
    closing.add(hook);
    escalator(FAST, webhook("ops", hook.url("/hook")));
    await().atMost(Duration.ofSeconds(10)).until(() -> notified(i).size() == 1);
    await().during(Duration.ofMillis(300)).until(() -> hook.requests().size() == 1);
    assertThat(hook.requests().getFirst().header("Idempotency-Key")).isEqualTo(outbox(i).getFirst().idempotencyKey());
    assertThat(outbox(i).getFirst().state()).isEqualTo(Outbox.State.DELIVERED);
  }

  @Test
  void aChannelForCriticalIncidentsHearsNothingOfAWarningAndItsAllClear() throws Exception {
    TestHttpServer all = receiver(200);
    TestHttpServer pager = receiver(200);
    escalator(new AtomicReference<>(new EscalationConfig(true, List.of(webhook("chat", all.url("/chat")),
        new WebhookChannel("pager", URI.create(pager.url("/pager")), Map.of(), Duration.ofSeconds(2), Severity.CRITICAL)),
        FAST)));
    Incident warning = book.raise("web", "http_slow", Severity.WARNING, "slow").orElseThrow();
    Incident critical = book.raise("db", "db_connection_error", Severity.CRITICAL, "refused").orElseThrow();

    book.escalate(warning.id(), "no strategy");
    book.escalate(critical.id(), "no strategy");
    book.clear("web", "http_slow", "fast again");

    await().atMost(Duration.ofSeconds(10)).until(() -> all.requests().size() == 3 && pager.requests().size() == 1);
    assertThat(pager.requests()).singleElement().satisfies(r ->
        assertThat(json.readTree(r.body()).get("incident").get("target").asText()).isEqualTo("db"));
    await().during(Duration.ofMillis(300)).until(() -> pager.requests().size() == 1);
  }
}
