package dev.medic.http;

import dev.medic.spi.Bindings;
import dev.medic.spi.Probe;
import dev.medic.spi.ProbeContext;
import dev.medic.spi.ProbeResult;
import dev.medic.spi.Status;
import static dev.medic.http.RawServer.readRequestHead;
import static dev.medic.http.RawServer.reader;
import static dev.medic.http.RawServer.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * https:// checks on medic's own client against real TLS servers with self-signed certificates:
 * what is trusted, what is refused and why, and that the handshake counts in the timeout.
 */
class HttpsCheckTest {

  private static final Duration TWO_SECONDS = Duration.ofSeconds(2);
  private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

  @TempDir static Path dir;
  private static TestTls forLoopback;
  private static TestTls forOtherHost;
  private static TestTls forLocalhost;

  @BeforeAll
  static void certificates() throws Exception {
    forLoopback = TestTls.selfSigned(dir, "ip:127.0.0.1");
    forOtherHost = TestTls.selfSigned(dir, "dns:other.example");
    forLocalhost = TestTls.selfSigned(dir, "dns:localhost");
  }

  private static HttpCheck check(URI url, Boolean tlsVerify) {
    return new HttpCheck(null, null, null, url, null, null, null, null, "ok", null, null, null, tlsVerify, null);
  }

  /** As the agent builds it: the JDK's trusted roots, or none for tls_verify: false. */
  private static ProbeResult runAsConfigured(HttpCheck check, Duration timeout) throws InterruptedException {
    Probe probe = check.create(new ProbeContext("t", Clock.systemUTC(), Bindings.none()));
    try {
      return probe.run(timeout);
    } finally {
      probe.close();
    }
  }

  private static ProbeResult run(HttpCheck check, TlsConnector tls, Duration timeout) throws InterruptedException {
    Probe probe = check.probe(tls);
    try {
      return probe.run(timeout);
    } finally {
      probe.close();
    }
  }

  private static RawServer answeringOk(TestTls tls) throws Exception {
    return RawServer.tls(tls.server, s -> {
      var in = reader(s);
      while (readRequestHead(in) != null) {
        write(s, OK);
      }
    });
  }

  @Test
  void aTrustedCertificateForTheHostIsUp() throws Exception {
    try (RawServer server = answeringOk(forLoopback)) {
      ProbeResult r = run(check(server.url("/health"), null), forLoopback.verifying(), TWO_SECONDS);
      assertThat(r.status()).as(r.message()).isEqualTo(Status.UP);
      assertThat(r.metrics()).containsEntry("status_code", 200.0);
    }
  }

  @Test
  void aSelfSignedCertificateIsRefusedWithAPlainReasonUnlessTlsVerifyIsOff() throws Exception {
    try (RawServer server = answeringOk(forLoopback)) {
      URI url = server.url("/health");

      ProbeResult verified = runAsConfigured(check(url, null), TWO_SECONDS);
      assertThat(verified.status()).isEqualTo(Status.DOWN);
      assertThat(verified.condition()).isEqualTo("http_error");
      assertThat(verified.message()).isEqualTo("TLS certificate of 127.0.0.1:" + url.getPort()
          + " is not trusted: no chain to a trusted root (self-signed or unknown issuer)");

      ProbeResult unverified = runAsConfigured(check(url, false), TWO_SECONDS);
      assertThat(unverified.status()).as(unverified.message()).isEqualTo(Status.UP);
    }
  }

  @Test
  void aTrustedCertificateForAnotherHostIsRefusedUnlessTlsVerifyIsOff() throws Exception {
    try (RawServer server = answeringOk(forOtherHost)) {
      URI url = server.url("/health");

      ProbeResult verified = run(check(url, null), forOtherHost.verifying(), TWO_SECONDS);
      assertThat(verified.condition()).isEqualTo("http_error");
      assertThat(verified.message()).isEqualTo("TLS certificate of 127.0.0.1:" + url.getPort()
          + " is not for this host (it names other.example)");

      ProbeResult unverified = runAsConfigured(check(url, false), TWO_SECONDS);
      assertThat(unverified.status()).as(unverified.message()).isEqualTo(Status.UP);
    }
  }

  @Test
  void anExpiredCertificateIsRefusedAsExpired() throws Exception {
    TestTls expired = TestTls.expired(dir);
    try (RawServer server = answeringOk(expired)) {
      URI url = server.url("/health");
      ProbeResult r = run(check(url, null), expired.verifying(), TWO_SECONDS);
      assertThat(r.condition()).isEqualTo("http_error");
      assertThat(r.message()).startsWith("TLS certificate of 127.0.0.1:" + url.getPort() + " has expired: ");
    }
  }

  @Test
  void theHostNameGoesToTheServerBySni() throws Exception {
    List<String> requested = new CopyOnWriteArrayList<>();
    try (RawServer server = RawServer.tls(forLocalhost.server, s -> {
      var in = reader(s);
      while (readRequestHead(in) != null) {
        for (SNIServerName name : ((ExtendedSSLSession) ((SSLSocket) s).getSession()).getRequestedServerNames()) {
          requested.add(new String(name.getEncoded()));
        }
        write(s, OK);
      }
    })) {
      URI url = URI.create("https://localhost:" + server.url("/").getPort() + "/health");
      ProbeResult r = run(check(url, null), forLocalhost.verifying(), TWO_SECONDS);
      assertThat(r.status()).as(r.message()).isEqualTo(Status.UP);
      assertThat(requested).containsExactly("localhost");
    }
  }

  @Test
  void aHandshakeThatNeverCompletesTimesOutWithinTheCheckTimeout() throws Exception {
    // Accepts the connection, reads the client's hello and never answers it.
    try (RawServer silent = RawServer.plain(s -> s.getInputStream().transferTo(java.io.OutputStream.nullOutputStream()))) {
      assertHandshakeTimesOut(silent.url("https", "/"));
    }
  }

  @Test
  void aTrickledHandshakeCannotStretchPastTheCheckTimeout() throws Exception {
    // A TLS record announcing 16 KiB, then one byte of it every 50 ms: each read gets something.
    try (RawServer trickle = RawServer.plain(s -> {
      s.getOutputStream().write(new byte[] {0x16, 0x03, 0x03, 0x40, 0x00});
      for (int i = 0; i < 200; i++) {
        s.getOutputStream().write(0);
        s.getOutputStream().flush();
        Thread.sleep(50);
      }
    })) {
      assertHandshakeTimesOut(trickle.url("https", "/"));
    }
  }

  private static void assertHandshakeTimesOut(URI url) throws Exception {
    long start = System.nanoTime();
    ProbeResult r = run(check(url, null), forLoopback.verifying(), Duration.ofMillis(300));
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(r.condition()).as(r.message()).isEqualTo("http_timeout");
    assertThat(r.message()).isEqualTo("no TLS handshake within 300 ms");
    assertThat(tookMs).isBetween(250L, 1500L);
  }

  @Test
  void aServerThatDoesNotSpeakTlsIsAnHttpErrorNamingTheHandshake() throws Exception {
    try (RawServer plain = RawServer.plain(s -> {
      s.getInputStream().read();
      write(s, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    })) {
      URI url = plain.url("https", "/");
      ProbeResult r = run(check(url, null), forLoopback.verifying(), TWO_SECONDS);
      assertThat(r.condition()).isEqualTo("http_error");
      assertThat(r.message()).startsWith("TLS handshake with 127.0.0.1:" + url.getPort() + " failed: ");
    }
  }
}
