package dev.medic.notify.cdevents;

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

/** What a CloudEvents receiver gets from the channel, against a real HTTP receiver. */
class CdEventsChannelTest {

  private static final Instant OPENED = Instant.parse("2026-11-30T10:15:30Z");
  private static final Instant ESCALATED = Instant.parse("2026-11-30T10:18:00Z");
  private static final Instant RESOLVED_AT = Instant.parse("2026-11-30T10:25:30Z");
  private static final ChannelContext CONTEXT = new ChannelContext(Bindings.none());

  private final ObjectMapper json = new ObjectMapper();
  private final TestHttpServer server;

  CdEventsChannelTest() throws Exception {
    server = new TestHttpServer(() -> 202);
  }

  @AfterEach
  void close() {
    server.close();
  }

  private CdEventsChannel channel() {
    return new CdEventsChannel("events", URI.create(server.url("/events")), "medic/prod-eu", "production",
        Duration.ofSeconds(5), null);
  }

  private static Notice notice(MessageKind kind, IncidentState state, String reason, Map<String, Object> extra) {
    boolean resolved = state == IncidentState.RESOLVED;
    Incident incident = new Incident(12, "api", "http_error", Severity.CRITICAL, state, "HTTP 503", OPENED,
        resolved ? RESOLVED_AT : ESCALATED, 3, List.of("restart_api"), true, resolved ? "resolved" : null,
        resolved ? "healed" : null, resolved ? RESOLVED_AT : null);
    return new Notice("idem-" + kind.key(), kind, incident, reason, extra);
  }

  private TestHttpServer.Request onlyRequest() {
    assertThat(server.requests()).hasSize(1);
    return server.requests().getFirst();
  }

  private void assertHeaders(TestHttpServer.Request r, String key) {
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/events");
    assertThat(r.header("Content-Type")).isEqualTo("application/cloudevents+json");
    assertThat(r.header("Idempotency-Key")).isEqualTo(key);
  }

  @Test
  void anEscalationIsAnIncidentDetectedEvent() throws Exception {
    channel().deliver(CONTEXT, notice(MessageKind.ESCALATION, IncidentState.ESCALATED,
        "ladder exhausted after restart_api", Map.of()));

    TestHttpServer.Request r = onlyRequest();
    assertHeaders(r, "idem-escalation");
    assertThat(json.readTree(r.body())).isEqualTo(json.readTree("""
        {"specversion": "1.0", "id": "idem-escalation", "source": "medic/prod-eu",
         "type": "dev.cdevents.incident.detected.0.1.0", "time": "2026-11-30T10:18:00Z",
         "datacontenttype": "application/json",
         "data": {
           "context": {"version": "0.4.1", "id": "idem-escalation", "source": "medic/prod-eu",
                       "type": "dev.cdevents.incident.detected.0.1.0", "timestamp": "2026-11-30T10:18:00Z"},
           "subject": {"id": "incident-12", "source": "medic/prod-eu",
             "content": {
               "description": "[CRITICAL] api http_error: ladder exhausted after restart_api (incident #12)",
               "environment": {"id": "production"}, "service": {"id": "api"}}}}}
        """));
  }

  @Test
  void anApprovalRequestIsAnIncidentReportedEventWhoseTicketIsTheApproval() throws Exception {
    channel().deliver(CONTEXT, notice(MessageKind.APPROVAL_NEEDED, IncidentState.AWAITING_APPROVAL,
        "flush_cache needs approval", Map.of("approval_id", 7)));

    TestHttpServer.Request r = onlyRequest();
    assertHeaders(r, "idem-approval_needed");
    assertThat(json.readTree(r.body())).isEqualTo(json.readTree("""
        {"specversion": "1.0", "id": "idem-approval_needed", "source": "medic/prod-eu",
         "type": "dev.cdevents.incident.reported.0.1.0", "time": "2026-11-30T10:18:00Z",
         "datacontenttype": "application/json",
         "data": {
           "context": {"version": "0.4.1", "id": "idem-approval_needed", "source": "medic/prod-eu",
                       "type": "dev.cdevents.incident.reported.0.1.0", "timestamp": "2026-11-30T10:18:00Z"},
           "subject": {"id": "incident-12", "source": "medic/prod-eu",
             "content": {
               "description": "APPROVAL NEEDED [CRITICAL] api http_error: flush_cache needs approval (incident #12) approve: POST /api/approvals/7",
               "environment": {"id": "production"}, "service": {"id": "api"},
               "ticketURI": "/api/approvals/7"}}}}
        """));
  }

  @Test
  void theAllClearIsAnIncidentResolvedEventAtTheResolutionTime() throws Exception {
    channel().deliver(CONTEXT, notice(MessageKind.RESOLVED, IncidentState.RESOLVED, "healed by restart_api",
        Map.of()));

    TestHttpServer.Request r = onlyRequest();
    assertHeaders(r, "idem-resolved");
    assertThat(json.readTree(r.body())).isEqualTo(json.readTree("""
        {"specversion": "1.0", "id": "idem-resolved", "source": "medic/prod-eu",
         "type": "dev.cdevents.incident.resolved.0.1.0", "time": "2026-11-30T10:25:30Z",
         "datacontenttype": "application/json",
         "data": {
           "context": {"version": "0.4.1", "id": "idem-resolved", "source": "medic/prod-eu",
                       "type": "dev.cdevents.incident.resolved.0.1.0", "timestamp": "2026-11-30T10:25:30Z"},
           "subject": {"id": "incident-12", "source": "medic/prod-eu",
             "content": {
               "description": "RESOLVED api http_error: healed by restart_api (incident #12)",
               "environment": {"id": "production"}, "service": {"id": "api"}}}}}
        """));
  }

  @Test
  void aRefusalIsAFailureQuotingTheStatus() throws Exception {
    try (TestHttpServer refusing = new TestHttpServer(() -> 400)) {
      CdEventsChannel channel = new CdEventsChannel(null, URI.create(refusing.url("/events")), null, null, null,
          null);

      DeliveryFailure f = catchThrowableOfType(DeliveryFailure.class, () -> channel.deliver(CONTEXT,
          notice(MessageKind.ESCALATION, IncidentState.ESCALATED, "r", Map.of())));

      assertThat(f).hasMessageStartingWith("HTTP 400");
    }
  }

  @Test
  void aSecretInTheUrlIsNeverShown() {
    CdEventsChannel channel = new CdEventsChannel(null,
        URI.create("https://user:s3cr3t@broker.example.com/events?access_token=s3cr3t"), null, null, null, null);

    assertThat(channel.destination()).isEqualTo("https://user:***@broker.example.com/events?***");
    assertThat(channel.toString()).doesNotContain("s3cr3t");
  }

  @Test
  void defaultsAreMedicTheDefaultEnvironmentTenSecondsAndEverySeverity() {
    CdEventsChannel channel = new CdEventsChannel(null, URI.create("http://127.0.0.1:8080/events"), null, null,
        null, null);

    assertThat(channel.name()).isEqualTo("cdevents");
    assertThat(channel.source()).isEqualTo("medic");
    assertThat(channel.environment()).isEqualTo("default");
    assertThat(channel.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(channel.accepts(Severity.WARNING)).isTrue();
    assertThat(channel.problems()).isEmpty();
  }
}
