package dev.medic.notify.teams;

import static java.nio.charset.StandardCharsets.UTF_8;
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

/** The teams channel against a local receiver that answers 202 as a Workflows webhook does. */
class TeamsChannelTest {

  private static final Instant OPENED = Instant.parse("2026-11-30T10:15:00Z");
  private static final String SECRET_PATH = "/workflows/abc123/triggers/manual/paths/invoke";
  private static final String SECRET_QUERY = "api-version=2016-06-01&sp=%2Ftriggers&sv=1.0&sig=XXXXsecretXXXX";

  private final ObjectMapper json = new ObjectMapper();
  private final ChannelContext context = new ChannelContext(Bindings.none());
  private TestHttpServer teams;

  @AfterEach
  void stop() {
    if (teams != null) {
      teams.close();
    }
  }

  private static Incident incident(Severity severity) {
    return new Incident(12, "api", "http_error", severity, IncidentState.ESCALATED, "HTTP 503 from /health", OPENED,
        OPENED.plusSeconds(60), 2, List.of("restart_api"), true, "escalated", null, null);
  }

  private TeamsChannel channel() throws Exception {
    teams = new TestHttpServer(() -> 202);
    return new TeamsChannel(null, URI.create(teams.url(SECRET_PATH + "?" + SECRET_QUERY)), Duration.ofSeconds(5),
        null);
  }

  private TestHttpServer.Request onlyRequest() {
    assertThat(teams.requests()).hasSize(1);
    return teams.requests().getFirst();
  }

  private static String card(String title, String color, String reason, String severity) {
    return """
        {"type":"message",
         "attachments":[{"contentType":"application/vnd.microsoft.card.adaptive",
           "contentUrl":null,
           "content":{"$schema":"http://adaptivecards.io/schemas/adaptive-card.json",
             "type":"AdaptiveCard","version":"1.4",
             "body":[
               {"type":"TextBlock","text":"%s","weight":"bolder","size":"medium","color":"%s","wrap":true},
               {"type":"TextBlock","text":"%s","wrap":true},
               {"type":"FactSet","facts":[
                 {"title":"Target","value":"api"},
                 {"title":"Condition","value":"http_error"},
                 {"title":"Severity","value":"%s"},
                 {"title":"Incident","value":"#12"},
                 {"title":"Opened","value":"2026-11-30T10:15:00Z"}]}]}}]}
        """.formatted(title, color, reason, severity);
  }

  @Test
  void aCriticalEscalationIsAnAdaptiveCardWithARedTitle() throws Exception {
    TeamsChannel channel = channel();

    channel.deliver(context, new Notice("key-1", MessageKind.ESCALATION, incident(Severity.CRITICAL),
        "ladder exhausted after restart_api", Map.of()));

    TestHttpServer.Request r = onlyRequest();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo(SECRET_PATH + "?" + SECRET_QUERY);
    assertThat(r.headers().keySet()).containsExactlyInAnyOrder(
        "Host", "User-agent", "Connection", "Content-type", "Content-length", "Idempotency-key");
    assertThat(r.header("Host")).isEqualTo("127.0.0.1:" + teams.port());
    assertThat(r.header("Content-Length")).isEqualTo(String.valueOf(r.body().getBytes(UTF_8).length));
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    assertThat(r.header("Idempotency-Key")).isEqualTo("key-1");
    assertThat(json.readTree(r.body())).isEqualTo(json.readTree(card("[CRITICAL] api http_error (incident #12)",
        "attention", "ladder exhausted after restart_api", "critical")));
  }

  @Test
  void anApprovalRequestForAWarningIsAmberAndSaysWhereToApprove() throws Exception {
    TeamsChannel channel = channel();

    channel.deliver(context, new Notice("key-2", MessageKind.APPROVAL_NEEDED, incident(Severity.WARNING),
        "restart_db needs approval", Map.of("approval_id", 7)));

    TestHttpServer.Request r = onlyRequest();
    assertThat(r.header("Idempotency-Key")).isEqualTo("key-2");
    assertThat(json.readTree(r.body())).isEqualTo(json.readTree(card(
        "APPROVAL NEEDED [WARNING] api http_error (incident #12)", "warning",
        "restart_db needs approval; approve: POST /api/approvals/7", "warning")));
  }

  @Test
  void theAllClearIsGreen() throws Exception {
    TeamsChannel channel = channel();

    channel.deliver(context, new Notice("key-3", MessageKind.RESOLVED,
        incident(Severity.CRITICAL).resolvedAt("healed by restart_api", OPENED.plusSeconds(300)),
        "healed by restart_api", Map.of()));

    assertThat(json.readTree(onlyRequest().body())).isEqualTo(json.readTree(card(
        "RESOLVED api http_error (incident #12)", "good", "healed by restart_api", "critical")));
  }

  @Test
  void aRefusalIsADeliveryFailureQuotingStatusAndAnswer() throws Exception {
    teams = new TestHttpServer(() -> 400);
    TeamsChannel channel = new TeamsChannel("ops", URI.create(teams.url(SECRET_PATH)), null, null);

    DeliveryFailure e = catchThrowableOfType(DeliveryFailure.class, () -> channel.deliver(context,
        new Notice("k", MessageKind.ESCALATION, incident(Severity.CRITICAL), "r", Map.of())));

    assertThat(e).hasMessage("HTTP 400: {\"status\":\"error\"}");
  }

  @Test
  void theWebhookSignatureNeverShowsInDestinationOrToString() {
    TeamsChannel channel = new TeamsChannel("ops",
        URI.create("https://prod-12.westeurope.logic.azure.com:443" + SECRET_PATH + "?" + SECRET_QUERY), null,
        Severity.WARNING);

    assertThat(channel.destination()).isEqualTo("https://prod-12.westeurope.logic.azure.com:443/***");
    assertThat(channel.toString())
        .isEqualTo("TeamsChannel[name=ops, url=https://prod-12.westeurope.logic.azure.com:443/***, timeout=10s,"
            + " min_severity=warning]")
        .doesNotContain("secret").doesNotContain("sig=");
  }
}
