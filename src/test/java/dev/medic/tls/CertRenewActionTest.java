package dev.medic.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import dev.medic.spi.Bindings;
import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cert_renew against a real TLS server that re-reads its keystore when its reload file is touched,
 * with a renew script that has a CA sign a new certificate: the new expiry is seen end to end.
 */
class CertRenewActionTest {

  @TempDir static Path certs;
  static Keytool.Cert ca;
  static Keytool.Cert fiveDays;
  static String fiveDaysDate;

  @TempDir Path dir;
  Path served;
  Path reloadFile;

  private static final ActionContext CONTEXT = new ActionContext(
      Incident.open("shop", "cert_expiring", Severity.WARNING, "expiring", Instant.now()).withId(7), Bindings.none());

  @BeforeAll
  static void makeCertificates() throws Exception {
    ca = Keytool.ca(certs, "ca");
    fiveDays = Keytool.signed(certs, ca, "five-days", "localhost", 5);
    fiveDaysDate = TlsCheckTest.notAfter(fiveDays.pem()).atOffset(ZoneOffset.UTC).toLocalDate().toString();
  }

  @BeforeEach
  void serveTheFiveDayCertificate() throws Exception {
    served = dir.resolve("served.p12");
    Files.copy(fiveDays.keystore(), served, StandardCopyOption.REPLACE_EXISTING);
    reloadFile = dir.resolve("reload");
  }

  private CertRenewAction action(List<String> renew, List<String> reload, int port, Duration settle, Duration timeout) {
    return new CertRenewAction(renew, reload, "localhost", port, null, ca.pem().toString(), null, settle, timeout);
  }

  @Test
  void renewsReloadsAndReadsTheNewExpiryFromTheServer() throws Exception {
    Path script = RenewScript.write(dir, ca, served, "localhost", 90);
    try (TestTlsServer server = new TestTlsServer(served, reloadFile)) {
      CertRenewAction action = action(List.of("sh", script.toString(), "{target}"),
          List.of("touch", reloadFile.toString()), server.port(), null, null);

      ActionOutcome outcome = action.run(CONTEXT);

      String newDate = onDisk(served).atOffset(ZoneOffset.UTC).toLocalDate().toString();
      assertThat(Duration.between(Instant.now(), onDisk(served)).toDays()).as("the script's 90 days").isEqualTo(89);
      assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.OK);
      assertThat(outcome.detail()).isEqualTo("renewed: localhost now expires " + newDate
          + " (89 days); before it expires " + fiveDaysDate + " (5.0 days)");
      assertThat(Files.readString(dir.resolve("renew-args"))).as("{target} filled in").isEqualTo("shop");
    }
  }

  /** notAfter of the server's certificate in a keystore. */
  private static Instant onDisk(Path keystore) throws Exception {
    java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(keystore)) {
      ks.load(in, Keytool.PASSWORD.toCharArray());
    }
    return ((java.security.cert.X509Certificate) ks.getCertificate("server")).getNotAfter().toInstant();
  }

  @Test
  void renewThatLeavesTheOldCertificateIsFailedNamingTheExpiryBeforeAndAfter() throws Exception {
    try (TestTlsServer server = new TestTlsServer(served, reloadFile)) {
      CertRenewAction action = action(List.of("sh", "-c", "echo 'Certificate not yet due for renewal'"),
          List.of("touch", reloadFile.toString()), server.port(), Duration.ofMillis(600), null);

      ActionOutcome outcome = action.run(CONTEXT);

      assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.FAILED);
      assertThat(outcome.detail()).isEqualTo("renew ran (exit 0: Certificate not yet due for renewal) but localhost"
          + " still expires " + fiveDaysDate + " (5.0 days), below min_days 14; before it expires "
          + fiveDaysDate + " (5.0 days)");
    }
  }

  @Test
  void newCertificateOnDiskIsNotEnoughWhileTheServerWasNotReloaded() throws Exception {
    Path script = RenewScript.write(dir, ca, served, "localhost", 90);
    try (TestTlsServer server = new TestTlsServer(served, reloadFile)) {
      CertRenewAction action = action(List.of("sh", script.toString(), "{target}"), null, server.port(),
          Duration.ofMillis(600), null);

      ActionOutcome outcome = action.run(CONTEXT);

      assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.FAILED);
      assertThat(outcome.detail()).startsWith("renew ran (exit 0: renewed localhost for 90 days) but localhost still expires "
          + fiveDaysDate);
    }
  }

  @Test
  void failingRenewIsFailedWithItsExitAndOutputAndNothingIsReloaded() throws Exception {
    try (TestTlsServer server = new TestTlsServer(served, reloadFile)) {
      CertRenewAction action = action(List.of("sh", "-c", "echo 'too many certificates already issued' >&2; exit 1"),
          List.of("touch", reloadFile.toString()), server.port(), null, null);

      ActionOutcome outcome = action.run(CONTEXT);

      assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.FAILED);
      assertThat(outcome.detail()).isEqualTo("renew failed (exit 1: too many certificates already issued); localhost"
          + " still expires " + fiveDaysDate + " (5.0 days)");
      assertThat(reloadFile).doesNotExist();
    }
  }

  @Test
  void failingReloadIsFailedNamingBothCommandsAndTheCertificateStillServed() throws Exception {
    try (TestTlsServer server = new TestTlsServer(served, reloadFile)) {
      CertRenewAction action = action(List.of("true"),
          List.of("sh", "-c", "echo 'nginx: configuration file test failed'; exit 2"), server.port(), null, null);

      ActionOutcome outcome = action.run(CONTEXT);

      assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.FAILED);
      assertThat(outcome.detail()).isEqualTo("renew ran (exit 0) but reload failed (exit 2: nginx: configuration file"
          + " test failed); localhost expires " + fiveDaysDate + " (5.0 days)");
    }
  }

  @Test
  void renewThatHangsIsKilledAtItsTimeout() throws Exception {
    try (TestTlsServer server = new TestTlsServer(served, reloadFile)) {
      CertRenewAction action = action(List.of("sleep", "30"), null, server.port(), null, Duration.ofMillis(500));
      long start = System.nanoTime();

      ActionOutcome outcome = action.run(CONTEXT);

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15)); // not the 30 s of the sleep
      assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.FAILED);
      assertThat(outcome.detail()).startsWith("renew failed (killed after 500 ms); localhost still expires " + fiveDaysDate);
    }
  }

  @Test
  void renewProgramThatDoesNotExistIsFailedSayingSo() throws Exception {
    try (TestTlsServer server = new TestTlsServer(served, reloadFile)) {
      ActionOutcome outcome = action(List.of(dir.resolve("no-certbot").toString(), "renew"), null, server.port(), null, null)
          .run(CONTEXT);

      assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.FAILED);
      assertThat(outcome.detail()).startsWith("renew failed (cannot start " + dir.resolve("no-certbot") + ": ");
    }
  }

  @Test
  void planNamesTheCommandsAndTheServedExpiryAndRunsNothing() throws Exception {
    Path marker = dir.resolve("renewed");
    try (TestTlsServer server = new TestTlsServer(served, reloadFile)) {
      CertRenewAction action = action(List.of("touch", marker.toString()), List.of("touch", reloadFile.toString()),
          server.port(), null, null);

      ActionOutcome plan = action.plan(CONTEXT);

      assertThat(plan.detail()).isEqualTo("would run touch " + marker + ", then touch " + reloadFile
          + ", then expect localhost:" + server.port() + " to serve a valid certificate with at least 14 days left;"
          + " now localhost expires " + fiveDaysDate + " (5.0 days)");
      assertThat(marker).doesNotExist();
      assertThat(reloadFile).doesNotExist();
    }
  }
}
