package dev.medic.notify.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.spi.Bindings;
import dev.medic.spi.ChannelContext;
import dev.medic.spi.DeliveryFailure;
import dev.medic.spi.Incident;
import dev.medic.spi.MessageKind;
import dev.medic.spi.Notice;
import dev.medic.spi.Severity;
import dev.medic.support.TestHttpServer;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The telegram channel against a real HTTP server standing in for the Bot API. */
class TelegramChannelTest {

  private static final String TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
  private static final Instant AT = Instant.parse("2026-11-30T10:00:00Z");
  private static final ChannelContext CONTEXT = new ChannelContext(Bindings.none());
  private final ObjectMapper json = new ObjectMapper();

  private static TelegramChannel channel(String apiUrl, Boolean quietWarnings) {
    return new TelegramChannel("chat", TOKEN, "-1001234567890", URI.create(apiUrl), Duration.ofSeconds(2), null,
        quietWarnings);
  }

  private static Incident incident(Severity severity) {
    return Incident.open("api", "http_error", severity, "http: status 500", AT).withId(12);
  }

  private static Notice escalation(Severity severity) {
    return new Notice("key-1", MessageKind.ESCALATION,
        incident(severity).escalatedAt("ladder exhausted after restart_api", AT), "ladder exhausted after restart_api",
        Map.of());
  }

  private com.fasterxml.jackson.databind.node.ObjectNode expected(String text) {
    return json.createObjectNode()
        .put("chat_id", "-1001234567890")
        .put("text", text)
        .put("parse_mode", "MarkdownV2")
        .put("disable_web_page_preview", true);
  }

  private TestHttpServer.Request deliverOne(Notice notice) throws Exception {
    try (TestHttpServer api = new TestHttpServer(() -> 200)) {
      channel(api.url(""), null).deliver(CONTEXT, notice);
      return api.requests().getFirst();
    }
  }

  @Test
  void anEscalationIsOneSendMessagePostWithTheTokenInThePathAndMarkdownV2Text() throws Exception {
    TestHttpServer.Request r = deliverOne(escalation(Severity.CRITICAL));

    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/bot" + TOKEN + "/sendMessage");
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    assertThat(r.header("Idempotency-Key")).isEqualTo("key-1");
    assertThat(r.header("User-Agent")).isEqualTo("medic");
    assertThat(json.readTree(r.body())).isEqualTo(expected(
        "*\\[CRITICAL\\] api http\\_error*\nladder exhausted after restart\\_api\n\\(incident \\#12\\)"));
  }

  @Test
  void anApprovalRequestSaysWhereToApprove() throws Exception {
    Notice approval = new Notice("key-2", MessageKind.APPROVAL_NEEDED, incident(Severity.CRITICAL),
        "restart_api is destructive", Map.of("approval_id", 7));

    TestHttpServer.Request r = deliverOne(approval);

    assertThat(r.path()).isEqualTo("/bot" + TOKEN + "/sendMessage");
    assertThat(r.header("Idempotency-Key")).isEqualTo("key-2");
    assertThat(json.readTree(r.body())).isEqualTo(expected("*APPROVAL NEEDED api http\\_error*\n"
        + "restart\\_api is destructive\napprove: POST /api/approvals/7\n\\(incident \\#12\\)"));
  }

  @Test
  void theAllClearSaysResolvedAndHow() throws Exception {
    Notice resolved = new Notice("key-3", MessageKind.RESOLVED,
        incident(Severity.CRITICAL).resolvedAt("healed by restart_api", AT), "healed by restart_api", Map.of());

    TestHttpServer.Request r = deliverOne(resolved);

    assertThat(json.readTree(r.body())).isEqualTo(expected(
        "*RESOLVED api http\\_error*\nhealed by restart\\_api\n\\(incident \\#12\\)"));
  }

  @Test
  void textFromTheIncidentCannotBreakTheMarkupEvenInTheTitle() throws Exception {
    Incident odd = Incident.open("web-1.example", "*bold*_[x](y)", Severity.CRITICAL, "m", AT).withId(3);
    Notice notice = new Notice("k", MessageKind.ESCALATION, odd, "exit=1 | see {log} > `tail` ~ +!", Map.of());

    TestHttpServer.Request r = deliverOne(notice);

    assertThat(json.readTree(r.body()).get("text").asText()).isEqualTo(
        "*\\[CRITICAL\\] web\\-1\\.example \\*bold\\*\\_\\[x\\]\\(y\\)*\n"
            + "exit\\=1 \\| see \\{log\\} \\> \\`tail\\` \\~ \\+\\!\n\\(incident \\#3\\)");
  }

  @Test
  void withDisableNotificationWarningsArriveSilentlyAndCriticalIncidentsStillRing() throws Exception {
    try (TestHttpServer api = new TestHttpServer(() -> 200)) {
      TelegramChannel quiet = channel(api.url("/"), true);
      quiet.deliver(CONTEXT, escalation(Severity.WARNING));
      quiet.deliver(CONTEXT, escalation(Severity.CRITICAL));

      JsonNode warning = json.readTree(api.requests().get(0).body());
      JsonNode critical = json.readTree(api.requests().get(1).body());
      assertThat(api.requests().get(0).path()).as("a trailing slash on api_url is not doubled")
          .isEqualTo("/bot" + TOKEN + "/sendMessage");
      assertThat(warning).isEqualTo(expected(
          "*\\[WARNING\\] api http\\_error*\nladder exhausted after restart\\_api\n\\(incident \\#12\\)")
          .put("disable_notification", true));
      assertThat(critical.has("disable_notification")).isFalse();
    }
  }

  @Test
  void aRefusalIsAFailureQuotingTelegramsDescription() throws Exception {
    try (AnsweringServer api = new AnsweringServer(400,
        "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: chat not found\"}")) {
      DeliveryFailure f = catchThrowableOfType(DeliveryFailure.class,
          () -> channel(api.url(), null).deliver(CONTEXT, escalation(Severity.CRITICAL)));

      assertThat(f).hasMessage("HTTP 400: Bad Request: chat not found");
      assertThat(api.requests()).hasSize(1);
    }
  }

  @Test
  void anOkFalseInASuccessfulStatusIsStillAFailure() throws Exception {
    try (AnsweringServer api = new AnsweringServer(200, "{\"ok\":false,\"description\":\"Forbidden: bot was kicked\"}")) {
      DeliveryFailure f = catchThrowableOfType(DeliveryFailure.class,
          () -> channel(api.url(), null).deliver(CONTEXT, escalation(Severity.CRITICAL)));

      assertThat(f).hasMessage("HTTP 200: Forbidden: bot was kicked");
    }
  }

  @Test
  void anAnswerThatIsNotTelegramsIsQuotedWithItsStatus() throws Exception {
    try (TestHttpServer api = new TestHttpServer(() -> 502)) {
      DeliveryFailure f = catchThrowableOfType(DeliveryFailure.class,
          () -> channel(api.url(""), null).deliver(CONTEXT, escalation(Severity.CRITICAL)));

      assertThat(f).hasMessage("HTTP 502: {\"status\":\"error\"}");
    }
  }

  @Test
  void aProxyEchoingTheRequestPathNeverGetsTheTokenIntoTheFailure() throws Exception {
    try (AnsweringServer api = new AnsweringServer(404, "<html>no route for /bot" + TOKEN + "/sendMessage</html>")) {
      DeliveryFailure f = catchThrowableOfType(DeliveryFailure.class,
          () -> channel(api.url(), null).deliver(CONTEXT, escalation(Severity.CRITICAL)));

      assertThat(f).hasMessage("HTTP 404: <html>no route for /bot***/sendMessage</html>");
    }
  }

  @Test
  void aRefusedConnectionIsAFailureThatNamesTheCauseAndNotTheToken() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    DeliveryFailure f = catchThrowableOfType(DeliveryFailure.class,
        () -> channel("http://127.0.0.1:" + port, null).deliver(CONTEXT, escalation(Severity.CRITICAL)));

    assertThat(f.getMessage()).startsWith("ConnectException: connection refused").doesNotContain(TOKEN);
  }

  @Test
  void anApiUrlTheClientCannotUseIsAFailureThatHidesTheTokenInTheQuotedUrl() {
    DeliveryFailure f = catchThrowableOfType(DeliveryFailure.class,
        () -> channel("ftp://127.0.0.1:9", null).deliver(CONTEXT, escalation(Severity.CRITICAL)));

    assertThat(f.getMessage()).contains("ftp://127.0.0.1:9/bot***/sendMessage").doesNotContain(TOKEN);
    assertThat(f.getCause()).isNull();
  }

  @Test
  void theTokenIsNeverShownByDestinationOrToString() {
    TelegramChannel c = new TelegramChannel(null, TOKEN, "@medic_alerts", null, null, Severity.CRITICAL, null);

    assertThat(c.destination()).isEqualTo("https://api.telegram.org chat @medic_alerts");
    assertThat(c.toString()).doesNotContain(TOKEN).doesNotContain("AAHdq").contains("bot_token=***")
        .contains("chat_id=@medic_alerts");
    assertThat(c.name()).isEqualTo("telegram");
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.disableNotification()).isFalse();
  }

  @Test
  void aChatThatIsNeitherANumberNorAnAtNameIsRefusedNamingTheKeyAndValue() {
    IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class,
        () -> new TelegramChannel(null, TOKEN, "ops chat", null, null, null, null));

    assertThat(e).hasMessage(
        "chat_id must be a numeric chat id (like -1001234567890) or a channel's @username, got 'ops chat'");
  }

  @Test
  void aMalformedTokenIsAProblemThatDoesNotQuoteIt() {
    TelegramChannel c = new TelegramChannel(null, "not a token/secret", "42", null, null, null, null);

    assertThat(c.problems()).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo("bot_token");
      assertThat(p.message()).startsWith("bot_token does not look like a bot token").doesNotContain("secret");
    });
  }
}
