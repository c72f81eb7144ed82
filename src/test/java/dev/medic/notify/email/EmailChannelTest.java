package dev.medic.notify.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.medic.spi.Bindings;
import dev.medic.spi.ChannelContext;
import dev.medic.spi.DeliveryFailure;
import dev.medic.spi.Incident;
import dev.medic.spi.IncidentState;
import dev.medic.spi.MessageKind;
import dev.medic.spi.Notice;
import dev.medic.spi.Severity;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import dev.medic.report.ReportText;
import dev.medic.spi.Report;
import dev.medic.spi.Status;
import jakarta.mail.internet.MimeMultipart;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What an SMTP server receives from the email channel, read back from GreenMail in-process. */
class EmailChannelTest {

  private static final String PASSWORD = "s3cret-Pa55";
  private static final Instant OPENED = Instant.parse("2026-11-30T10:15:30Z");
  private static final ChannelContext CONTEXT = new ChannelContext(Bindings.none());

  @RegisterExtension
  static final GreenMailExtension MAIL = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", "smtp"))
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("medic@example.com", "medic", PASSWORD))
      .withPerMethodLifecycle(true);

  private static EmailChannel channel(String security, String password, Duration timeout) {
    return new EmailChannel("mail", "127.0.0.1", MAIL.getSmtp().getPort(), security, "medic", password,
        "medic@example.com", List.of("oncall@example.com", "Ops Team <ops@example.org>"), timeout, null, null);
  }

  private static Incident incident(IncidentState state) {
    return new Incident(12, "api", "http_error", Severity.CRITICAL, state, "HTTP 503 <b>down</b>", OPENED, OPENED, 3,
        List.of("restart_api"), state == IncidentState.ESCALATED, null, null, null);
  }

  private static Notice notice(String key, MessageKind kind, IncidentState state, String reason) {
    return new Notice(key, kind, incident(state), reason, Map.of());
  }

  private static Map<String, String> parts(MimeMessage m) throws Exception {
    MimeMultipart multipart = (MimeMultipart) m.getContent();
    Map<String, String> parts = new java.util.LinkedHashMap<>();
    for (int i = 0; i < multipart.getCount(); i++) {
      BodyPart part = multipart.getBodyPart(i);
      // SMTP carries lines ending in CRLF; the text itself is compared.
      parts.put(part.getContentType().replaceAll("\\s+", " "), ((String) part.getContent()).replace("\r\n", "\n"));
    }
    return parts;
  }

  @Test
  void anEscalationIsOneMultipartMailToEveryRecipientAfterLoggingIn() throws Exception {
    channel("none", PASSWORD, null).deliver(CONTEXT,
        notice("key-1", MessageKind.ESCALATION, IncidentState.ESCALATED, "ladder exhausted: \"restart_api\" & <flush>"));

    MimeMessage[] received = MAIL.getReceivedMessages();
    assertThat(received).hasSize(2); // one copy per mailbox, one message sent
    MimeMessage m = received[0];
    assertThat(m.getSubject()).isEqualTo("[CRITICAL] api http_error");
    assertThat(m.getHeader("From", null)).isEqualTo("medic@example.com");
    assertThat(m.getHeader("To", ",")).isEqualTo("oncall@example.com, Ops Team <ops@example.org>");
    assertThat(m.getMessageID()).isEqualTo("<medic.key-1@example.com>");
    assertThat(m.getHeader("References", null)).isEqualTo("<medic.incident-12.1796033730@example.com>");
    assertThat(m.getHeader("In-Reply-To")).isNull();
    assertThat(m.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
    assertThat(m.getContentType()).startsWith("multipart/alternative");
    assertThat(parts(m)).containsExactly(
        Map.entry("text/plain; charset=UTF-8", """
            ladder exhausted: "restart_api" & <flush>
            HTTP 503 <b>down</b>

            Incident: #12
            Target: api
            Condition: http_error
            Severity: critical
            State: escalated
            Opened: 2026-11-30T10:15:30Z
            """),
        Map.entry("text/html; charset=UTF-8", """
            <!DOCTYPE html>
            <html><body>
            <h2>[CRITICAL] api http_error</h2>
            <p>ladder exhausted: &quot;restart_api&quot; &amp; &lt;flush&gt;<br>
            HTTP 503 &lt;b&gt;down&lt;/b&gt;</p>
            <table>
            <tr><th align="left">Incident</th><td>#12</td></tr>
            <tr><th align="left">Target</th><td>api</td></tr>
            <tr><th align="left">Condition</th><td>http_error</td></tr>
            <tr><th align="left">Severity</th><td>critical</td></tr>
            <tr><th align="left">State</th><td>escalated</td></tr>
            <tr><th align="left">Opened</th><td>2026-11-30T10:15:30Z</td></tr>
            </table>
            </body></html>
            """));
    assertThat(Arrays.stream(received).map(r -> {
      try {
        return r.getMessageID();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    })).containsOnly("<medic.key-1@example.com>");
  }

  @Test
  void theAllClearAnswersTheIncidentsThreadSoClientsShowItUnderThePage() throws Exception {
    EmailChannel channel = channel("none", PASSWORD, null);
    channel.deliver(CONTEXT, notice("page-key", MessageKind.ESCALATION, IncidentState.ESCALATED, "ladder exhausted"));
    channel.deliver(CONTEXT, notice("clear-key", MessageKind.RESOLVED, IncidentState.RESOLVED, "healed by restart_api"));

    List<MimeMessage> toOncall = new ArrayList<>(MAIL.findReceivedMessages(
        u -> u.getEmail().equals("oncall@example.com"), m -> true).toList());
    assertThat(toOncall).hasSize(2);
    MimeMessage page = toOncall.get(0);
    MimeMessage clear = toOncall.get(1);
    String thread = "<medic.incident-12.1796033730@example.com>";
    assertThat(page.getMessageID()).isEqualTo("<medic.page-key@example.com>");
    assertThat(clear.getMessageID()).isEqualTo("<medic.clear-key@example.com>");
    assertThat(clear.getSubject()).isEqualTo("RESOLVED api http_error");
    assertThat(clear.getHeader("In-Reply-To", null)).isEqualTo(thread);
    assertThat(clear.getHeader("References", null)).isEqualTo(thread);
    assertThat(page.getHeader("References", null)).isEqualTo(thread);
    assertThat(parts(clear).get("text/plain; charset=UTF-8")).startsWith("healed by restart_api\n");
  }

  @Test
  void aResendOfOneNoticeCarriesTheSameMessageId() throws Exception {
    EmailChannel channel = channel("none", PASSWORD, null);
    Notice notice = notice("same-key", MessageKind.ESCALATION, IncidentState.ESCALATED, "ladder exhausted");
    channel.deliver(CONTEXT, notice);
    channel.deliver(CONTEXT, notice);

    assertThat(MAIL.findReceivedMessages(u -> u.getEmail().equals("oncall@example.com"), m -> true)
        .map(m -> {
          try {
            return m.getMessageID();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        })).containsExactly("<medic.same-key@example.com>", "<medic.same-key@example.com>");
  }

  @Test
  void aRefusedLoginIsAFailureThatNamesTheUserButNotThePassword() {
    String wrong = "wrong-Pa55word";
    DeliveryFailure f = catchThrowableOfType(DeliveryFailure.class, () -> channel("none", wrong, null)
        .deliver(CONTEXT, notice("k", MessageKind.ESCALATION, IncidentState.ESCALATED, "r")));

    assertThat(f.getMessage()).startsWith("SMTP login as 'medic' refused by 127.0.0.1:" + MAIL.getSmtp().getPort() + ": 535")
        .endsWith("(check username and password)").doesNotContain(wrong).doesNotContain(PASSWORD);
    assertThat(MAIL.getReceivedMessages()).isEmpty();
  }

  @Test
  void starttlsNeverFallsBackToPlainWhenTheServerCannotUpgrade() {
    DeliveryFailure f = catchThrowableOfType(DeliveryFailure.class, () -> channel("starttls", PASSWORD, null)
        .deliver(CONTEXT, notice("k", MessageKind.ESCALATION, IncidentState.ESCALATED, "r")));

    assertThat(f).hasMessage("SMTP server 127.0.0.1:" + MAIL.getSmtp().getPort() + " does not offer STARTTLS, and"
        + " security: starttls never falls back to an unencrypted connection (use security: tls if the server"
        + " speaks TLS from the start)");
    assertThat(MAIL.getReceivedMessages()).isEmpty();
  }

  @Test
  void aServerThatNeverAnswersIsATimeoutFailureWithinTheTimeout() throws Exception {
    List<Socket> held = new CopyOnWriteArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual().start(() -> {
        try {
          while (true) {
            held.add(silent.accept()); // accepted, never greeted
          }
        } catch (Exception closed) {
          // the test is over
        }
      });
      EmailChannel channel = new EmailChannel("mail", "127.0.0.1", silent.getLocalPort(), "none", null, null,
          "medic@example.com", List.of("oncall@example.com"), Duration.ofMillis(500), null, null);

      long start = System.nanoTime();
      DeliveryFailure f = catchThrowableOfType(DeliveryFailure.class, () -> channel.deliver(CONTEXT,
          notice("k", MessageKind.ESCALATION, IncidentState.ESCALATED, "r")));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(f).hasMessage("no answer from SMTP server 127.0.0.1:" + silent.getLocalPort() + " within 500ms");
      assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(450)).isLessThan(Duration.ofSeconds(3));
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void nothingListeningIsAFailureSayingTheConnectionWasRefused() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    EmailChannel channel = new EmailChannel("mail", "127.0.0.1", closed, "none", null, null,
        "medic@example.com", List.of("oncall@example.com"), Duration.ofSeconds(2), null, null);

    DeliveryFailure f = catchThrowableOfType(DeliveryFailure.class, () -> channel.deliver(CONTEXT,
        notice("k", MessageKind.ESCALATION, IncidentState.ESCALATED, "r")));

    assertThat(f.getMessage()).startsWith("cannot connect to SMTP server 127.0.0.1:" + closed + ": Connection refused");
  }

  @Test
  void theDestinationAndDescriptionNeverShowThePassword() {
    EmailChannel channel = channel("starttls", PASSWORD, null);

    assertThat(channel.destination())
        .isEqualTo("smtp://127.0.0.1:" + MAIL.getSmtp().getPort() + " to oncall@example.com, Ops Team <ops@example.org>");
    assertThat(channel.toString()).doesNotContain(PASSWORD).contains("password=***");
  }

  @Test
  void thePortDefaultsBySecurityAndEverythingElseHasADefault() {
    EmailChannel starttls = new EmailChannel(null, "smtp.example.com", null, null, null, null, "m@example.com",
        List.of("o@example.com"), null, null, null);

    assertThat(starttls.name()).isEqualTo("email");
    assertThat(starttls.security()).isEqualTo("starttls");
    assertThat(starttls.port()).isEqualTo(587);
    assertThat(starttls.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(starttls.accepts(Severity.WARNING)).isTrue();
    assertThat(new EmailChannel(null, "h", null, "tls", null, null, "m@example.com", List.of("o@example.com"),
        null, null, null).port()).isEqualTo(465);
    assertThat(new EmailChannel(null, "h", null, "none", null, null, "m@example.com", List.of("o@example.com"),
        null, null, null).port()).isEqualTo(25);
  }

  @Test
  void aReportIsOneMailWithItsTitleAsSubjectAndTheReportAsTextAndHtml() throws Exception {
    Report report = new Report("staging", Instant.parse("2026-03-01T03:15:00Z"), 4, Map.of("env", "staging"),
        Report.Verdict.SUSPICIOUS_INVESTIGATE, List.of("1 healing attempt failed in the last 4h"),
        List.of(new Report.TargetLine("web<1>", Status.UP, 99.5, null, null, false)),
        new Report.Counts(1, 1, 1, 0, 2, 1), 0.5, 65L, Map.of(), List.of(), null);

    channel("none", PASSWORD, null).deliverReport(CONTEXT, report);

    MimeMessage m = MAIL.getReceivedMessages()[0];
    assertThat(m.getSubject()).isEqualTo("STAGING REPORT - SUSPICIOUS, INVESTIGATE");
    assertThat(m.getMessageID()).isEqualTo("<medic." + report.idempotencyKey().replaceAll("[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]", "-")
        + "@example.com>");
    Map<String, String> parts = parts(m);
    String plain = parts.get("text/plain; charset=UTF-8");
    assertThat(plain.strip()).isEqualTo(ReportText.plain(report).strip());
    assertThat(plain).contains("1 healing attempt failed in the last 4h").contains("web<1>");
    assertThat(parts.get("text/html; charset=UTF-8")).contains("<pre>").contains("web&lt;1&gt;").doesNotContain("web<1>");
  }
}
