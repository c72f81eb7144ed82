package dev.medic.notify.ntfy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.medic.spi.Bindings;
import dev.medic.spi.ChannelContext;
import dev.medic.spi.DeliveryFailure;
import dev.medic.spi.Incident;
import dev.medic.spi.MessageKind;
import dev.medic.spi.Notice;
import dev.medic.spi.Severity;
import dev.medic.support.TestHttpServer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ntfy channel against a real HTTP server standing in for an ntfy server. */
class NtfyChannelTest {

  private static final String TOKEN = "tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2";
  private static final Instant AT = Instant.parse("2026-11-30T10:00:00Z");
  private static final ChannelContext CONTEXT = new ChannelContext(Bindings.none());

  private static NtfyChannel channel(String server, String token) {
    return new NtfyChannel("phones", URI.create(server), "medic-alerts", token, Duration.ofSeconds(2), null);
  }

  private static Incident incident(String target, Severity severity) {
    return Incident.open(target, "http_error", severity, "http: status 500", AT).withId(12);
  }

  private static Notice escalation(String target, Severity severity) {
    return new Notice("key-1", MessageKind.ESCALATION, incident(target, severity).escalatedAt("ladder exhausted", AT),
        "ladder exhausted after restart_api", Map.of());
  }

  private static TestHttpServer.Request deliverOne(Notice notice, String token) throws Exception {
    try (TestHttpServer ntfy = new TestHttpServer(() -> 200)) {
      channel(ntfy.url(""), token).deliver(CONTEXT, notice);
      return ntfy.requests().getFirst();
    }
  }

  @Test
  void aCriticalEscalationIsAnUrgentPostToTheTopicWithTheMessageAsPlainText() throws Exception {
    TestHttpServer.Request r = deliverOne(escalation("api", Severity.CRITICAL), TOKEN);

    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/medic-alerts");
    assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(r.header("Title")).isEqualTo("[CRITICAL] api http_error");
    assertThat(r.header("Priority")).isEqualTo("urgent");
    assertThat(r.header("Tags")).isEqualTo("rotating_light");
    assertThat(r.header("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(r.header("Idempotency-Key")).isEqualTo("key-1");
    assertThat(r.header("User-Agent")).isEqualTo("medic");
    assertThat(r.body()).isEqualTo("ladder exhausted after restart_api\n(incident #12)");
  }

  @Test
  void aWarningIsOfDefaultPriorityAndWithoutATokenNoAuthorizationIsSent() throws Exception {
    TestHttpServer.Request r = deliverOne(escalation("api", Severity.WARNING), null);

    assertThat(r.header("Title")).isEqualTo("[WARNING] api http_error");
    assertThat(r.header("Priority")).isEqualTo("default");
    assertThat(r.header("Tags")).isEqualTo("warning");
    assertThat(r.header("Authorization")).isNull();
    assertThat(r.body()).isEqualTo("ladder exhausted after restart_api\n(incident #12)");
  }

  @Test
  void anApprovalRequestSaysWhereToApprove() throws Exception {
    Notice approval = new Notice("key-2", MessageKind.APPROVAL_NEEDED, incident("api", Severity.CRITICAL),
        "restart_api is destructive", Map.of("approval_id", 7));

    TestHttpServer.Request r = deliverOne(approval, null);

    assertThat(r.path()).isEqualTo("/medic-alerts");
    assertThat(r.header("Title")).isEqualTo("APPROVAL NEEDED api http_error");
    assertThat(r.header("Priority")).isEqualTo("urgent");
    assertThat(r.header("Tags")).isEqualTo("raised_hand");
    assertThat(r.header("Idempotency-Key")).isEqualTo("key-2");
    assertThat(r.body()).isEqualTo("restart_api is destructive\napprove: POST /api/approvals/7\n(incident #12)");
  }

  @Test
  void theAllClearIsLowPriorityWithACheckMark() throws Exception {
    Notice resolved = new Notice("key-3", MessageKind.RESOLVED,
        incident("api", Severity.CRITICAL).resolvedAt("healed by restart_api", AT), "healed by restart_api", Map.of());

    TestHttpServer.Request r = deliverOne(resolved, null);

    assertThat(r.header("Title")).isEqualTo("RESOLVED api http_error");
    assertThat(r.header("Priority")).isEqualTo("low");
    assertThat(r.header("Tags")).isEqualTo("white_check_mark");
    assertThat(r.body()).isEqualTo("healed by restart_api\n(incident #12)");
  }

  @Test
  void aTargetNamedBeyondAsciiIsSentAsAnRfc2047TitleAndAsUtf8InTheBody() throws Exception {
    Notice notice = new Notice("k", MessageKind.ESCALATION, incident("küche-🍳", Severity.CRITICAL), "Ofen überhitzt",
        Map.of());

    TestHttpServer.Request r = deliverOne(notice, null);

    assertThat(r.header("Title")).isEqualTo("=?UTF-8?B?W0NSSVRJQ0FMXSBrw7xjaGUt8J+NsyBodHRwX2Vycm9y?=")
        .matches("\\p{ASCII}+");
    assertThat(HeaderTextTest.decode(r.header("Title"))).isEqualTo("[CRITICAL] küche-🍳 http_error");
    assertThat(r.body()).isEqualTo("Ofen überhitzt\n(incident #12)");
  }

  @Test
  void aRefusalIsAFailureQuotingTheStatusAndAnswer() throws Exception {
    try (TestHttpServer ntfy = new TestHttpServer(() -> 403)) {
      DeliveryFailure f = catchThrowableOfType(DeliveryFailure.class,
          () -> channel(ntfy.url(""), TOKEN).deliver(CONTEXT, escalation("api", Severity.CRITICAL)));

      assertThat(f).hasMessage("HTTP 403: {\"status\":\"error\"}");
      assertThat(ntfy.requests()).hasSize(1);
    }
  }

  @Test
  void theTokenIsNeverShownByDestinationOrToString() {
    NtfyChannel c = new NtfyChannel(null, null, "medic-alerts", TOKEN, null, Severity.CRITICAL);

    assertThat(c.destination()).isEqualTo("https://ntfy.sh/medic-alerts");
    assertThat(c.toString()).doesNotContain(TOKEN).contains("token=***").contains("topic=medic-alerts");
    assertThat(c.name()).isEqualTo("ntfy");
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(new NtfyChannel(null, null, "t", null, null, null).toString()).contains("token=none");
  }

  @Test
  void aTopicNtfyWouldRefuseIsRefusedNamingTheKeyAndValue() {
    IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class,
        () -> new NtfyChannel(null, null, "medic/alerts", null, null, null));

    assertThat(e).hasMessage("topic must be 1 to 64 letters, digits, - or _, got 'medic/alerts'");
  }

  @Test
  void aTokenWithALineBreakIsAProblemThatDoesNotQuoteIt() {
    NtfyChannel c = new NtfyChannel(null, null, "t", "tk_secret\r\nX-Injected: 1", null, null);

    assertThat(c.problems()).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo("token");
      assertThat(p.message()).doesNotContain("secret");
    });
  }
}
