package dev.medic.notify.twilio;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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
import java.net.URLDecoder;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The twilio channel against a local receiver that answers 201 as Twilio's Messages API does. */
class TwilioChannelTest {

  private static final Instant OPENED = Instant.parse("2026-11-30T10:15:00Z");
  static final String SID = "AC" + "0123456789abcdef".repeat(2);
  static final String SERVICE = "MG" + "fedcba9876543210".repeat(2);
  private static final String TOKEN = "XXXXsecretXXXX";
  private static final String PATH = "/2010-04-01/Accounts/" + SID + "/Messages.json";
  private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString((SID + ":" + TOKEN).getBytes(UTF_8));

  private final ChannelContext context = new ChannelContext(Bindings.none());
  private TestHttpServer twilio;

  @AfterEach
  void stop() {
    if (twilio != null) {
      twilio.close();
    }
  }

  private static Incident incident(Severity severity) {
    return new Incident(12, "api", "http_error", severity, IncidentState.ESCALATED, "HTTP 503 from /health", OPENED,
        OPENED.plusSeconds(60), 2, List.of("restart_api"), true, "escalated", null, null);
  }

  private TwilioChannel channel(String from, List<String> to) throws Exception {
    twilio = new TestHttpServer(() -> 201);
    return new TwilioChannel(null, SID, TOKEN, from, to, URI.create(twilio.url("")), Duration.ofSeconds(5), null);
  }

  private static String decoded(String form) {
    return URLDecoder.decode(form, UTF_8);
  }

  @Test
  void aCriticalEscalationIsOneFormPostPerNumberWithBasicAuth() throws Exception {
    TwilioChannel channel = channel("+15550001111", List.of("+15551234567", "+447700900123"));

    channel.deliver(context, new Notice("key-1", MessageKind.ESCALATION, incident(Severity.CRITICAL),
        "ladder exhausted after restart_api", Map.of()));

    assertThat(twilio.requests()).hasSize(2);
    TestHttpServer.Request r = twilio.requests().getFirst();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo(PATH);
    assertThat(r.headers().keySet()).containsExactlyInAnyOrder(
        "Host", "User-agent", "Connection", "Content-type", "Content-length", "Authorization", "Idempotency-key");
    assertThat(r.header("Host")).isEqualTo("127.0.0.1:" + twilio.port());
    assertThat(r.header("Content-Length")).isEqualTo(String.valueOf(r.body().getBytes(UTF_8).length));
    assertThat(r.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
    assertThat(r.header("Authorization")).isEqualTo(BASIC);
    assertThat(r.header("Idempotency-Key")).isEqualTo("key-1");
    assertThat(r.body()).isEqualTo("To=%2B15551234567&From=%2B15550001111&Body=%5BCRITICAL%5D+api+http_error%3A"
        + "+ladder+exhausted+after+restart_api+%28incident+%2312%29");
    assertThat(decoded(twilio.requests().get(1).body())).isEqualTo("To=+447700900123&From=+15550001111"
        + "&Body=[CRITICAL] api http_error: ladder exhausted after restart_api (incident #12)");
  }

  @Test
  void aMessagingServiceSendsTheApprovalRequestWithWhereToApprove() throws Exception {
    TwilioChannel channel = channel(SERVICE, List.of("+15551234567"));

    channel.deliver(context, new Notice("key-2", MessageKind.APPROVAL_NEEDED, incident(Severity.WARNING),
        "restart_db needs approval", Map.of("approval_id", 7)));

    assertThat(twilio.requests()).singleElement().satisfies(r -> assertThat(decoded(r.body())).isEqualTo(
        "To=+15551234567&MessagingServiceSid=" + SERVICE + "&Body=APPROVAL NEEDED [WARNING] api http_error:"
            + " restart_db needs approval (incident #12) approve: POST /api/approvals/7"));
  }

  @Test
  void theAllClearSaysResolved() throws Exception {
    TwilioChannel channel = channel("+15550001111", List.of("+15551234567"));

    channel.deliver(context, new Notice("key-3", MessageKind.RESOLVED,
        incident(Severity.CRITICAL).resolvedAt("healed by restart_api", OPENED.plusSeconds(300)),
        "healed by restart_api", Map.of()));

    assertThat(twilio.requests()).singleElement().satisfies(r -> assertThat(decoded(r.body())).isEqualTo(
        "To=+15551234567&From=+15550001111&Body=RESOLVED api http_error: healed by restart_api (incident #12)"));
  }

  @Test
  void theTextIsOneLineOfAtMost320Characters() throws Exception {
    TwilioChannel channel = channel("+15550001111", List.of("+15551234567"));

    channel.deliver(context, new Notice("k", MessageKind.ESCALATION, incident(Severity.CRITICAL),
        "first line\nsecond line " + "x".repeat(400), Map.of()));

    String body = decoded(twilio.requests().getFirst().body());
    String text = body.substring(body.indexOf("&Body=") + "&Body=".length());
    assertThat(text).hasSize(TwilioText.MAX).startsWith("[CRITICAL] api http_error: first line second line x")
        .endsWith("x…").doesNotContain("\n");
  }

  @Test
  void oneRefusedNumberFailsTheDeliveryNamingItAfterTheOthersAreTried() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    twilio = new TestHttpServer(() -> calls.incrementAndGet() == 2 ? 400 : 201);
    TwilioChannel channel = new TwilioChannel("sms", SID, TOKEN, "+15550001111",
        List.of("+15551234567", "+15559999999", "+15557654321"), URI.create(twilio.url("")), null, null);

    DeliveryFailure e = catchThrowableOfType(DeliveryFailure.class, () -> channel.deliver(context,
        new Notice("k", MessageKind.ESCALATION, incident(Severity.CRITICAL), "r", Map.of())));

    assertThat(e).hasMessage("SMS not sent to +15559999999: HTTP 400: {\"status\":\"error\"} (2 of 3 sent)");
    assertThat(twilio.requests()).hasSize(3);
  }

  @Test
  void theAuthTokenNeverShowsInDestinationOrToString() {
    TwilioChannel channel = new TwilioChannel("sms", SID, TOKEN, "+15550001111", List.of("+15551234567"), null,
        null, null);

    assertThat(channel.destination()).isEqualTo("https://api.twilio.com account " + SID);
    assertThat(channel.toString()).isEqualTo("TwilioChannel[name=sms, account_sid=" + SID + ", auth_token=***,"
        + " from=+15550001111, to=[+15551234567], url=https://api.twilio.com, timeout=10s, min_severity=critical]")
        .doesNotContain("secret");
  }

  @Test
  void smsIsForCriticalIncidentsUnlessToldOtherwise() {
    TwilioChannel channel = new TwilioChannel(null, SID, TOKEN, "+15550001111", List.of("+15551234567"), null,
        null, null);

    assertThat(channel.accepts(Severity.CRITICAL)).isTrue();
    assertThat(channel.accepts(Severity.WARNING)).isFalse();
  }
}
