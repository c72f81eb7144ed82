package dev.medic.notify.pagerduty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.medic.spi.Bindings;
import dev.medic.spi.ChannelContext;
import dev.medic.spi.DeliveryFailure;
import dev.medic.spi.Incident;
import dev.medic.spi.IncidentState;
import dev.medic.spi.MessageKind;
import dev.medic.spi.Notice;
import dev.medic.spi.Severity;
import dev.medic.support.TestHttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What PagerDuty's Events API v2 receives from the channel, against a real HTTP receiver. */
class PagerDutyChannelTest {

  private static final String KEY = "R0ut1ngK3yR0ut1ngK3yR0ut1ngK3y12";
  private static final Instant OPENED = Instant.parse("2026-11-30T10:15:30Z");
  private static final ChannelContext CONTEXT = new ChannelContext(Bindings.none());

  private final ObjectMapper json = new ObjectMapper();
  private final TestHttpServer server;

  PagerDutyChannelTest() throws Exception {
    server = new TestHttpServer(() -> 202);
  }

  @AfterEach
  void close() {
    server.close();
  }

  private PagerDutyChannel channel() {
    return new PagerDutyChannel("pager", KEY, URI.create(server.url("/v2/enqueue")), Duration.ofSeconds(5), null);
  }

  private static Incident incident(Severity severity, IncidentState state) {
    return new Incident(12, "api", "http_error", severity, state, "HTTP 503", OPENED, OPENED, 3,
        List.of("restart_api"), state == IncidentState.ESCALATED, null, null, null);
  }

  private static Notice notice(MessageKind kind, Incident incident, String reason, Map<String, Object> extra) {
    return new Notice("idem-" + kind.key(), kind, incident, reason, extra);
  }

  private TestHttpServer.Request onlyRequest() {
    assertThat(server.requests()).hasSize(1);
    return server.requests().getFirst();
  }

  @Test
  void anEscalationTriggersAnAlertKeyedByTheIncident() throws Exception {
    channel().deliver(CONTEXT, notice(MessageKind.ESCALATION, incident(Severity.CRITICAL, IncidentState.ESCALATED),
        "ladder exhausted after restart_api", Map.of()));

    TestHttpServer.Request r = onlyRequest();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/v2/enqueue");
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    assertThat(r.header("Idempotency-Key")).isEqualTo("idem-escalation");
    assertThat(json.readTree(r.body())).isEqualTo(json.readTree("""
        {"routing_key": "%s", "dedup_key": "medic-12", "event_action": "trigger",
         "payload": {
           "summary": "[CRITICAL] api http_error: ladder exhausted after restart_api (incident #12)",
           "source": "api", "severity": "critical", "component": "api", "class": "http_error",
           "timestamp": "2026-11-30T10:15:30Z",
           "custom_details": {"incident_id": 12, "condition": "http_error", "state": "escalated",
                              "reason": "ladder exhausted after restart_api", "opened_at": "2026-11-30T10:15:30Z"}},
         "client": "medic"}
        """.formatted(KEY)));
  }

  @Test
  void anApprovalRequestTriggersAWarningThatSaysWhereToApprove() throws Exception {
    channel().deliver(CONTEXT, notice(MessageKind.APPROVAL_NEEDED,
        incident(Severity.WARNING, IncidentState.AWAITING_APPROVAL), "flush_cache needs approval",
        Map.of("approval_id", 7)));

    JsonNode body = json.readTree(onlyRequest().body());
    assertThat(body).isEqualTo(json.readTree("""
        {"routing_key": "%s", "dedup_key": "medic-12", "event_action": "trigger",
         "payload": {
           "summary": "APPROVAL NEEDED [WARNING] api http_error: flush_cache needs approval (incident #12) approve: POST /api/approvals/7",
           "source": "api", "severity": "warning", "component": "api", "class": "http_error",
           "timestamp": "2026-11-30T10:15:30Z",
           "custom_details": {"incident_id": 12, "condition": "http_error", "state": "awaiting_approval",
                              "reason": "flush_cache needs approval", "opened_at": "2026-11-30T10:15:30Z",
                              "approval_id": "7"}},
         "client": "medic"}
        """.formatted(KEY)));
  }

  @Test
  void theAllClearResolvesTheSameAlertWithNothingButItsKey() throws Exception {
    channel().deliver(CONTEXT, notice(MessageKind.RESOLVED, incident(Severity.CRITICAL, IncidentState.RESOLVED),
        "healed by restart_api", Map.of()));

    TestHttpServer.Request r = onlyRequest();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/v2/enqueue");
    assertThat(r.header("Idempotency-Key")).isEqualTo("idem-resolved");
    assertThat(json.readTree(r.body())).isEqualTo(json.readTree("""
        {"routing_key": "%s", "dedup_key": "medic-12", "event_action": "resolve"}
        """.formatted(KEY)));
  }

  @Test
  void theDedupKeyOfAnIncidentIsTheSameAfterARestart() throws Exception {
    Incident before = incident(Severity.CRITICAL, IncidentState.ESCALATED);
    // A restarted medic reads the incident back from its store: same id, a new object.
    Incident reread = new Incident(12, "api", "http_error", Severity.CRITICAL, IncidentState.RESOLVED, "ok",
        OPENED, OPENED.plusSeconds(600), 3, List.of("restart_api"), true, "resolved", "healed", OPENED.plusSeconds(600));
    channel().deliver(CONTEXT, notice(MessageKind.ESCALATION, before, "ladder exhausted", Map.of()));
    new PagerDutyChannel("pager", KEY, URI.create(server.url("/v2/enqueue")), null, null)
        .deliver(CONTEXT, notice(MessageKind.RESOLVED, reread, "healed", Map.of()));

    assertThat(server.requests()).extracting(r -> json.readTree(r.body()).path("dedup_key").asText())
        .containsExactly("medic-12", "medic-12");
  }

  @Test
  void aLongSummaryIsCutToWhatPagerDutyAccepts() throws Exception {
    channel().deliver(CONTEXT, notice(MessageKind.ESCALATION, incident(Severity.CRITICAL, IncidentState.ESCALATED),
        "x".repeat(3000), Map.of()));

    String summary = json.readTree(onlyRequest().body()).path("payload").path("summary").asText();
    assertThat(summary).hasSize(1024).startsWith("[CRITICAL] api http_error: xxx").endsWith("x…");
  }

  @Test
  void aRefusalIsAFailureQuotingTheStatusAndPagerDutysErrors() throws Exception {
    HttpServer refusing = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    refusing.createContext("/", ex -> {
      byte[] answer = "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\",\"errors\":[\"Length of 'routing_key' is incorrect (should be 32 characters)\"]}"
          .getBytes(StandardCharsets.UTF_8);
      ex.getRequestBody().readAllBytes();
      ex.sendResponseHeaders(400, answer.length);
      ex.getResponseBody().write(answer);
      ex.close();
    });
    refusing.start();
    try {
      PagerDutyChannel channel = new PagerDutyChannel(null, "short", URI.create(
          "http://127.0.0.1:" + refusing.getAddress().getPort() + "/v2/enqueue"), null, null);

      DeliveryFailure f = catchThrowableOfType(DeliveryFailure.class, () -> channel.deliver(CONTEXT,
          notice(MessageKind.ESCALATION, incident(Severity.CRITICAL, IncidentState.ESCALATED), "r", Map.of())));

      assertThat(f).hasMessage("HTTP 400: {\"status\":\"invalid event\",\"message\":\"Event object is invalid\","
          + "\"errors\":[\"Length of 'routing_key' is incorrect (should be 32 characters)\"]}");
    } finally {
      refusing.stop(0);
    }
  }

  @Test
  void rateLimitingIsAFailureSoTheOutboxTriesAgain() throws Exception {
    try (TestHttpServer limited = new TestHttpServer(() -> 429)) {
      PagerDutyChannel channel = new PagerDutyChannel(null, KEY, URI.create(limited.url("/v2/enqueue")), null, null);

      DeliveryFailure f = catchThrowableOfType(DeliveryFailure.class, () -> channel.deliver(CONTEXT,
          notice(MessageKind.ESCALATION, incident(Severity.CRITICAL, IncidentState.ESCALATED), "r", Map.of())));

      assertThat(f).hasMessageStartingWith("HTTP 429");
    }
  }

  @Test
  void theRoutingKeyIsNeverShown() {
    PagerDutyChannel channel = channel();

    assertThat(channel.destination()).isEqualTo(server.url("/v2/enqueue")).doesNotContain(KEY);
    assertThat(channel.toString()).doesNotContain(KEY).contains("routing_key=***");
  }

  @Test
  void defaultsAreTheRealEndpointTenSecondsAndEverySeverity() {
    PagerDutyChannel channel = new PagerDutyChannel(null, KEY, null, null, null);

    assertThat(channel.name()).isEqualTo("pagerduty");
    assertThat(channel.url()).isEqualTo(URI.create("https://events.pagerduty.com/v2/enqueue"));
    assertThat(channel.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(channel.accepts(Severity.WARNING)).isTrue();
    assertThat(channel.problems()).isEmpty();
  }
}
