package dev.medic.notify.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.DummySSLServerSocketFactory;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.medic.spi.Bindings;
import dev.medic.spi.ChannelContext;
import dev.medic.spi.DeliveryFailure;
import dev.medic.spi.Incident;
import dev.medic.spi.MessageKind;
import dev.medic.spi.Notice;
import dev.medic.spi.Severity;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code security: tls} against GreenMail's SMTPS. Its server certificate (a self-signed one for
 * 127.0.0.1, in the test resources) is trusted only through {@code trust}: the JVM's roots do not
 * know it, which is exactly the private mail server case.
 */
class EmailTlsTest {

  private static final String PASSWORD = "tls-Pa55word";
  private static GreenMail smtps;
  private static Path certificate;

  @BeforeAll
  static void start() throws Exception {
    Path keystore = Path.of(EmailTlsTest.class.getResource("smtps.p12").toURI());
    certificate = Path.of(EmailTlsTest.class.getResource("smtps-cert.pem").toURI());
    // GreenMail reads its server key from these when its TLS server starts.
    System.setProperty(DummySSLServerSocketFactory.GREENMAIL_KEYSTORE_FILE_PROPERTY, keystore.toString());
    System.setProperty(DummySSLServerSocketFactory.GREENMAIL_KEYSTORE_PASSWORD_PROPERTY, "changeit");
    System.setProperty(DummySSLServerSocketFactory.GREENMAIL_KEY_PASSWORD_PROPERTY, "changeit");
    ServerSetup setup = new ServerSetup(0, "127.0.0.1", "smtps");
    setup.setServerStartupTimeout(15_000); // two cores shared by many builds: startup may be slow
    smtps = new GreenMail(setup)
        .withConfiguration(GreenMailConfiguration.aConfig().withUser("medic@example.com", "medic", PASSWORD));
    smtps.start();
  }

  @AfterAll
  static void stop() {
    smtps.stop();
    System.clearProperty(DummySSLServerSocketFactory.GREENMAIL_KEYSTORE_FILE_PROPERTY);
    System.clearProperty(DummySSLServerSocketFactory.GREENMAIL_KEYSTORE_PASSWORD_PROPERTY);
    System.clearProperty(DummySSLServerSocketFactory.GREENMAIL_KEY_PASSWORD_PROPERTY);
  }

  private static EmailChannel channel(String trust) {
    return new EmailChannel("mail", "127.0.0.1", smtps.getSmtps().getPort(), "tls", "medic", PASSWORD,
        "medic@example.com", List.of("oncall@example.com"), Duration.ofSeconds(5), null, trust);
  }

  private static Notice notice(String key) {
    Instant opened = Instant.parse("2026-11-30T10:15:30Z");
    return new Notice(key, MessageKind.ESCALATION, Incident.open("db", "connection_failed", Severity.WARNING,
        "connection refused", opened).withId(4), "ladder exhausted", Map.of());
  }

  @Test
  void mailGoesOverTlsToAServerWhoseCertificateIsTrustedThroughTrust() throws Exception {
    channel(certificate.toString()).deliver(new ChannelContext(Bindings.none()), notice("tls-1"));

    MimeMessage[] received = smtps.getReceivedMessages();
    assertThat(received).hasSize(1);
    assertThat(received[0].getSubject()).isEqualTo("[WARNING] db connection_failed");
    assertThat(received[0].getMessageID()).isEqualTo("<medic.tls-1@example.com>");
    assertThat(received[0].getAllRecipients()).extracting(Object::toString).containsExactly("oncall@example.com");
  }

  @Test
  void withoutTrustTheUnknownCertificateIsRefusedWithAReasonThatSaysWhatToSet() {
    int before = smtps.getReceivedMessages().length;

    DeliveryFailure f = catchThrowableOfType(DeliveryFailure.class,
        () -> channel(null).deliver(new ChannelContext(Bindings.none()), notice("tls-2")));

    assertThat(f.getMessage())
        .startsWith("TLS with SMTP server 127.0.0.1:" + smtps.getSmtps().getPort() + " failed: ")
        .contains("unable to find valid certification path")
        .endsWith("(for a private CA or a self-signed certificate, set trust: to its PEM file)")
        .doesNotContain(PASSWORD);
    assertThat(smtps.getReceivedMessages()).hasSize(before);
  }

  @Test
  void aTrustedCertificateForAnotherNameIsStillRefused() {
    // The certificate names 127.0.0.1 only: reached by another name, the server cannot prove it is that one.
    EmailChannel elsewhere = new EmailChannel("mail", "localhost", smtps.getSmtps().getPort(), "tls", "medic",
        PASSWORD, "medic@example.com", List.of("oncall@example.com"), Duration.ofSeconds(5), null,
        certificate.toString());

    DeliveryFailure f = catchThrowableOfType(DeliveryFailure.class,
        () -> elsewhere.deliver(new ChannelContext(Bindings.none()), notice("tls-3")));

    assertThat(f).hasMessage("TLS with SMTP server localhost:" + smtps.getSmtps().getPort()
        + " failed: No name matching localhost found");
  }
}
