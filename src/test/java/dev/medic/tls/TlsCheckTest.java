package dev.medic.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.medic.spi.Bindings;
import dev.medic.spi.ProbeContext;
import dev.medic.spi.ProbeResult;
import dev.medic.spi.Status;
import dev.medic.support.SettableClock;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tls check against real TLS servers serving certificates keytool made for the test. */
class TlsCheckTest {

  @TempDir static Path certs;

  static Keytool.Cert fiveDays;
  static Keytool.Cert expired;
  static Keytool.Cert ca;
  static Keytool.Cert signedNinetyDays;

  @BeforeAll
  static void makeCertificates() {
    fiveDays = Keytool.selfSigned(certs, "five-days", "localhost", null, 5);
    expired = Keytool.selfSigned(certs, "expired", "localhost", "-10d", 2);
    ca = Keytool.ca(certs, "ca");
    signedNinetyDays = Keytool.signed(certs, ca, "signed", "localhost", 90);
  }

  private static ProbeResult run(TlsCheck check) throws InterruptedException {
    return run(check, Clock.systemUTC());
  }

  private static ProbeResult run(TlsCheck check, Clock clock) throws InterruptedException {
    return check.create(new ProbeContext("site", clock, Bindings.none())).run(check.timeout());
  }

  private static TlsCheck check(int port, String serverName, Double warnDays, Path ca) {
    return new TlsCheck(null, null, Duration.ofSeconds(5), "localhost", port, serverName, warnDays,
        ca == null ? null : ca.toString());
  }

  @Test
  void certificateValidForFiveDaysIsExpiringWithItsDaysLeftAndExpiry() throws Exception {
    try (TestTlsServer server = new TestTlsServer(fiveDays.keystore(), null)) {
      ProbeResult r = run(check(server.port(), null, null, fiveDays.pem()));

      assertThat(r.status()).isEqualTo(Status.DEGRADED);
      assertThat(r.condition()).isEqualTo("cert_expiring");
      assertThat(r.metrics().get("days_left")).isCloseTo(5.0, within(0.01));
      assertThat(r.metrics()).containsEntry("cert_valid", 1.0).containsEntry("cert_expired", 0.0)
          .containsEntry("cert_untrusted", 0.0).containsEntry("cert_name_mismatch", 0.0);
      String notAfter = notAfter(fiveDays.pem()).toString().replaceAll("\\.\\d+Z$", "Z");
      assertThat(r.message())
          .startsWith("certificate of localhost:" + server.port() + " expires " + notAfter + ": 5.0 days left, fewer than warn_days 14")
          .contains("localhost [localhost] issued by localhost")
          .containsPattern("TLSv1\\.[23] TLS_");
    }
  }

  @Test
  void theSameCertificateIsUpWhenWarnDaysIsBelowItsDaysLeft() throws Exception {
    try (TestTlsServer server = new TestTlsServer(fiveDays.keystore(), null)) {
      ProbeResult r = run(check(server.port(), null, 4.5, fiveDays.pem()));

      assertThat(r.status()).isEqualTo(Status.UP);
      assertThat(r.condition()).isNull();
      assertThat(r.metrics()).containsEntry("cert_valid", 1.0);
      assertThat(r.metrics().get("days_left")).isCloseTo(5.0, within(0.01));
    }
  }

  @Test
  void certificateForAnotherNameIsInvalidNamingBothNames() throws Exception {
    try (TestTlsServer server = new TestTlsServer(fiveDays.keystore(), null)) {
      ProbeResult r = run(check(server.port(), "shop.example.com", 1.0, fiveDays.pem()));

      assertThat(r.status()).isEqualTo(Status.DOWN);
      assertThat(r.condition()).isEqualTo("cert_invalid");
      assertThat(r.message()).startsWith("certificate of localhost:" + server.port()
          + " (server_name shop.example.com) does not match server_name shop.example.com: it is for localhost;");
      assertThat(r.metrics()).containsEntry("cert_valid", 0.0).containsEntry("cert_name_mismatch", 1.0)
          .containsEntry("cert_untrusted", 0.0).containsEntry("cert_expired", 0.0);
    }
  }

  @Test
  void connectingToAnAddressVerifiesAgainstServerNameNotTheAddress() throws Exception {
    try (TestTlsServer server = new TestTlsServer(fiveDays.keystore(), null)) {
      ProbeResult byName = run(new TlsCheck(null, null, Duration.ofSeconds(5), "127.0.0.1", server.port(),
          "localhost", 1.0, fiveDays.pem().toString()));
      ProbeResult byAddress = run(new TlsCheck(null, null, Duration.ofSeconds(5), "127.0.0.1", server.port(),
          null, 1.0, fiveDays.pem().toString()));

      assertThat(byName.status()).isEqualTo(Status.UP);
      assertThat(byAddress.condition()).isEqualTo("cert_invalid");
      assertThat(byAddress.message()).startsWith("certificate of 127.0.0.1:" + server.port()
          + " does not match server_name 127.0.0.1: it is for localhost;");
    }
  }

  @Test
  void selfSignedCertificateIsUntrustedByTheJdkRootsAndUpWhenTrustedThroughCa() throws Exception {
    try (TestTlsServer server = new TestTlsServer(fiveDays.keystore(), null)) {
      ProbeResult untrusted = run(check(server.port(), null, 1.0, null));
      ProbeResult trusted = run(check(server.port(), null, 1.0, fiveDays.pem()));

      assertThat(untrusted.status()).isEqualTo(Status.DOWN);
      assertThat(untrusted.condition()).isEqualTo("cert_invalid");
      assertThat(untrusted.message()).startsWith("certificate of localhost:" + server.port()
          + " is not trusted: no chain to a trusted root (self-signed or unknown issuer);");
      assertThat(untrusted.metrics().get("days_left")).as("read although refused").isCloseTo(5.0, within(0.01));
      assertThat(untrusted.metrics()).containsEntry("cert_untrusted", 1.0).containsEntry("cert_name_mismatch", 0.0);
      assertThat(trusted.status()).isEqualTo(Status.UP);
    }
  }

  @Test
  void leafSignedByAPrivateCaIsTrustedThroughTheCaBundleOnly() throws Exception {
    try (TestTlsServer server = new TestTlsServer(signedNinetyDays.keystore(), null)) {
      ProbeResult trusted = run(check(server.port(), null, null, ca.pem()));
      ProbeResult otherCa = run(check(server.port(), null, null, fiveDays.pem()));

      assertThat(trusted.status()).isEqualTo(Status.UP);
      assertThat(trusted.message()).contains("localhost [localhost] issued by Medic Test CA ca");
      assertThat(trusted.metrics().get("days_left")).isCloseTo(90.0, within(0.01));
      assertThat(otherCa.condition()).isEqualTo("cert_invalid");
      assertThat(otherCa.message()).contains("is not trusted");
    }
  }

  @Test
  void expiredCertificateIsInvalidSayingExpiredEvenWhenItsIssuerIsTrusted() throws Exception {
    try (TestTlsServer server = new TestTlsServer(expired.keystore(), null)) {
      ProbeResult r = run(check(server.port(), null, null, expired.pem()));

      assertThat(r.status()).isEqualTo(Status.DOWN);
      assertThat(r.condition()).isEqualTo("cert_invalid");
      assertThat(r.message()).startsWith("certificate of localhost:" + server.port() + " has expired: not valid after ")
          .contains("(8.0 days ago)");
      assertThat(r.metrics().get("days_left")).isCloseTo(-8.0, within(0.01));
      assertThat(r.metrics()).containsEntry("cert_expired", 1.0).containsEntry("cert_untrusted", 0.0);
    }
  }

  @Test
  void datesAreJudgedOnTheAgentsClock() throws Exception {
    Instant notAfter = notAfter(signedNinetyDays.pem());
    SettableClock clock = new SettableClock(notAfter.minus(Duration.ofDays(10)));
    try (TestTlsServer server = new TestTlsServer(signedNinetyDays.keystore(), null)) {
      TlsCheck check = check(server.port(), null, null, ca.pem());
      ProbeResult tenDaysBefore = run(check, clock);
      clock.set(notAfter.plus(Duration.ofHours(12)));
      ProbeResult halfADayAfter = run(check, clock);

      assertThat(tenDaysBefore.condition()).isEqualTo("cert_expiring");
      assertThat(tenDaysBefore.metrics().get("days_left")).isCloseTo(10.0, within(0.001));
      assertThat(halfADayAfter.condition()).isEqualTo("cert_invalid");
      assertThat(halfADayAfter.message()).contains("has expired: not valid after").contains("(0.5 days ago)");
    }
  }

  @Test
  void itsRulesRaiseCertInvalidByTheCauseAndCertExpiringBelowWarnDays() throws Exception {
    try (TestTlsServer server = new TestTlsServer(fiveDays.keystore(), null)) {
      TlsCheck untrustedCheck = check(server.port(), null, null, null);
      ProbeResult untrusted = run(untrustedCheck);
      TlsCheck trustedCheck = check(server.port(), null, 4.5, fiveDays.pem());
      ProbeResult trusted = run(trustedCheck);

      assertThat(breached(untrustedCheck, untrusted))
          .containsExactlyInAnyOrder("days_left < 14 as cert_expiring", "cert_untrusted > 0 as cert_invalid");
      assertThat(breached(trustedCheck, trusted)).isEmpty();
    }
  }

  private static java.util.List<String> breached(TlsCheck check, ProbeResult r) {
    return check.rules().stream()
        .filter(rule -> r.metrics().containsKey(rule.metric()) && rule.breached(r.metrics().get(rule.metric())))
        .map(Object::toString).toList();
  }

  @Test
  void refusedPortIsAConnectionError() throws Exception {
    int port = TestTlsServer.closedPort();
    ProbeResult r = run(check(port, null, null, null));

    assertThat(r.status()).isEqualTo(Status.DOWN);
    assertThat(r.condition()).isEqualTo("tls_connection_error");
    assertThat(r.message()).startsWith("localhost:" + port + ": connection refused");
    assertThat(r.metrics()).doesNotContainKey("cert_valid");
  }

  @Test
  void serverThatAcceptsButNeverAnswersTheHandshakeFailsWithinTheTimeout() throws Exception {
    try (TestTlsServer.Silent silent = new TestTlsServer.Silent()) {
      TlsCheck check = new TlsCheck(null, null, Duration.ofMillis(700), "localhost", silent.port(), null, null, null);
      long start = System.nanoTime();
      ProbeResult r = run(check);
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(r.condition()).isEqualTo("tls_connection_error");
      assertThat(r.message()).isEqualTo("localhost:" + silent.port()
          + ": timed out after 700 ms: connected, but the TLS handshake did not finish");
      // Without the deadline the read would wait for ever; the slack is for a machine shared by busy tests.
      assertThat(took).isBetween(Duration.ofMillis(650), Duration.ofMillis(4000));
    }
  }

  @Test
  void serverThatIsNoTlsServerIsAHandshakeFailure() throws Exception {
    try (java.net.ServerSocket plain = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual().start(() -> {
        try (java.net.Socket s = plain.accept()) {
          s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes());
        } catch (java.io.IOException ignored) {
          // the test is over
        }
      });
      ProbeResult r = run(check(plain.getLocalPort(), null, null, null));

      assertThat(r.condition()).isEqualTo("tls_connection_error");
      assertThat(r.message()).startsWith("localhost:" + plain.getLocalPort() + ": TLS handshake failed: ");
    }
  }

  static Instant notAfter(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      return c.getNotAfter().toInstant();
    }
  }
}
