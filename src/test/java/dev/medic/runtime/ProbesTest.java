package dev.medic.runtime;

import dev.medic.tcp.TcpCheck;
import dev.medic.process.CommandCheck;
import dev.medic.process.ProcessCheck;
import dev.medic.spi.Bindings;
import dev.medic.spi.KindRegistry;
import dev.medic.spi.CheckSpec;
import dev.medic.spi.Probe;
import dev.medic.http.HttpCheck;
import dev.medic.spi.ProbeContext;
import dev.medic.spi.ProbeResult;
import dev.medic.spi.Status;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each probe kind against real servers, sockets, processes and files. */
class ProbesTest {

  private final KindRegistry kinds = Plugins.registry();

  @TempDir Path dir;
  private HttpServer server;
  private final List<String> seenHeaders = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private ProbeContext ctx;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/json", ex -> reply(ex, 200, "{\"status\":\"ok\",\"db\":{\"state\":\"degraded\"}}"));
    server.createContext("/teapot", ex -> reply(ex, 418, "short and stout"));
    server.createContext("/slow", ex -> {
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        return;
      }
      reply(ex, 200, "finally");
    });
    server.createContext("/echo", ex -> {
      seenHeaders.add(ex.getRequestMethod() + " " + ex.getRequestHeaders().getFirst("X-Probe")
          + " " + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      reply(ex, 204, "");
    });
    server.start();
    ctx = new ProbeContext("t", Clock.systemUTC(), Bindings.none());
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static void reply(com.sun.net.httpserver.HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private static HttpCheck http(URI url, List<Integer> status, String contains, Pattern matches,
      HttpCheck.JsonExpectation json, Duration maxLatency) {
    return new HttpCheck(null, null, null, url, null, null, null, status, contains, matches, json, maxLatency, null, null);
  }

  private ProbeResult run(CheckSpec spec, Duration timeout) throws InterruptedException {
    return kinds.open(spec, ctx).run(timeout);
  }

  @Test
  void httpAcceptsAnyTwoOrThreeHundredByDefaultAndReportsLatency() throws Exception {
    ProbeResult r = run(http(url("/json"), null, null, null, null, null), Duration.ofSeconds(2));
    assertThat(r.status()).isEqualTo(Status.UP);
    assertThat(r.metrics()).containsEntry("status_code", 200.0).containsKey("latency_ms");
  }

  @Test
  void httpStatusOutsideTheExpectedSetIsAnHttpError() throws Exception {
    assertThat(run(http(url("/teapot"), null, null, null, null, null), Duration.ofSeconds(2)))
        .satisfies(r -> {
          assertThat(r.status()).isEqualTo(Status.DOWN);
          assertThat(r.condition()).isEqualTo("http_error");
          assertThat(r.message()).isEqualTo("status 418");
        });
    assertThat(run(http(url("/teapot"), List.of(418), null, null, null, null), Duration.ofSeconds(2)).status())
        .isEqualTo(Status.UP);
  }

  @Test
  void httpBodyConditionsSubstringRegexAndJsonPointer() throws Exception {
    assertThat(run(http(url("/json"), null, "\"ok\"", null, null, null), Duration.ofSeconds(2)).status()).isEqualTo(Status.UP);
    assertThat(run(http(url("/json"), null, "healthy", null, null, null), Duration.ofSeconds(2)).message())
        .isEqualTo("body does not contain 'healthy'");
    assertThat(run(http(url("/json"), null, null, Pattern.compile("\"status\":\\s*\"o."), null, null), Duration.ofSeconds(2)).status())
        .isEqualTo(Status.UP);
    ProbeResult json = run(http(url("/json"), null, null, null, new HttpCheck.JsonExpectation("/db/state", "ok"), null), Duration.ofSeconds(2));
    assertThat(json.condition()).isEqualTo("http_error");
    assertThat(json.message()).isEqualTo("json /db/state is 'degraded', expected 'ok'");
  }

  @Test
  void httpSlowerThanItsLimitIsDegradedAndPastItsTimeoutIsATimeout() throws Exception {
    ProbeResult slow = run(http(url("/slow"), null, null, null, null, Duration.ofMillis(100)), Duration.ofSeconds(2));
    assertThat(slow.status()).isEqualTo(Status.DEGRADED);
    assertThat(slow.condition()).isEqualTo("http_slow");
    ProbeResult timeout = run(http(url("/slow"), null, null, null, null, null), Duration.ofMillis(100));
    assertThat(timeout.condition()).isEqualTo("http_timeout");
    assertThat(timeout.message()).isEqualTo("no answer within 100 ms");
  }

  @Test
  void httpSendsMethodHeadersAndBody() throws Exception {
    HttpCheck post = new HttpCheck(null, null, null, url("/echo"), "post", Map.of("X-Probe", "medic"), "ping",
        List.of(204), null, null, null, null, null, null);
    assertThat(run(post, Duration.ofSeconds(2)).status()).isEqualTo(Status.UP);
    assertThat(seenHeaders).containsExactly("POST medic ping");
  }

  @Test
  void httpToAClosedPortIsAnHttpError() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    ProbeResult r = run(http(URI.create("http://127.0.0.1:" + closed + "/"), null, null, null, null, null), Duration.ofSeconds(2));
    assertThat(r.condition()).isEqualTo("http_error");
    assertThat(r.message()).startsWith("connection refused");
  }

  @Test
  void tcpUpWhenAcceptedUnreachableWhenRefused() throws Exception {
    assertThat(run(new TcpCheck(null, null, null, "127.0.0.1", server.getAddress().getPort()), Duration.ofSeconds(1)).status())
        .isEqualTo(Status.UP);
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    assertThat(run(new TcpCheck(null, null, null, "127.0.0.1", closed), Duration.ofSeconds(1)).condition())
        .isEqualTo("tcp_unreachable");
  }

  @Test
  void commandJudgesExitCodeAndOutputWithoutAShell() throws Exception {
    assertThat(run(new CommandCheck(null, null, null, List.of("/bin/echo", "ready; rm -rf /"), null, null,
        Pattern.compile("^ready; rm -rf /$", Pattern.MULTILINE)), Duration.ofSeconds(2)).status())
        .as("the argument is data, not shell syntax").isEqualTo(Status.UP);
    ProbeResult failed = run(new CommandCheck(null, null, null, List.of("/bin/sh", "-c", "echo boom; exit 3"), null, null, null),
        Duration.ofSeconds(2));
    assertThat(failed.condition()).isEqualTo("command_failed");
    assertThat(failed.message()).isEqualTo("exit 3: boom");
    assertThat(run(new CommandCheck(null, null, null, List.of("exit 2"), true, 2, null), Duration.ofSeconds(2)).status())
        .as("shell: true runs the one string through /bin/sh").isEqualTo(Status.UP);
  }

  @Test
  void commandPastItsTimeoutIsKilled() throws Exception {
    long start = System.nanoTime();
    ProbeResult r = run(new CommandCheck(null, null, null, List.of("/bin/sleep", "30"), null, null, null), Duration.ofMillis(200));
    assertThat(r.condition()).isEqualTo("command_timeout");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void processWatchedByPidfileAndByCommandLine() throws Exception {
    Process sleeper = new ProcessBuilder("/bin/sleep", "317").start();
    try {
      Path pidfile = dir.resolve("app.pid");
      Files.writeString(pidfile, sleeper.pid() + "\n");
      assertThat(run(new ProcessCheck(null, null, null, pidfile, null), Duration.ofSeconds(1)).status()).isEqualTo(Status.UP);
      assertThat(run(new ProcessCheck(null, null, null, null, Pattern.compile("sleep 317")), Duration.ofSeconds(1)).status())
          .isEqualTo(Status.UP);
      sleeper.destroyForcibly().waitFor();
      assertThat(run(new ProcessCheck(null, null, null, pidfile, null), Duration.ofSeconds(1)).condition()).isEqualTo("process_exited");
      assertThat(run(new ProcessCheck(null, null, null, null, Pattern.compile("sleep 317")), Duration.ofSeconds(1)).condition())
          .isEqualTo("process_exited");
    } finally {
      sleeper.destroyForcibly();
    }
  }

  @Test
  void httpTurnsNumbersInTheJsonBodyIntoMetrics() throws Exception {
    server.createContext("/vram", ex -> reply(ex, 200, "{\"gpu\":{\"used_pct\":96.5,\"ok\":true},\"tps\":\"38.4\",\"model\":\"chat\"}"));
    HttpCheck check = new HttpCheck(null, null, null, url("/vram"), null, null, null, null, null, null, null, null, null,
        Map.of("gpu_memory_pct", "/gpu/used_pct", "gpu_ok", "/gpu/ok", "tokens_per_second", "/tps",
            "model", "/model", "missing", "/nope"));
    ProbeResult r = run(check, Duration.ofSeconds(2));
    assertThat(r.status()).isEqualTo(Status.UP);
    assertThat(r.metrics()).containsEntry("gpu_memory_pct", 96.5).containsEntry("gpu_ok", 1.0)
        .containsEntry("tokens_per_second", 38.4).doesNotContainKeys("model", "missing");
  }
}
