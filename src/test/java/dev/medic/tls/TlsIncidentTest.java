package dev.medic.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.spi.Incident;
import dev.medic.spi.IncidentState;
import dev.medic.spi.Observation;
import dev.medic.support.AgentHarness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the tls check's conditions reach incidents in a real agent: a bad certificate opens
 * cert_invalid at the first run that shows it, naming the cause; a refused connection waits for the
 * agent's consecutive failures.
 */
class TlsIncidentTest {

  @TempDir Path dir;

  @Test
  void untrustedCertificateOpensCertInvalidAtOnceWhileARefusedPortWaitsForItsFailures() throws Exception {
    Keytool.Cert selfSigned = Keytool.selfSigned(dir, "self", "localhost", null, 60);
    int closed = TestTlsServer.closedPort();
    try (TestTlsServer server = new TestTlsServer(selfSigned.keystore(), null)) {
      String yaml = """
          agent:
            interval: 200ms
            timeout: 3s
            failures: 1000
          targets:
            - name: shop
              checks:
                - {type: tls, name: certificate, host: localhost, port: %d}
            - name: gone
              checks:
                - {type: tls, name: certificate, host: localhost, port: %d}
          """.formatted(server.port(), closed);

      try (AgentHarness h = AgentHarness.start(dir, yaml)) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !h.incidents().isEmpty());
        Incident opened = h.incidents().getFirst();
        assertThat(opened.target()).isEqualTo("shop");
        assertThat(opened.condition()).isEqualTo("cert_invalid");
        assertThat(opened.message()).startsWith("certificate: cert_untrusted = 1 (cert_untrusted > 0 as cert_invalid)");
        // No strategy handles it, so it may already be escalated: open either way.
        assertThat(opened.state()).isIn(IncidentState.OPEN, IncidentState.ESCALATED);

        await().atMost(Duration.ofSeconds(30)).until(() -> observations(h, "gone").size() >= 5);
        List<Observation> gone = observations(h, "gone");
        assertThat(gone).allSatisfy(o -> assertThat(o.condition()).isEqualTo("tls_connection_error"));
        assertThat(h.incidents()).as("5 refusals are far from 1000 failures")
            .noneMatch(i -> i.target().equals("gone"));
        assertThat(observations(h, "shop").getFirst().message())
            .startsWith("certificate of localhost:" + server.port() + " is not trusted");
      }
    }
  }

  private static List<Observation> observations(AgentHarness h, String target) {
    h.agent.store().observations().flush();
    return h.agent.store().observations().list(target, 100);
  }
}
