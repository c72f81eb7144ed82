package dev.medic.http;

import dev.medic.spi.Bindings;
import dev.medic.spi.ProbeContext;
import dev.medic.spi.ProbeResult;
import dev.medic.spi.Status;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real TLS server with a self-signed certificate: verified by default, accepted with tls_verify: false. */
class HttpsCheckTest {

  @TempDir Path dir;

  @Test
  void selfSignedCertificateFailsVerificationUnlessTlsVerifyIsOff() throws Exception {
    Path keystore = dir.resolve("server.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "server", "-keyalg", "EC", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
        "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit")
        .redirectErrorStream(true).start();
    assertThat(keytool.waitFor()).as(new String(keytool.getInputStream().readAllBytes())).isZero();

    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    SSLContext serverTls = SSLContext.getInstance("TLS");
    serverTls.init(kmf.getKeyManagers(), null, null);
    HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
    server.createContext("/", ex -> {
      ex.sendResponseHeaders(200, 2);
      try (OutputStream out = ex.getResponseBody()) {
        out.write("ok".getBytes());
      }
    });
    server.start();
    try {
      URI url = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/");
      HttpClient verifying = HttpClient.newBuilder().build();
      HttpClient trusting = HttpClient.newBuilder().sslContext(InsecureTls.context()).build();
      ProbeContext ctx = new ProbeContext("t", Clock.systemUTC(), Bindings.none());
      HttpClients clients = new HttpClients();

      ProbeResult verified = new HttpCheck(null, null, null, url, null, null, null, null, null, null, null, null, null, null)
          .create(ctx, clients).run(Duration.ofSeconds(3));
      assertThat(verified.condition()).isEqualTo("http_error");
      assertThat(verified.message()).contains("SSLHandshakeException");

      ProbeResult unverified = new HttpCheck(null, null, null, url, null, null, null, null, null, null, null, null, false, null)
          .create(ctx, clients).run(Duration.ofSeconds(3));
      assertThat(unverified.status()).isEqualTo(Status.UP);
    } finally {
      server.stop(0);
    }
  }
}
