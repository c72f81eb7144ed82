package dev.medic.notify.opsgenie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.spi.Bindings;
import dev.medic.spi.ChannelContext;
import dev.medic.spi.DeliveryFailure;
import dev.medic.spi.Incident;
import dev.medic.spi.IncidentState;
import dev.medic.spi.MessageKind;
import dev.medic.spi.Notice;
import dev.medic.spi.Severity;
import dev.medic.support.TestHttpServer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What Opsgenie's Alert API receives from the channel, against a real HTTP receiver. */
class OpsgenieChannelTest {

  private static final String KEY = "eb243592-faa2-4ba2-a551q-1afdf565c889";
  private static final Instant OPENED = Instant.parse("2026-11-30T10:15:30Z");
  private static final ChannelContext CONTEXT = new ChannelContext(Bindings.none());

  private final ObjectMapper json = new ObjectMapper();
  private final TestHttpServer server;

  OpsgenieChannelTest() throws Exception {
    server = new TestHttpServer(() -> 202);
  }

  @AfterEach
  void close() {
    server.close();
  }

  private OpsgenieChannel channel() {
    return new OpsgenieChannel("genie", KEY, URI.create(server.url("")), Duration.ofSeconds(5), null,
        List.of(Map.of("type", "team", "name", "ops")), List.of("medic", "prod"));
  }

  private static Incident incident(Severity severity, IncidentState state) {
    return new Incident(12, "api", "http_error", severity, state, "HTTP 503 from /health", OPENED, OPENED, 3,
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
  void anEscalationCreatesAP1AlertAliasedByTheIncident() throws Exception {
    channel().deliver(CONTEXT, notice(MessageKind.ESCALATION, incident(Severity.CRITICAL, IncidentState.ESCALATED),
        "ladder exhausted after restart_api", Map.of()));

    TestHttpServer.Request r = onlyRequest();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/v2/alerts");
    assertThat(r.header("Authorization")).isEqualTo("GenieKey " + KEY);
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    assertThat(r.header("Idempotency-Key")).isEqualTo("idem-escalation");
    assertThat(json.readTree(r.body())).isEqualTo(json.readTree("""
        {"message": "[CRITICAL] api http_error: ladder exhausted after restart_api (incident #12)",
         "alias": "medic-12",
         "description": "[CRITICAL] api http_error: ladder exhausted after restart_api (incident #12)\\n\\nHTTP 503 from /health",
         "responders": [{"type": "team", "name": "ops"}],
         "tags": ["medic", "prod"],
         "details": {"incident_id": "12", "target": "api", "condition": "http_error", "severity": "critical",
                     "state": "escalated", "reason": "ladder exhausted after restart_api",
                     "opened_at": "2026-11-30T10:15:30Z"},
         "entity": "api", "source": "medic", "priority": "P1"}
        """));
  }

  @Test
  void anApprovalRequestOfAWarningIsAP3AlertThatSaysWhereToApprove() throws Exception {
    new OpsgenieChannel(null, KEY, URI.create(server.url("/")), null, null, null, null)
        .deliver(CONTEXT, notice(MessageKind.APPROVAL_NEEDED, incident(Severity.WARNING, IncidentState.AWAITING_APPROVAL),
            "flush", Map.of("approval_id", 7)));

    TestHttpServer.Request r = onlyRequest();
    assertThat(r.path()).isEqualTo("/v2/alerts");
    assertThat(json.readTree(r.body())).isEqualTo(json.readTree("""
        {"message": "APPROVAL NEEDED [WARNING] api http_error: flush (incident #12) approve: POST /api/approvals/7",
         "alias": "medic-12",
         "description": "APPROVAL NEEDED [WARNING] api http_error: flush (incident #12) approve: POST /api/approvals/7\\n\\nHTTP 503 from /health",
         "tags": [],
         "details": {"incident_id": "12", "target": "api", "condition": "http_error", "severity": "warning",
                     "state": "awaiting_approval", "reason": "flush", "opened_at": "2026-11-30T10:15:30Z",
                     "approval_id": "7"},
         "entity": "api", "source": "medic", "priority": "P3"}
        """));
  }

  @Test
  void theAllClearClosesTheAlertByItsAlias() throws Exception {
    channel().deliver(CONTEXT, notice(MessageKind.RESOLVED, incident(Severity.CRITICAL, IncidentState.RESOLVED),
        "healed by restart_api", Map.of()));

    TestHttpServer.Request r = onlyRequest();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/v2/alerts/medic-12/close?identifierType=alias");
    assertThat(r.header("Authorization")).isEqualTo("GenieKey " + KEY);
    assertThat(r.header("Idempotency-Key")).isEqualTo("idem-resolved");
    assertThat(json.readTree(r.body())).isEqualTo(json.readTree("""
        {"source": "medic", "note": "RESOLVED api http_error: healed by restart_api (incident #12)"}
        """));
  }

  @Test
  void aLongMessageIsCutTo130CharsButTheDescriptionKeepsItAll() throws Exception {
    String reason = "y".repeat(400);
    channel().deliver(CONTEXT, notice(MessageKind.ESCALATION, incident(Severity.CRITICAL, IncidentState.ESCALATED),
        reason, Map.of()));

    var body = json.readTree(onlyRequest().body());
    assertThat(body.path("message").asText()).hasSize(130).endsWith("y…");
    assertThat(body.path("description").asText()).contains(reason);
  }

  @Test
  void aRefusalIsAFailureQuotingTheStatus() throws Exception {
    try (TestHttpServer refusing = new TestHttpServer(() -> 422)) {
      OpsgenieChannel channel = new OpsgenieChannel(null, KEY, URI.create(refusing.url("")), null, null, null, null);

      DeliveryFailure f = catchThrowableOfType(DeliveryFailure.class, () -> channel.deliver(CONTEXT,
          notice(MessageKind.ESCALATION, incident(Severity.CRITICAL, IncidentState.ESCALATED), "r", Map.of())));

      assertThat(f).hasMessage("HTTP 422: {\"status\":\"error\"}");
    }
  }

  @Test
  void theApiKeyIsNeverShown() {
    OpsgenieChannel channel = channel();

    assertThat(channel.destination()).isEqualTo(server.url("")).doesNotContain(KEY);
    assertThat(channel.toString()).doesNotContain(KEY).contains("api_key=***");
  }

  @Test
  void defaultsAreTheRealApiTenSecondsAndEverySeverity() {
    OpsgenieChannel channel = new OpsgenieChannel(null, KEY, null, null, null, null, null);

    assertThat(channel.name()).isEqualTo("opsgenie");
    assertThat(channel.url()).isEqualTo(URI.create("https://api.opsgenie.com"));
    assertThat(channel.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(channel.responders()).isEmpty();
    assertThat(channel.tags()).isEmpty();
    assertThat(channel.accepts(Severity.WARNING)).isTrue();
    assertThat(channel.problems()).isEmpty();
  }
}
