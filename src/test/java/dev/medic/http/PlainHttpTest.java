package dev.medic.http;

import dev.medic.runtime.Agent;
import dev.medic.spi.Bindings;
import dev.medic.spi.Probe;
import dev.medic.spi.ProbeContext;
import dev.medic.spi.ProbeResult;
import dev.medic.spi.Status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PlainHttpTest {

  private static final Duration TWO_SECONDS = Duration.ofSeconds(2);

  private HttpServer server;
  private ServerSocket raw;
  private final List<Thread> threads = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.stop(0);
    }
    if (raw != null) {
      raw.close();
    }
    threads.forEach(Thread::interrupt);
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

  /** A raw server: each accepted connection is handed to {@code handler} on its own thread. */
  private URI startRawServer(ConnectionHandler handler) throws IOException {
    raw = new ServerSocket(0, 16, java.net.InetAddress.getLoopbackAddress());
    Thread acceptor = Thread.ofVirtual().start(() -> {
      while (!raw.isClosed()) {
        try {
          Socket s = raw.accept();
          threads.add(Thread.ofVirtual().start(() -> {
            try (s) {
              handler.handle(s);
            } catch (Exception ignored) {
              // test server
            }
          }));
        } catch (IOException e) {
          return;
        }
      }
    });
    threads.add(acceptor);
    return URI.create("http://127.0.0.1:" + raw.getLocalPort());
  }

  interface ConnectionHandler {
    void handle(Socket s) throws Exception;
  }

  /** Reads one request head (no body expected); null at the end of the stream. */
  private static String readRequestHead(BufferedReader in) throws IOException {
    String first = in.readLine();
    if (first == null) {
      return null;
    }
    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
      // headers
    }
    return first;
  }

  private static BufferedReader reader(Socket s) throws IOException {
    return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
  }

  private static void write(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    s.getOutputStream().flush();
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

  @Test
  void aServerClosingTheKeptAliveConnectionBetweenRunsIsNotAFailure() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    URI base = startRawServer(s -> {
      connections.incrementAndGet();
      BufferedReader in = reader(s);
      if (readRequestHead(in) != null) {
        write(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
      }
      // then close without saying so (idle timeout on the server side)
    });
    HttpCheck check = new HttpCheck(null, null, null, base.resolve("/health"), null, null, null, null, "ok", null, null,
        null, null, null);
    Probe probe = check.create(new ProbeContext("t", java.time.Clock.systemUTC(), Bindings.none()), new HttpClients());
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

  @Test
  void aServerResettingTheKeptAliveConnectionBetweenRunsIsNotAFailure() throws Exception {
    URI base = startRawServer(s -> {
      BufferedReader in = reader(s);
      if (readRequestHead(in) != null) {
        write(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
      }
      s.setSoLinger(true, 0); // RST instead of FIN
    });
    try (PlainHttp http = new PlainHttp(base.resolve("/"), "GET", Map.of(), null)) {
      for (int i = 0; i < 5; i++) {
        assertThat(http.exchange(TWO_SECONDS, true).body()).isEqualTo("ok");
        Thread.sleep(50);
      }
    }
  }

  @Test
  void aServerThatNeverAnswersTimesOutWithinTheTimeout() throws Exception {
    URI base = startRawServer(s -> {
      readRequestHead(reader(s));
      Thread.sleep(10_000);
    });
    HttpCheck check = new HttpCheck(null, null, null, base.resolve("/"), null, null, null, null, null, null, null,
        null, null, null);
    Probe probe = check.create(new ProbeContext("t", java.time.Clock.systemUTC(), Bindings.none()), new HttpClients());
    long start = System.nanoTime();
    ProbeResult r = probe.run(Duration.ofMillis(200));
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    probe.close();
    assertThat(r.status()).isEqualTo(Status.DOWN);
    assertThat(r.condition()).isEqualTo("http_timeout");
    assertThat(r.message()).isEqualTo("no answer within 200 ms");
    assertThat(tookMs).isBetween(150L, 1500L);
  }

  @Test
  void aTrickleOfHeadersCannotStretchTheExchangePastTheTimeout() throws Exception {
    URI base = startRawServer(s -> {
      readRequestHead(reader(s));
      write(s, "HTTP/1.1 200 OK\r\n");
      for (int i = 0; i < 100; i++) {
        write(s, "X-Slow: " + i + "\r\n");
        Thread.sleep(50);
      }
    });
    try (PlainHttp http = new PlainHttp(base.resolve("/"), "GET", Map.of(), null)) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> http.exchange(Duration.ofMillis(300), true)).isInstanceOf(SocketTimeoutException.class);
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1500L);
    }
  }

  @Test
  void aBodyLargerThanTheCapIsCutAndTheConnectionDropped() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    int size = PlainHttp.MAX_BODY + 100_000;
    URI base = startRawServer(s -> {
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
    try (PlainHttp http = new PlainHttp(base.resolve("/"), "GET", Map.of(), null)) {
      PlainHttp.Response r = http.exchange(TWO_SECONDS, true);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.truncated()).isTrue();
      assertThat(r.body()).hasSize(PlainHttp.MAX_BODY);
      assertThat(http.exchange(TWO_SECONDS, false).status()).isEqualTo(200);
    }
    assertThat(connections.get()).isEqualTo(2);
  }

  @Test
  void connectionCloseAndReadToCloseBodiesOpenANewConnectionNextTime() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    URI base = startRawServer(s -> {
      int n = connections.incrementAndGet();
      readRequestHead(reader(s));
      if (n % 2 == 1) {
        write(s, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 5\r\n\r\nclose");
      } else {
        write(s, "HTTP/1.0 503 Service Unavailable\r\n\r\nuntil the end");
      }
    });
    try (PlainHttp http = new PlainHttp(base.resolve("/"), "GET", Map.of(), null)) {
      for (int i = 0; i < 2; i++) {
        assertThat(http.exchange(TWO_SECONDS, true)).isEqualTo(new PlainHttp.Response(200, "close", false));
        assertThat(http.exchange(TWO_SECONDS, true)).isEqualTo(new PlainHttp.Response(503, "until the end", false));
      }
    }
    assertThat(connections.get()).isEqualTo(4);
  }

  @Test
  void headHasNoBodyEvenWithAContentLength() throws Exception {
    URI base = startRawServer(s -> {
      BufferedReader in = reader(s);
      while (readRequestHead(in) != null) {
        write(s, "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n");
      }
    });
    try (PlainHttp http = new PlainHttp(base.resolve("/"), "HEAD", Map.of(), null)) {
      assertThat(http.exchange(TWO_SECONDS, true)).isEqualTo(new PlainHttp.Response(200, "", false));
      assertThat(http.exchange(TWO_SECONDS, true)).isEqualTo(new PlainHttp.Response(200, "", false));
    }
  }

  @Test
  void aClosedPortIsConnectionRefused() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    URI url = URI.create("http://127.0.0.1:" + closed + "/");
    HttpCheck check = new HttpCheck(null, null, null, url, null, null, null, null, null, null, null, null, null, null);
    Probe probe = check.create(new ProbeContext("t", java.time.Clock.systemUTC(), Bindings.none()), new HttpClients());
    ProbeResult r = probe.run(TWO_SECONDS);
    assertThat(r.condition()).isEqualTo("http_error");
    assertThat(r.message()).isEqualTo("connection refused: " + url);
  }

  @Test
  void headerInjectionIsRejected() {
    assertThatThrownBy(() -> new PlainHttp(URI.create("http://127.0.0.1/"), "GET", Map.of("X-A", "b\r\nX-Evil: 1"), null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
