package dev.medic.notify.slack;

import static java.nio.charset.StandardCharsets.UTF_8;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The slack channel against a local receiver that records every request. */
class SlackChannelTest {

  private static final Instant OPENED = Instant.parse("2026-11-30T10:15:00Z");
  private static final String SECRET_PATH = "/services/T000/B000/XXXXsecretXXXX";

  private final ObjectMapper json = new ObjectMapper();
  private final ChannelContext context = new ChannelContext(Bindings.none());
  private TestHttpServer slack;

  @AfterEach
  void stop() {
    if (slack != null) {
      slack.close();
    }
  }

  static Incident incident(String message) {
    return new Incident(12, "api", "http_error", Severity.CRITICAL, IncidentState.ESCALATED, message, OPENED,
        OPENED.plusSeconds(60), 2, List.of("restart_api"), true, "escalated", null, null);
  }

  private SlackChannel channel() throws Exception {
    slack = new TestHttpServer(() -> 200);
    return new SlackChannel(null, URI.create(slack.url(SECRET_PATH)), Duration.ofSeconds(5), null);
  }

  private TestHttpServer.Request onlyRequest() {
    assertThat(slack.requests()).hasSize(1);
    return slack.requests().getFirst();
  }

  private static String context() {
    return """
        {"type":"context","elements":[
          {"type":"mrkdwn","text":"Incident #12"},
          {"type":"mrkdwn","text":"Target: api"},
          {"type":"mrkdwn","text":"Condition: http_error"},
          {"type":"mrkdwn","text":"Severity: critical"},
          {"type":"mrkdwn","text":"Opened: 2026-11-30T10:15:00Z"}]}""";
  }

  @Test
  void anEscalationIsOneBlockKitPostWithHeaderSectionAndContext() throws Exception {
    SlackChannel channel = channel();

    channel.deliver(context, new Notice("key-1", MessageKind.ESCALATION, incident("HTTP 503 from /health"),
        "ladder exhausted after restart_api", Map.of()));

    TestHttpServer.Request r = onlyRequest();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo(SECRET_PATH);
    assertThat(r.headers().keySet()).containsExactlyInAnyOrder(
        "Host", "User-agent", "Connection", "Content-type", "Content-length", "Idempotency-key");
    assertThat(r.header("Host")).isEqualTo("127.0.0.1:" + slack.port());
    assertThat(r.header("Content-Length")).isEqualTo(String.valueOf(r.body().getBytes(UTF_8).length));
    assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(r.header("Idempotency-Key")).isEqualTo("key-1");
    assertThat(json.readTree(r.body())).isEqualTo(json.readTree("""
        {"text":"[CRITICAL] api http_error: ladder exhausted after restart_api (incident #12)",
         "blocks":[
          {"type":"header","text":{"type":"plain_text","text":"[CRITICAL] api http_error"}},
          {"type":"section","text":{"type":"mrkdwn","text":"ladder exhausted after restart_api\\nHTTP 503 from /health"}},
          %s]}""".formatted(context())));
  }

  @Test
  void anApprovalRequestSaysWhereToApprove() throws Exception {
    SlackChannel channel = channel();

    channel.deliver(context, new Notice("key-2", MessageKind.APPROVAL_NEEDED, incident("HTTP 503 from /health"),
        "restart_db needs approval", Map.of("approval_id", 7)));

    TestHttpServer.Request r = onlyRequest();
    assertThat(r.header("Idempotency-Key")).isEqualTo("key-2");
    assertThat(json.readTree(r.body())).isEqualTo(json.readTree("""
        {"text":"APPROVAL NEEDED [CRITICAL] api http_error: restart_db needs approval (incident #12); approve: POST /api/approvals/7",
         "blocks":[
          {"type":"header","text":{"type":"plain_text","text":"APPROVAL NEEDED [CRITICAL] api http_error"}},
          {"type":"section","text":{"type":"mrkdwn",
            "text":"restart_db needs approval\\nHTTP 503 from /health; approve: POST /api/approvals/7"}},
          %s]}""".formatted(context())));
  }

  @Test
  void theAllClearIsMarkedResolved() throws Exception {
    SlackChannel channel = channel();

    channel.deliver(context, new Notice("key-3", MessageKind.RESOLVED, incident("HTTP 503 from /health"),
        "healed by restart_api", Map.of()));

    assertThat(json.readTree(onlyRequest().body())).isEqualTo(json.readTree("""
        {"text":"RESOLVED api http_error: healed by restart_api (incident #12)",
         "blocks":[
          {"type":"header","text":{"type":"plain_text","text":"RESOLVED api http_error"}},
          {"type":"section","text":{"type":"mrkdwn","text":"healed by restart_api\\nHTTP 503 from /health"}},
          %s]}""".formatted(context())));
  }

  @Test
  void incidentTextIsEscapedSoItCannotMentionOrLink() throws Exception {
    SlackChannel channel = channel();

    channel.deliver(context, new Notice("k", MessageKind.ESCALATION, incident("x"),
        "<!channel> a & b <http://evil|click>", Map.of()));

    JsonNode body = json.readTree(onlyRequest().body());
    assertThat(body.at("/blocks/1/text/text").asText())
        .isEqualTo("&lt;!channel&gt; a &amp; b &lt;http://evil|click&gt;\nx");
    assertThat(body.get("text").asText()).startsWith("[CRITICAL] api http_error: &lt;!channel&gt; a &amp; b");
  }

  @Test
  void longTextIsCutWithinSlacksLimitsWithoutSplittingAnEscape() throws Exception {
    SlackChannel channel = channel();
    String reason = "&".repeat(5000);

    channel.deliver(context, new Notice("k", MessageKind.ESCALATION,
        new Incident(12, "t".repeat(400), "http_error", Severity.WARNING, IncidentState.OPEN, "", OPENED, OPENED,
            0, List.of(), false, null, null, null), reason, Map.of()));

    JsonNode body = json.readTree(onlyRequest().body());
    String header = body.at("/blocks/0/text/text").asText();
    String section = body.at("/blocks/1/text/text").asText();
    assertThat(header).hasSize(SlackMessage.HEADER_MAX).startsWith("[WARNING] ttt").endsWith("t…");
    assertThat(section).hasSizeLessThanOrEqualTo(SlackMessage.TEXT_MAX).endsWith("&amp;…");
    assertThat(section.length()).isGreaterThan(SlackMessage.TEXT_MAX - 6);
    assertThat(body.get("text").asText()).hasSizeLessThanOrEqualTo(SlackMessage.TEXT_MAX).endsWith(";…");
    assertThat(body.at("/blocks/2/elements/1/text").asText()).isEqualTo("Target: " + "t".repeat(400));
  }

  @Test
  void aRefusalIsADeliveryFailureQuotingStatusAndAnswer() throws Exception {
    slack = new TestHttpServer(() -> 404);
    SlackChannel channel = new SlackChannel("ops", URI.create(slack.url(SECRET_PATH)), null, null);

    DeliveryFailure e = catchThrowableOfType(DeliveryFailure.class, () -> channel.deliver(context,
        new Notice("k", MessageKind.ESCALATION, incident("x"), "r", Map.of())));

    assertThat(e).hasMessage("HTTP 404: {\"status\":\"error\"}");
  }

  @Test
  void theWebhookPathNeverShowsInDestinationOrToString() {
    SlackChannel channel = new SlackChannel("ops", URI.create("https://hooks.slack.com" + SECRET_PATH), null,
        Severity.CRITICAL);

    assertThat(channel.destination()).isEqualTo("https://hooks.slack.com/***");
    assertThat(channel.toString())
        .isEqualTo("SlackChannel[name=ops, url=https://hooks.slack.com/***, timeout=10s, min_severity=critical]")
        .doesNotContain("secret");
  }
}
