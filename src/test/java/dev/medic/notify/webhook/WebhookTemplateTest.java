package dev.medic.notify.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.config.ConfigException;
import dev.medic.config.MedicConfig;
import dev.medic.spi.Bindings;
import dev.medic.spi.ChannelContext;
import dev.medic.spi.Incident;
import dev.medic.spi.IncidentState;
import dev.medic.spi.MessageKind;
import dev.medic.spi.Notice;
import dev.medic.spi.Severity;
import dev.medic.support.ConfigText;
import dev.medic.support.TestHttpServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A webhook's own body template, from the YAML to the request a real receiver gets. */
class WebhookTemplateTest {

  private static final Instant OPENED = Instant.parse("2026-11-30T10:15:30Z");
  private static final ChannelContext CONTEXT = new ChannelContext(Bindings.none());
  private static final String REASON = "ladder exhausted: \"restart_api\" said\nno & {target} <b>";

  private final ObjectMapper json = new ObjectMapper();
  private final TestHttpServer server;

  WebhookTemplateTest() throws Exception {
    server = new TestHttpServer(() -> 200);
  }

  @AfterEach
  void close() {
    server.close();
  }

  private MedicConfig load(String channel) throws ConfigException {
    return ConfigText.load("""
        escalation:
          channels:
            - type: webhook
              url: %s
        """.formatted(server.url("/hook")) + channel.indent(6), Map.of());
  }

  private static ConfigException.Problem problem(String yaml) {
    return ConfigText.onlyProblem(yaml, Map.of());
  }

  private static Notice notice() {
    Incident incident = new Incident(12, "api \"edge\"", "http_error", Severity.CRITICAL, IncidentState.ESCALATED,
        "HTTP 503", OPENED, OPENED, 3, List.of("restart_api"), true, null, null, null);
    return new Notice("idem-1", MessageKind.ESCALATION, incident, REASON, Map.of());
  }

  private TestHttpServer.Request sendOne(MedicConfig cfg) throws Exception {
    cfg.escalation().channels().getFirst().deliver(CONTEXT, notice());
    assertThat(server.requests()).hasSize(1);
    return server.requests().getFirst();
  }

  /** A config with one {@code webhook} channel made of {@code keys}; its first key is on line 4. */
  private static String webhookChannel(String keys) {
    return """
        escalation:
          channels:
            - type: webhook
        """ + keys.indent(6);
  }

  @Test
  void aJsonTemplateIsStillJsonWithQuotesAndNewlinesInTheValues() throws Exception {
    MedicConfig cfg = load("""
        body: |
          {"text": "{headline}: {reason}", "id": {incident_id}, "target": "{target}", "event": "{event}",
           "condition": "{condition}", "severity": "{severity}", "message": "{message}", "state": "{state}",
           "opened_at": "{opened_at}", "key": "{idempotency_key}"}
        """);

    TestHttpServer.Request r = sendOne(cfg);

    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/hook");
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    assertThat(r.header("Idempotency-Key")).isEqualTo("idem-1");
    assertThat(json.readTree(r.body())).isEqualTo(json.createObjectNode()
        .put("text", "[CRITICAL] api \"edge\" http_error: " + REASON)
        .put("id", 12)
        .put("target", "api \"edge\"")
        .put("event", "escalation")
        .put("condition", "http_error")
        .put("severity", "critical")
        .put("message", "HTTP 503")
        .put("state", "escalated")
        .put("opened_at", "2026-11-30T10:15:30Z")
        .put("key", "idem-1"));
  }

  @Test
  void aPlainTextTemplateGetsTheValuesAsTheyAreFilledInOnePass() throws Exception {
    MedicConfig cfg = load("""
        content_type: text/plain; charset=utf-8
        body: "{headline} #{incident_id}: {reason}"
        """);

    TestHttpServer.Request r = sendOne(cfg);

    assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    // {target} inside the reason is the reason's text, not filled in again.
    assertThat(r.body()).isEqualTo("[CRITICAL] api \"edge\" http_error #12: " + REASON);
  }

  @Test
  void aFormTemplateGetsEachValueFormEncoded() throws Exception {
    MedicConfig cfg = load("""
        content_type: application/x-www-form-urlencoded
        body: "target={target}&reason={reason}&severity={severity}"
        """);

    TestHttpServer.Request r = sendOne(cfg);

    assertThat(r.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
    assertThat(r.body()).isEqualTo("target=api+%22edge%22&reason=ladder+exhausted%3A+%22restart_api%22+said%0Ano+%26"
        + "+%7Btarget%7D+%3Cb%3E&severity=critical");
  }

  @Test
  void withoutATemplateTheStandardDocumentIsSentAsBefore() throws Exception {
    MedicConfig cfg = load("");

    TestHttpServer.Request r = sendOne(cfg);

    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    assertThat(json.readTree(r.body())).isEqualTo(json.readTree(notice().payloadBytes()));
  }

  @Test
  void anUnknownPlaceholderIsReportedOnItsLineWithTheKnownOnes() {
    ConfigException.Problem p = problem(webhookChannel("""
        url: https://hooks.example.com/medic
        body: '{"text": "{summary}"}'
        """));

    assertThat(p.line()).isEqualTo(5);
    assertThat(p.field()).isEqualTo("escalation.channels[0].body");
    assertThat(p.message()).isEqualTo("body has an unknown placeholder {summary}; known: {event}, {target},"
        + " {condition}, {severity}, {incident_id}, {reason}, {message}, {state}, {opened_at}, {idempotency_key},"
        + " {headline}");
  }

  @Test
  void aJsonTemplateWithAPlaceholderOutsideAStringIsRefused() {
    ConfigException.Problem p = problem(webhookChannel("""
        url: https://hooks.example.com/medic
        body: '{"target": {target}}'
        """));

    assertThat(p.line()).isEqualTo(5);
    assertThat(p.message()).startsWith("body must be JSON once filled in (content_type is JSON); put placeholders"
        + " inside JSON strings, like {\"target\": \"{target}\"}: Unrecognized token 'x'");
  }

  @Test
  void aContentTypeWithoutATemplateIsRefused() {
    ConfigException.Problem p = problem(webhookChannel("""
        url: https://hooks.example.com/medic
        content_type: text/plain
        """));

    assertThat(p.line()).isEqualTo(5);
    assertThat(p.message()).startsWith("content_type goes with a body template");
  }
}
