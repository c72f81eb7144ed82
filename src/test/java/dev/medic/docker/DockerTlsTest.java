package dev.medic.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medic.spi.ProbeResult;
import dev.medic.spi.Status;
import dev.medic.support.DockerEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The engine on TCP with --tlsverify, its certificates made by openssl in bin/test-dockerd. */
@ExtendWith(DockerEngine.class)
class DockerTlsTest {

  private final TestContainers containers = new TestContainers();

  @AfterEach
  void cleanUp() {
    containers.close();
  }

  private static String pem(String file) {
    return DockerEngine.certPath().resolve(file).toString();
  }

  private static DockerClient client(DockerTls tls) throws DockerException {
    return DockerClient.open(DockerEndpoint.of(DockerEngine.requireTlsHost(), tls), Duration.ofSeconds(5));
  }

  @Test
  void talksToAnEngineThatVerifiesClientsWithAPkcs1Key() throws Exception {
    String name = containers.run("tls", List.of(), "sleep", "300");
    try (DockerClient c = client(new DockerTls(pem("ca.pem"), pem("cert.pem"), pem("key.pem")))) {
      assertThat(c.ping()).matches("1\\.\\d+");
      assertThat(ContainerState.of(c.inspect(name).orElseThrow()).status()).isEqualTo("running");
    }
  }

  @Test
  void readsAPkcs8KeyAsWell() throws Exception {
    try (DockerClient c = client(new DockerTls(pem("ca.pem"), pem("cert.pem"), pem("key-pkcs8.pem")))) {
      assertThat(c.ping()).matches("1\\.\\d+");
    }
  }

  @Test
  void checkOverTlsSeesTheContainer() throws Exception {
    String name = containers.run("tls-check", List.of(), "sleep", "300");
    DockerCheck spec = new DockerCheck("docker", null, null, DockerEngine.requireTlsHost(),
        new DockerTls(pem("ca.pem"), pem("cert.pem"), pem("key.pem")), name, null, null, null, false, null, null, null);
    ProbeResult r = new DockerProbe(spec, Clock.systemUTC()).run(Duration.ofSeconds(5));
    assertThat(r.status()).as(r.message()).isEqualTo(Status.UP);
  }

  @Test
  void withoutAClientCertificateTheEngineRefusesAndTheErrorNamesIt() throws Exception {
    try (DockerClient c = client(new DockerTls(pem("ca.pem"), null, null))) {
      assertThatThrownBy(c::ping).isInstanceOf(DockerException.class)
          .hasMessageContaining(DockerEngine.requireTlsHost()).hasMessageContaining("GET /_ping");
    }
  }

  @Test
  void anEngineCertificateFromAnotherCaIsNotTrusted(@TempDir Path dir) throws Exception {
    // The client's own certificate is no CA of the engine's: the handshake must fail.
    Path otherCa = dir.resolve("other-ca.pem");
    Files.copy(Path.of(pem("cert.pem")), otherCa);
    try (DockerClient c = client(new DockerTls(otherCa.toString(), pem("cert.pem"), pem("key.pem")))) {
      assertThatThrownBy(c::ping).isInstanceOf(DockerException.class).hasMessageContaining("GET /_ping");
    }
  }

  @Test
  void tlsFilesThatCannotBeReadAreReportedBeforeTheFirstRun(@TempDir Path dir) {
    DockerCheck spec = new DockerCheck("docker", null, null, "tcp://127.0.0.1:2376",
        new DockerTls(dir.resolve("ca.pem").toString(), null, null), "web", null, null, null, null, null, null, null);
    assertThat(spec.problems()).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo("tls");
      assertThat(p.message()).contains("cannot read " + dir.resolve("ca.pem"));
    });
    assertThat(new DockerTls("/etc/d/ca.pem", "/etc/d/cert.pem", "/etc/d/client-key.pem").toString())
        .contains("key=***").doesNotContain("client-key");
    assertThatThrownBy(() -> new DockerTls(pem("ca.pem"), pem("cert.pem"), null))
        .hasMessageContaining("tls.cert and tls.key go together");
    assertThatThrownBy(() -> DockerEndpoint.of("unix:///var/run/docker.sock", new DockerTls("/ca.pem", null, null)))
        .hasMessageContaining("tls applies to a tcp:// host");
  }
}
