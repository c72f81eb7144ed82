package dev.medic.notify.discord;

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

/** The discord channel against a local receiver that answers 204 as Discord does. */
class DiscordChannelTest {

  private static final Instant OPENED = Instant.parse("2026-11-30T10:15:00Z");
  private static final Instant CLEARED = Instant.parse("2026-11-30T10:20:00Z");
  private static final String SECRET_PATH = "/api/webhooks/123456/XXXXsecretXXXX";

  private final ObjectMapper json = new ObjectMapper();
  private final ChannelContext context = new ChannelContext(Bindings.none());
  private TestHttpServer discord;

  @AfterEach
  void stop() {
    if (discord != null) {
      discord.close();
    }
  }

  private static Incident incident(Severity severity) {
    return new Incident(12, "api", "http_error", severity, IncidentState.ESCALATED, "HTTP 503 from /health", OPENED,
        OPENED.plusSeconds(60), 2, List.of("restart_api"), true, "escalated", null, null);
  }

  private DiscordChannel channel(String username) throws Exception {
    discord = new TestHttpServer(() -> 204);
    return new DiscordChannel(null, URI.create(discord.url(SECRET_PATH)), Duration.ofSeconds(5), null, username);
  }

  private TestHttpServer.Request onlyRequest() {
    assertThat(discord.requests()).hasSize(1);
    return discord.requests().getFirst();
  }

  private static final String FIELDS = """
      "fields":[{"name":"Target","value":"api","inline":true},
                {"name":"Condition","value":"http_error","inline":true},
                {"name":"Incident","value":"#12","inline":true}]""";

  @Test
  void aCriticalEscalationIsOneRedEmbedThatCanMentionNobody() throws Exception {
    DiscordChannel channel = channel("medic");

    channel.deliver(context, new Notice("key-1", MessageKind.ESCALATION, incident(Severity.CRITICAL),
        "ladder exhausted after restart_api", Map.of()));

    TestHttpServer.Request r = onlyRequest();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo(SECRET_PATH);
    assertThat(r.headers().keySet()).containsExactlyInAnyOrder(
        "Host", "User-agent", "Connection", "Content-type", "Content-length", "Idempotency-key");
    assertThat(r.header("Host")).isEqualTo("127.0.0.1:" + discord.port());
    assertThat(r.header("Content-Length")).isEqualTo(String.valueOf(r.body().getBytes(UTF_8).length));
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    assertThat(r.header("Idempotency-Key")).isEqualTo("key-1");
    assertThat(json.readTree(r.body())).isEqualTo(json.readTree("""
        {"username":"medic",
         "content":"[CRITICAL] api http_error: ladder exhausted after restart_api (incident #12)",
         "embeds":[{"title":"[CRITICAL] api http_error",
                    "description":"ladder exhausted after restart_api\\nHTTP 503 from /health",
                    "color":15158332,
                    "timestamp":"2026-11-30T10:15:00Z",
                    %s}],
         "allowed_mentions":{"parse":[]}}""".formatted(FIELDS)));
  }

  @Test
  void anApprovalRequestForAWarningIsOrangeAndSaysWhereToApprove() throws Exception {
    DiscordChannel channel = channel(null);

    channel.deliver(context, new Notice("key-2", MessageKind.APPROVAL_NEEDED, incident(Severity.WARNING),
        "restart_db needs approval", Map.of("approval_id", 7)));

    TestHttpServer.Request r = onlyRequest();
    assertThat(r.header("Idempotency-Key")).isEqualTo("key-2");
    assertThat(json.readTree(r.body())).isEqualTo(json.readTree("""
        {"content":"APPROVAL NEEDED [WARNING] api http_error: restart_db needs approval (incident #12); approve: POST /api/approvals/7",
         "embeds":[{"title":"APPROVAL NEEDED [WARNING] api http_error",
                    "description":"restart_db needs approval\\nHTTP 503 from /health; approve: POST /api/approvals/7",
                    "color":15105570,
                    "timestamp":"2026-11-30T10:15:00Z",
                    %s}],
         "allowed_mentions":{"parse":[]}}""".formatted(FIELDS)));
  }

  @Test
  void theAllClearIsGreenAndStampedWhenItCleared() throws Exception {
    DiscordChannel channel = channel(null);

    channel.deliver(context, new Notice("key-3", MessageKind.RESOLVED,
        incident(Severity.CRITICAL).resolvedAt("healed by restart_api", CLEARED), "healed by restart_api", Map.of()));

    assertThat(json.readTree(onlyRequest().body())).isEqualTo(json.readTree("""
        {"content":"RESOLVED api http_error: healed by restart_api (incident #12)",
         "embeds":[{"title":"RESOLVED api http_error",
                    "description":"healed by restart_api\\nHTTP 503 from /health",
                    "color":3066993,
                    "timestamp":"2026-11-30T10:20:00Z",
                    %s}],
         "allowed_mentions":{"parse":[]}}""".formatted(FIELDS)));
  }

  @Test
  void longTextIsCutToDiscordsLimits() throws Exception {
    DiscordChannel channel = channel(null);
    Incident huge = new Incident(12, "t".repeat(300), "c".repeat(2000), Severity.CRITICAL, IncidentState.OPEN,
        "m".repeat(9000), OPENED, OPENED, 0, List.of(), false, null, null, null);

    channel.deliver(context, new Notice("k", MessageKind.ESCALATION, huge, "", Map.of()));

    JsonNode body = json.readTree(onlyRequest().body());
    JsonNode embed = body.at("/embeds/0");
    assertThat(body.get("content").asText()).hasSize(DiscordMessage.CONTENT_MAX).endsWith("c…");
    assertThat(embed.get("title").asText()).hasSize(DiscordMessage.TITLE_MAX).endsWith("t…");
    assertThat(embed.get("description").asText()).hasSize(DiscordMessage.DESCRIPTION_MAX).endsWith("m…");
    assertThat(embed.at("/fields/0/value").asText()).hasSize(DiscordMessage.FIELD_MAX);
    int total = embed.get("title").asText().length() + embed.get("description").asText().length();
    for (JsonNode f : embed.get("fields")) {
      total += f.get("name").asText().length() + f.get("value").asText().length();
    }
    assertThat(total).as("Discord refuses embeds over 6000 characters in all").isLessThanOrEqualTo(6000);
  }

  @Test
  void aRefusalIsADeliveryFailureQuotingStatusAndAnswer() throws Exception {
    discord = new TestHttpServer(() -> 429);
    DiscordChannel channel = new DiscordChannel("ops", URI.create(discord.url(SECRET_PATH)), null, null, null);

    DeliveryFailure e = catchThrowableOfType(DeliveryFailure.class, () -> channel.deliver(context,
        new Notice("k", MessageKind.ESCALATION, incident(Severity.CRITICAL), "r", Map.of())));

    assertThat(e).hasMessage("HTTP 429: {\"status\":\"error\"}");
  }

  @Test
  void theWebhookTokenNeverShowsInDestinationOrToString() {
    DiscordChannel channel = new DiscordChannel("ops", URI.create("https://discord.com" + SECRET_PATH), null,
        Severity.WARNING, "medic");

    assertThat(channel.destination()).isEqualTo("https://discord.com/***");
    assertThat(channel.toString())
        .isEqualTo("DiscordChannel[name=ops, url=https://discord.com/***, timeout=10s, min_severity=warning, username=medic]")
        .doesNotContain("secret");
  }
}
