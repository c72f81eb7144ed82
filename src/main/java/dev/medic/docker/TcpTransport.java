package dev.medic.docker;

import java.io.IOException;
import java.io.InputStream;
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
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      // The body is read as a stream, capped in size and bounded by the same deadline: the
      // client's own timeout ends with the headers, and a chatty container's logs could be huge.
      HttpResponse<InputStream> r = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
      Map<String, String> headers = new LinkedHashMap<>();
      for (Map.Entry<String, List<String>> h : r.headers().map().entrySet()) {
        headers.put(h.getKey().toLowerCase(Locale.ROOT), String.join(",", h.getValue()));
      }
      return new HttpReply(r.statusCode(), headers, capped(r.body(), deadline, timeout));
    } catch (HttpTimeoutException e) {
      throw new java.net.SocketTimeoutException("timed out after " + timeout.toMillis() + " ms");
    }
  }

  private static byte[] capped(InputStream in, long deadline, Duration timeout) throws IOException {
    // Closing the stream at the deadline is what ends a read that the server stalls.
    Thread closer = Thread.ofVirtual().start(() -> {
      try {
        Thread.sleep(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        in.close();
      } catch (InterruptedException | IOException ignored) {
        // read in time (interrupted), or the read ends with an error either way
      }
    });
    try (in) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      byte[] chunk = new byte[8192];
      int n;
      while ((n = in.read(chunk)) >= 0) {
        if (out.size() + n > MAX_BODY) {
          throw new IOException("answer larger than " + MAX_BODY / (1024 * 1024) + " MiB; not read further");
        }
        out.write(chunk, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      if (System.nanoTime() - deadline >= 0) {
        throw new java.net.SocketTimeoutException("timed out after " + timeout.toMillis() + " ms reading the answer");
      }
      throw e;
    } finally {
      closer.interrupt();
    }
  }

  void close() {
    http.close();
  }
}
