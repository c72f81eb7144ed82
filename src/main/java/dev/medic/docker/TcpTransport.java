package dev.medic.docker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The engine's API on TCP, plain or TLS with client certificates, through the JDK's HTTP client. */
final class TcpTransport implements Transport {

  private final URI base;
  private final HttpClient http;

  TcpTransport(URI base, DockerTls tls, Duration connectTimeout) throws IOException, GeneralSecurityException {
    this.base = base;
    HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout);
    if (tls != null) {
      b.sslContext(Pem.context(tls));
    }
    this.http = b.build();
  }

  @Override
  public HttpReply exchange(String method, String pathAndQuery, byte[] body, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest.Builder req = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(timeout)
        .header("User-Agent", "medic")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (body != null) {
      req.header("Content-Type", "application/json");
    }
    try {
      HttpResponse<byte[]> r = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
      Map<String, String> headers = new LinkedHashMap<>();
      for (Map.Entry<String, List<String>> h : r.headers().map().entrySet()) {
        headers.put(h.getKey().toLowerCase(Locale.ROOT), String.join(",", h.getValue()));
      }
      if (r.body().length > MAX_BODY) {
        throw new IOException("answer larger than " + MAX_BODY / (1024 * 1024) + " MiB");
      }
      return new HttpReply(r.statusCode(), headers, r.body());
    } catch (HttpTimeoutException e) {
      throw new java.net.SocketTimeoutException("timed out after " + timeout.toMillis() + " ms");
    }
  }

  void close() {
    http.close();
  }
}
