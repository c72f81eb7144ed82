package dev.medic.http;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The JDK HTTP clients medic's HTTP kinds share: one that verifies TLS, one for {@code tls_verify:
 * false}. Each is built on first use: most configs need at most one, and each costs a selector
 * thread and start-up time.
 */
public final class HttpClients implements AutoCloseable {

  private HttpClient verified;
  private HttpClient trustingAll;

  public synchronized HttpClient verified() {
    if (verified == null) {
      verified = build(true);
    }
    return verified;
  }

  public synchronized HttpClient trustingAll() {
    if (trustingAll == null) {
      trustingAll = build(false);
    }
    return trustingAll;
  }

  public HttpClient forTls(boolean verify) {
    return verify ? verified() : trustingAll();
  }

  private static HttpClient build(boolean verifyTls) {
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            // Response handling runs on the client's own selector thread instead of hopping to
            // another thread per request: half the context switches per check (bench/README.md).
            .executor(Runnable::run);
    if (!verifyTls) {
      b.sslContext(InsecureTls.context());
    }
    return b.build();
  }

  @Override
  public synchronized void close() {
    if (verified != null) {
      verified.shutdown();
    }
    if (trustingAll != null) {
      trustingAll.shutdown();
    }
  }
}
