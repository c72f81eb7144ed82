package dev.medic.notify.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a receiver written for Alertmanager's webhook gets from the channel, against a real HTTP receiver. */
class AlertmanagerChannelTest {

  private static final Instant OPENED = Instant.parse("2026-11-30T10:15:30.123456789Z");
  private static final Instant RESOLVED_AT = Instant.parse("2026-11-30T10:25:30Z");
  private static final ChannelContext CONTEXT = new ChannelContext(Bindings.none());

  private final ObjectMapper json = new ObjectMapper();
  private final TestHttpServer server;

  AlertmanagerChannelTest() throws Exception {
    server = new TestHttpServer(() -> 200);
  }

  @AfterEach
  void close() {
    server.close();
  }

  private AlertmanagerChannel channel() {
    return new AlertmanagerChannel("am", URI.create(server.url("/hook")), "http://medic:8080",
        Duration.ofSeconds(5), null);
  }

  private static Incident incident(IncidentState state) {
    boolean resolved = state == IncidentState.RESOLVED;
    return new Incident(12, "api", "http_error", Severity.CRITICAL, state, "HTTP 503", OPENED,
        resolved ? RESOLVED_AT : OPENED, 3, List.of("restart_api"), true, resolved ? "resolved" : null,
        resolved ? "healed" : null, resolved ? RESOLVED_AT : null);
  }

  private static Notice notice(MessageKind kind, IncidentState state, String reason, Map<String, Object> extra) {
    return new Notice("idem-" + kind.key(), kind, incident(state), reason, extra);
  }

  private TestHttpServer.Request onlyRequest() {
    assertThat(server.requests()).hasSize(1);
    return server.requests().getFirst();
  }

  private static final String EXPECTED = """
      {"receiver": "am", "status": "%1$s",
       "alerts": [{"status": "%1$s",
         "labels": {"alertname": "http_error", "target": "api", "severity": "critical", "incident": "12",
                    "source": "medic"},
         "annotations": {"summary": "%2$s", "description": "%3$s"},
         "startsAt": "2026-11-30T10:15:30.123456789Z", "endsAt": "%4$s",
         "generatorURL": "http://medic:8080", "fingerprint": "%5$s"}],
       "groupLabels": {"incident": "12"},
       "commonLabels": {"alertname": "http_error", "target": "api", "severity": "critical", "incident": "12",
                        "source": "medic"},
       "commonAnnotations": {"summary": "%2$s", "description": "%3$s"},
       "externalURL": "http://medic:8080", "version": "4", "groupKey": "{}:{incident=\\"12\\"}",
       "truncatedAlerts": 0}
      """;

  @Test
  void anEscalationFiresOneAlertGroupedByTheIncident() throws Exception {
    channel().deliver(CONTEXT, notice(MessageKind.ESCALATION, IncidentState.ESCALATED,
        "ladder exhausted after restart_api", Map.of()));

    TestHttpServer.Request r = onlyRequest();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/hook");
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    assertThat(r.header("Idempotency-Key")).isEqualTo("idem-escalation");
    assertThat(json.readTree(r.body())).isEqualTo(json.readTree(EXPECTED.formatted("firing",
        "[CRITICAL] api http_error: ladder exhausted after restart_api (incident #12)",
        "ladder exhausted after restart_api", "0001-01-01T00:00:00Z", AlertmanagerWebhook.fingerprint(incident(
            IncidentState.ESCALATED)))));
  }

  @Test
  void anApprovalRequestFiresAndSaysWhereToApprove() throws Exception {
    channel().deliver(CONTEXT, notice(MessageKind.APPROVAL_NEEDED, IncidentState.AWAITING_APPROVAL,
        "flush_cache needs approval", Map.of("approval_id", 7)));

    TestHttpServer.Request r = onlyRequest();
    assertThat(r.header("Idempotency-Key")).isEqualTo("idem-approval_needed");
    assertThat(json.readTree(r.body())).isEqualTo(json.readTree(EXPECTED.formatted("firing",
        "APPROVAL NEEDED [CRITICAL] api http_error: flush_cache needs approval (incident #12) "
            + "approve: POST /api/approvals/7",
        "flush_cache needs approval", "0001-01-01T00:00:00Z", AlertmanagerWebhook.fingerprint(incident(
            IncidentState.ESCALATED)))));
  }

  @Test
  void theAllClearResolvesTheSameAlertEndingWhenTheIncidentWasResolved() throws Exception {
    channel().deliver(CONTEXT, notice(MessageKind.RESOLVED, IncidentState.RESOLVED, "healed by restart_api",
        Map.of()));

    TestHttpServer.Request r = onlyRequest();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.header("Idempotency-Key")).isEqualTo("idem-resolved");
    assertThat(json.readTree(r.body())).isEqualTo(json.readTree(EXPECTED.formatted("resolved",
        "RESOLVED api http_error: healed by restart_api (incident #12)", "healed by restart_api",
        "2026-11-30T10:25:30Z", AlertmanagerWebhook.fingerprint(incident(IncidentState.ESCALATED)))));
  }

  @Test
  void theFingerprintIsSixteenHexDigitsStablePerIncidentAndDistinctBetweenIncidents() {
    Incident twelve = incident(IncidentState.ESCALATED);

    assertThat(AlertmanagerWebhook.fingerprint(twelve)).matches("[0-9a-f]{16}")
        .isEqualTo(AlertmanagerWebhook.fingerprint(incident(IncidentState.RESOLVED)))
        .isNotEqualTo(AlertmanagerWebhook.fingerprint(twelve.withId(13)));
  }

  @Test
  void firingAndResolvedBodiesHaveExactlyTheKeysAndTypesAlertmanagerSends() throws Exception {
    channel().deliver(CONTEXT, notice(MessageKind.ESCALATION, IncidentState.ESCALATED, "r", Map.of()));
    channel().deliver(CONTEXT, notice(MessageKind.RESOLVED, IncidentState.RESOLVED, "r", Map.of()));

    List<TestHttpServer.Request> sent = server.requests();
    assertThat(shape(json.readTree(sent.get(0).body())))
        .isEqualTo(shape(fixture("alertmanager-webhook-firing.json")));
    assertThat(shape(json.readTree(sent.get(1).body())))
        .isEqualTo(shape(fixture("alertmanager-webhook-resolved.json")));
  }

  @Test
  void theHeadersAreThoseAlertmanagerSends() throws Exception {
    List<String> recorded = Files.readAllLines(fixture().resolve("alertmanager-webhook-headers.txt"));
    channel().deliver(CONTEXT, notice(MessageKind.ESCALATION, IncidentState.ESCALATED, "r", Map.of()));

    TestHttpServer.Request r = onlyRequest();
    assertThat(recorded.getFirst()).startsWith(r.method() + " ");
    assertThat(recorded).contains("Content-Type: " + r.header("Content-Type"));
  }

  @Test
  void aRefusalIsAFailureQuotingTheStatus() throws Exception {
    try (TestHttpServer refusing = new TestHttpServer(() -> 503)) {
      AlertmanagerChannel channel = new AlertmanagerChannel(null, URI.create(refusing.url("/hook")), null, null,
          null);

      DeliveryFailure f = catchThrowableOfType(DeliveryFailure.class, () -> channel.deliver(CONTEXT,
          notice(MessageKind.ESCALATION, IncidentState.ESCALATED, "r", Map.of())));

      assertThat(f).hasMessageStartingWith("HTTP 503");
    }
  }

  @Test
  void aSecretInTheUrlIsNeverShown() {
    AlertmanagerChannel channel = new AlertmanagerChannel(null,
        URI.create("https://user:s3cr3t@hooks.example.com/hook?token=s3cr3t"), null, null, null);

    assertThat(channel.destination()).doesNotContain("s3cr3t");
    assertThat(channel.toString()).doesNotContain("s3cr3t");
  }

  @Test
  void defaultsAreTheTypeAnEmptyExternalUrlTenSecondsAndEverySeverity() {
    AlertmanagerChannel channel = new AlertmanagerChannel(null, URI.create("http://127.0.0.1:9095/hook"), null,
        null, null);

    assertThat(channel.name()).isEqualTo("alertmanager");
    assertThat(channel.externalUrl()).isEmpty();
    assertThat(channel.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(channel.accepts(Severity.WARNING)).isTrue();
    assertThat(channel.problems()).isEmpty();
  }

  /** Recorded byte for byte from Alertmanager 0.25.0 posting to a webhook receiver. */
  private static Path fixture() throws Exception {
    return Path.of(AlertmanagerChannelTest.class.getResource("alertmanager-webhook-firing.json").toURI()).getParent();
  }

  private JsonNode fixture(String name) throws Exception {
    return json.readTree(fixture().resolve(name).toFile());
  }

  /** Every key path with the JSON type of its value, labels and annotations reduced to "string map". */
  private static Map<String, String> shape(JsonNode node) {
    Map<String, String> out = new TreeMap<>();
    walk("", node, out);
    return out;
  }

  private static void walk(String path, JsonNode node, Map<String, String> out) {
    if (path.endsWith("abels") || path.endsWith("nnotations")) {
      // Label and annotation names are the sender's own; Alertmanager's contract is string to string.
      node.fields().forEachRemaining(e -> assertThat(e.getValue().isTextual()).as(path + "." + e.getKey()).isTrue());
      out.put(path, node.getNodeType() + " of strings");
      return;
    }
    out.put(path, node.getNodeType().toString());
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> walk(path + "." + e.getKey(), e.getValue(), out));
    } else if (node.isArray()) {
      node.forEach(element -> walk(path + "[]", element, out));
    }
  }
}
