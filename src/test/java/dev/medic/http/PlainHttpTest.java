package dev.medic.http;

import dev.medic.spi.Probe;
import dev.medic.spi.ProbeResult;
import dev.medic.spi.Status;
import static dev.medic.http.RawServer.readRequestHead;
import static dev.medic.http.RawServer.reader;
import static dev.medic.http.RawServer.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** medic's HTTP client; what the two schemes share is tested on both, over the same raw server. */
class PlainHttpTest {

  private static final Duration TWO_SECONDS = Duration.ofSeconds(2);

  @TempDir static Path dir;
  private static TestTls tls;

  private HttpServer server;
  private RawServer raw;

  @BeforeAll
  static void certificate() throws Exception {
    tls = TestTls.selfSigned(dir, "ip:127.0.0.1");
  }

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.stop(0);
    }
    if (raw != null) {
      raw.close();
    }
  }

  private URI startHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/fixed", ex -> {
      byte[] b = "fixed length".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, b.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(b);
      }
    });
    server.createContext("/chunked", ex -> {
      ex.sendResponseHeaders(200, 0); // 0: chunked
      try (OutputStream out = ex.getResponseBody()) {
        out.write("first part, ".getBytes(StandardCharsets.UTF_8));
        out.flush();
        out.write("second part".getBytes(StandardCharsets.UTF_8));
      }
    });
    server.createContext("/empty", ex -> {
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    server.createContext("/echo", ex -> {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      byte[] b = (ex.getRequestMethod() + " " + ex.getRequestURI() + " " + ex.getRequestHeaders().getFirst("X-Probe")
          + " " + ex.getRequestHeaders().getFirst("User-Agent") + " " + body).getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, b.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(b);
      }
    });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** A raw server in {@code scheme}; https with the test certificate. */
  private URI startRawServer(String scheme, RawServer.Handler handler) throws IOException {
    raw = RawServer.of(scheme, tls.server, handler);
    return raw.url("");
  }

  /** A client for {@code url}, trusting the test certificate for https. */
  private static PlainHttp client(URI url, String method, Map<String, String> headers) {
    return new PlainHttp(url, method, headers, null, tls.verifying());
  }

  /** A check's probe for {@code url}, trusting the test certificate for https. */
  private static Probe probe(URI url, String bodyContains) {
    return new HttpCheck(null, null, null, url, null, null, null, null, bodyContains, null, null, null, null, null)
        .probe(tls.verifying());
  }

  @Test
  void readsFixedLengthAndChunkedBodiesOnOneKeptAliveConnection() throws Exception {
    URI base = startHttpServer();
    try (PlainHttp fixed = new PlainHttp(base.resolve("/fixed"), "GET", Map.of(), null);
        PlainHttp chunked = new PlainHttp(base.resolve("/chunked"), "GET", Map.of(), null)) {
      for (int i = 0; i < 3; i++) {
        assertThat(fixed.exchange(TWO_SECONDS, true)).isEqualTo(new PlainHttp.Response(200, "fixed length", false));
        assertThat(chunked.exchange(TWO_SECONDS, true))
            .isEqualTo(new PlainHttp.Response(200, "first part, second part", false));
        assertThat(chunked.exchange(TWO_SECONDS, false).status()).isEqualTo(200);
      }
    }
  }

  @Test
  void sendsMethodPathQueryHeadersAndBody() throws Exception {
    URI base = startHttpServer();
    try (PlainHttp post = new PlainHttp(base.resolve("/echo?a=1&b=%20"), "POST", Map.of("X-Probe", "medic"), "ping")) {
      assertThat(post.exchange(TWO_SECONDS, true).body()).isEqualTo("POST /echo?a=1&b=%20 medic medic ping");
    }
    try (PlainHttp empty = new PlainHttp(base.resolve("/empty"), "GET", Map.of(), null)) {
      assertThat(empty.exchange(TWO_SECONDS, true)).isEqualTo(new PlainHttp.Response(204, "", false));
      assertThat(empty.exchange(TWO_SECONDS, true).status()).isEqualTo(204);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"http", "https"})
  void sendsTheSameHeadOnEveryRunOverOneKeptAliveConnection(String scheme) throws Exception {
    AtomicInteger connections = new AtomicInteger();
    List<List<String>> heads = new CopyOnWriteArrayList<>();
    URI base = startRawServer(scheme, s -> {
      connections.incrementAndGet();
      BufferedReader in = reader(s);
      for (List<String> head = readRequestHead(in); head != null; head = readRequestHead(in)) {
        heads.add(head);
        write(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
      }
    });
    try (PlainHttp http = client(base.resolve("/health?x=1"), "GET", Map.of("X-Probe", "medic"))) {
      for (int i = 0; i < 3; i++) {
        assertThat(http.exchange(TWO_SECONDS, true)).isEqualTo(new PlainHttp.Response(200, "ok", false));
      }
    }
    try (PlainHttp http = client(base.resolve("/"), "GET", Map.of("Host", "app.example"))) {
      http.exchange(TWO_SECONDS, false);
    }
    assertThat(connections.get()).isEqualTo(2);
    assertThat(heads).hasSize(4);
    assertThat(heads.get(0)).containsExactly("GET /health?x=1 HTTP/1.1", "Host: 127.0.0.1:" + base.getPort(),
        "X-Probe: medic", "User-Agent: medic", "Connection: keep-alive");
    assertThat(heads.get(2)).isEqualTo(heads.get(0));
    assertThat(heads.get(3)).contains("Host: app.example").doesNotContain("Host: 127.0.0.1:" + base.getPort());
  }

  @ParameterizedTest
  @ValueSource(strings = {"http", "https"})
  void aServerClosingTheKeptAliveConnectionBetweenRunsIsNotAFailure(String scheme) throws Exception {
    AtomicInteger connections = new AtomicInteger();
    URI base = startRawServer(scheme, s -> {
      connections.incrementAndGet();
      BufferedReader in = reader(s);
      if (readRequestHead(in) != null) {
        write(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
      }
      // then close without saying so (idle timeout on the server side)
    });
    Probe probe = probe(base.resolve("/health"), "ok");
    try {
      for (int i = 0; i < 5; i++) {
        ProbeResult r = probe.run(TWO_SECONDS);
        assertThat(r.status()).as(r.message()).isEqualTo(Status.UP);
        Thread.sleep(50); // let the close arrive
      }
    } finally {
      probe.close();
    }
    assertThat(connections.get()).isEqualTo(5);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http", "https"})
  void aServerResettingTheKeptAliveConnectionBetweenRunsIsNotAFailure(String scheme) throws Exception {
    URI base = startRawServer(scheme, s -> {
      BufferedReader in = reader(s);
      if (readRequestHead(in) != null) {
        write(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
      }
      s.setSoLinger(true, 0); // RST instead of FIN
    });
    try (PlainHttp http = client(base.resolve("/"), "GET", Map.of())) {
      for (int i = 0; i < 5; i++) {
        assertThat(http.exchange(TWO_SECONDS, true).body()).isEqualTo("ok");
        Thread.sleep(50);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"http", "https"})
  void aServerThatNeverAnswersTimesOutWithinTheTimeout(String scheme) throws Exception {
    URI base = startRawServer(scheme, s -> {
      readRequestHead(reader(s));
      Thread.sleep(10_000);
    });
    Probe probe = probe(base.resolve("/"), null);
    long start = System.nanoTime();
    ProbeResult r = probe.run(Duration.ofMillis(300));
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    probe.close();
    assertThat(r.status()).isEqualTo(Status.DOWN);
    assertThat(r.condition()).isEqualTo("http_timeout");
    assertThat(r.message()).isEqualTo("no answer within 300 ms");
    assertThat(tookMs).isBetween(250L, 1500L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http", "https"})
  void aTrickleOfHeadersCannotStretchTheExchangePastTheTimeout(String scheme) throws Exception {
    URI base = startRawServer(scheme, s -> {
      readRequestHead(reader(s));
      write(s, "HTTP/1.1 200 OK\r\n");
      for (int i = 0; i < 100; i++) {
        write(s, "X-Slow: " + i + "\r\n");
        Thread.sleep(50);
      }
    });
    try (PlainHttp http = client(base.resolve("/"), "GET", Map.of())) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> http.exchange(Duration.ofMillis(300), true)).isInstanceOf(SocketTimeoutException.class);
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1500L);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"http", "https"})
  void aBodyLargerThanTheCapIsCutAndTheConnectionDropped(String scheme) throws Exception {
    AtomicInteger connections = new AtomicInteger();
    int size = PlainHttp.MAX_BODY + 100_000;
    URI base = startRawServer(scheme, s -> {
      connections.incrementAndGet();
      BufferedReader in = reader(s);
      while (readRequestHead(in) != null) {
        write(s, "HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n");
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'x');
        try {
          for (int sent = 0; sent < size; sent += chunk.length) {
            s.getOutputStream().write(chunk, 0, Math.min(chunk.length, size - sent));
          }
        } catch (IOException e) {
          return; // the client stopped reading
        }
      }
    });
    try (PlainHttp http = client(base.resolve("/"), "GET", Map.of())) {
      PlainHttp.Response r = http.exchange(TWO_SECONDS, true);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.truncated()).isTrue();
      assertThat(r.body()).hasSize(PlainHttp.MAX_BODY);
      assertThat(http.exchange(TWO_SECONDS, false).status()).isEqualTo(200);
    }
    assertThat(connections.get()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http", "https"})
  void connectionCloseAndReadToCloseBodiesOpenANewConnectionNextTime(String scheme) throws Exception {
    AtomicInteger connections = new AtomicInteger();
    URI base = startRawServer(scheme, s -> {
      int n = connections.incrementAndGet();
      readRequestHead(reader(s));
      if (n % 2 == 1) {
        write(s, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 5\r\n\r\nclose");
      } else {
        write(s, "HTTP/1.0 503 Service Unavailable\r\n\r\nuntil the end");
      }
    });
    try (PlainHttp http = client(base.resolve("/"), "GET", Map.of())) {
      for (int i = 0; i < 2; i++) {
        assertThat(http.exchange(TWO_SECONDS, true)).isEqualTo(new PlainHttp.Response(200, "close", false));
        assertThat(http.exchange(TWO_SECONDS, true)).isEqualTo(new PlainHttp.Response(503, "until the end", false));
      }
    }
    assertThat(connections.get()).isEqualTo(4);
  }

  @Test
  void headHasNoBodyEvenWithAContentLength() throws Exception {
    URI base = startRawServer("http", s -> {
      BufferedReader in = reader(s);
      while (readRequestHead(in) != null) {
        write(s, "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n");
      }
    });
    try (PlainHttp http = client(base.resolve("/"), "HEAD", Map.of())) {
      assertThat(http.exchange(TWO_SECONDS, true)).isEqualTo(new PlainHttp.Response(200, "", false));
      assertThat(http.exchange(TWO_SECONDS, true)).isEqualTo(new PlainHttp.Response(200, "", false));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"http", "https"})
  void aClosedPortIsConnectionRefused(String scheme) throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    URI url = URI.create(scheme + "://127.0.0.1:" + closed + "/");
    ProbeResult r = probe(url, null).run(TWO_SECONDS);
    assertThat(r.condition()).isEqualTo("http_error");
    assertThat(r.message()).isEqualTo("connection refused: " + url);
  }
}
