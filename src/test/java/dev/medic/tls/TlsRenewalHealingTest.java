package dev.medic.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.spi.IncidentState;
import dev.medic.store.AuditEntry;
import dev.medic.support.AgentHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A certificate five days from expiry, end to end: a real agent's tls check opens cert_expiring,
 * the cert_renew strategy has the CA sign a new one and the server reload it, and the incident
 * resolves on the certificate the server now serves.
 */
class TlsRenewalHealingTest {

  @TempDir Path dir;

  @Test
  void expiringCertificateIsRenewedReloadedAndTheIncidentResolvesOnTheNewExpiry() throws Exception {
    Keytool.Cert ca = Keytool.ca(dir, "ca");
    Keytool.Cert fiveDays = Keytool.signed(dir, ca, "five-days", "localhost", 5);
    Path served = dir.resolve("served.p12");
    Files.copy(fiveDays.keystore(), served);
    Path reload = dir.resolve("reload");
    Path script = RenewScript.write(dir, ca, served, "localhost", 90);

    try (TestTlsServer server = new TestTlsServer(served, reload)) {
      String yaml = """
          agent:
            interval: 300ms
            timeout: 3s
            verify_timeout: 60s
          targets:
            - name: shop
              checks:
                - type: tls
                  name: certificate
                  host: localhost
                  port: %1$d
                  ca: "%2$s"
                  warn_days: 14
          strategies:
            - name: renew_certificate
              conditions: [cert_expiring]
              action:
                type: cert_renew
                renew: [sh, "%3$s", "{target}"]
                reload: [touch, "%4$s"]
                host: localhost
                port: %1$d
                ca: "%2$s"
                min_days: 14
              max_attempts: 1
              cooldown: 0s
          """.formatted(server.port(), ca.pem(), script, reload);

      try (AgentHarness h = AgentHarness.start(dir, yaml)) {
        await().atMost(Duration.ofSeconds(120)).until(() ->
            h.incidents().stream().anyMatch(i -> i.state() == IncidentState.RESOLVED));

        assertThat(h.incidents()).singleElement().satisfies(i -> {
          assertThat(i.target()).isEqualTo("shop");
          assertThat(i.condition()).isEqualTo("cert_expiring");
          assertThat(i.message()).startsWith("certificate: days_left = 5.00 (days_left < 14 as cert_expiring)");
          assertThat(i.strategiesTried()).containsExactly("renew_certificate");
          assertThat(i.escalated()).isFalse();
        });
        long id = h.incidents().getFirst().id();
        List<AuditEntry> audit = h.agent.store().audit().list(id, 100).reversed();
        assertThat(audit).filteredOn(a -> a.kind().equals("action")).singleElement().satisfies(a -> {
          assertThat(a.result()).isEqualTo("ok");
          assertThat(a.detail()).contains("renewed: localhost now expires ").contains(" (89 days); before it expires ");
        });
        assertThat(audit).filteredOn(a -> a.kind().equals("verify")).singleElement()
            .satisfies(a -> assertThat(a.result()).isEqualTo("ok"));
        assertThat(Files.readString(dir.resolve("renew-args"))).isEqualTo("shop");
      }
    }
  }
}
