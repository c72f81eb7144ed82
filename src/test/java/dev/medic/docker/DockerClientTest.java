package dev.medic.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.medic.support.DockerEngine;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(DockerEngine.class)
class DockerClientTest {

  private final TestContainers containers = new TestContainers();

  @AfterEach
  void cleanUp() {
    containers.close();
  }

  private static DockerClient client() throws DockerException {
    return DockerClient.open(DockerEndpoint.of(DockerEngine.host(), null), Duration.ofSeconds(10));
  }

  @Test
  void pingAnswersWithTheEngineApiVersion() throws Exception {
    try (DockerClient c = client()) {
      assertThat(c.ping()).matches("1\\.\\d+");
    }
  }

  @Test
  void inspectsARunningContainerFromAChunkedAnswer() throws Exception {
    String name = containers.run("inspect", List.of(), "sleep", "300");
    try (DockerClient c = client()) {
      ContainerState s = ContainerState.of(c.inspect(name).orElseThrow());
      assertThat(s.name()).isEqualTo(name);
      assertThat(s.status()).isEqualTo("running");
      assertThat(s.startedAt()).isNotNull();
      assertThat(s.restartCount()).isZero();
      assertThat(s.health()).isEqualTo("none");
    }
  }

  @Test
  void inspectOfAContainerThatDoesNotExistIsEmpty() throws Exception {
    try (DockerClient c = client()) {
      assertThat(c.inspect(DockerEngine.uniqueName("absent"))).isEmpty();
    }
  }

  @Test
  void listsOnlyTheContainersCarryingTheLabels() throws Exception {
    String app = "app-" + System.nanoTime();
    String web = containers.run("web", List.of("--label", "medic.app=" + app, "--label", "tier=web"), "sleep", "300");
    containers.run("db", List.of("--label", "medic.app=" + app, "--label", "tier=db"), "sleep", "300");
    containers.run("other", List.of("--label", "tier=web"), "sleep", "300");
    try (DockerClient c = client()) {
      List<JsonNode> found = c.list(Map.of("medic.app", app, "tier", "web"));
      assertThat(found).extracting(n -> n.path("Names").get(0).asText()).containsExactly("/" + web);
      assertThat(c.list(Map.of("medic.app", app))).hasSize(2);
    }
  }

  @Test
  void statsSampleHasMemoryAndCpuCounters() throws Exception {
    String name = containers.run("stats", List.of("-m", "32m"), "sleep", "300");
    try (DockerClient c = client()) {
      JsonNode stats = c.stats(name);
      assertThat(Usage.memoryLimit(stats)).isEqualTo(32 * 1024 * 1024);
      assertThat(Usage.memoryUsed(stats)).isGreaterThan(0);
      assertThat(stats.path("cpu_stats").path("cpu_usage").path("total_usage").asLong()).isPositive();
    }
  }

  @Test
  void logsKeepStdoutAndStderrApartAndCarryTheEngineTimestamps() throws Exception {
    Instant before = Instant.now().minusSeconds(5);
    String name = containers.run("logs", List.of(),
        "sh", "-c", "echo first out; echo first err >&2; echo second out; sleep 300");
    try (DockerClient c = client()) {
      await().atMost(Duration.ofSeconds(10)).until(() -> c.logs(name, before, false).size() == 3);
      List<LogLine> lines = c.logs(name, before, false);
      assertThat(lines).filteredOn(l -> !l.stderr()).extracting(LogLine::text).containsExactly("first out", "second out");
      assertThat(lines).filteredOn(LogLine::stderr).extracting(LogLine::text).containsExactly("first err");
      assertThat(lines).allSatisfy(l -> assertThat(l.at()).isAfter(before));
      Instant afterAll = lines.getLast().at().plusNanos(1);
      assertThat(c.logs(name, afterAll, false)).as("since excludes what was read").isEmpty();
    }
  }

  @Test
  void logsOfAContainerWithATerminalAreRawText() throws Exception {
    String name = containers.run("tty", List.of("-t"), "sh", "-c", "echo on a tty; sleep 300");
    try (DockerClient c = client()) {
      ContainerState s = ContainerState.of(c.inspect(name).orElseThrow());
      assertThat(s.tty()).isTrue();
      await().atMost(Duration.ofSeconds(10)).until(() -> !c.logs(name, Instant.EPOCH, true).isEmpty());
      assertThat(c.logs(name, Instant.EPOCH, true)).extracting(LogLine::text).containsExactly("on a tty");
    }
  }

  @Test
  void aRefusedCallNamesTheEngineTheCallAndTheEnginesReason() throws Exception {
    String name = containers.run("stopped", List.of(), "true");
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      try (DockerClient c = client()) {
        return !ContainerState.of(c.inspect(name).orElseThrow()).running();
      }
    });
    try (DockerClient c = client()) {
      assertThatThrownBy(() -> c.kill(name, "KILL"))
          .isInstanceOf(DockerException.class)
          .hasMessageContaining(DockerEngine.host())
          .hasMessageContaining("POST /containers/" + name + "/kill")
          .hasMessageContaining("HTTP 409")
          .hasMessageContaining("is not running");
    }
  }

  @Test
  void anAbsentSocketIsReportedWithItsPathAndTheCall(@TempDir Path dir) throws Exception {
    Path socket = dir.resolve("none.sock");
    try (DockerClient c = DockerClient.open(DockerEndpoint.of("unix://" + socket, null), Duration.ofSeconds(2))) {
      assertThatThrownBy(c::ping)
          .isInstanceOfSatisfying(DockerException.class, e -> assertThat(e.unreachable()).isTrue())
          .hasMessageContaining("unix://" + socket)
          .hasMessageContaining("GET /_ping");
    }
  }

  @Test
  void anEngineThatNeverAnswersCostsTheTimeoutNotAHang(@TempDir Path dir) throws Exception {
    Path socket = Path.of("/tmp", "medic-mute-" + System.nanoTime() + ".sock"); // short: socket path limit
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      Thread acceptor = Thread.ofVirtual().start(() -> {
        try (SocketChannel accepted = server.accept()) {
          Thread.sleep(Duration.ofSeconds(30)); // holds the connection open, says nothing
        } catch (IOException | InterruptedException e) {
          // the test is over
        }
      });
      try (DockerClient c = DockerClient.open(DockerEndpoint.of("unix://" + socket, null), Duration.ofMillis(500))) {
        long start = System.nanoTime();
        assertThatThrownBy(c::ping).isInstanceOf(DockerException.class).hasMessageContaining("timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(400), Duration.ofSeconds(5));
      } finally {
        acceptor.interrupt();
      }
    } finally {
      java.nio.file.Files.deleteIfExists(socket);
    }
  }

  @Test
  void anInterruptedCallEndsAtOnceAsAnInterruption() throws Exception {
    Path socket = Path.of("/tmp", "medic-mute-" + System.nanoTime() + ".sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
      Thread caller = Thread.ofVirtual().start(() -> {
        try (DockerClient c = DockerClient.open(DockerEndpoint.of("unix://" + socket, null), Duration.ofSeconds(30))) {
          c.ping();
        } catch (Throwable e) {
          thrown.set(e);
        }
      });
      try (SocketChannel accepted = server.accept()) { // connected, and never answered
        caller.interrupt();
        assertThat(caller.join(Duration.ofSeconds(5))).as("the call ended well before its 30s timeout").isTrue();
      }
      assertThat(thrown.get()).isInstanceOf(InterruptedException.class).hasMessageContaining("GET /_ping");
    } finally {
      java.nio.file.Files.deleteIfExists(socket);
    }
  }

  @Test
  void dechunksAnAnswerSplitAcrossChunksWithExtensions() throws Exception {
    byte[] raw = ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    HttpReply r = HttpWire.parse(raw);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).isEqualTo("hello, world");
  }

  @Test
  void anAnswerCutShortIsAnErrorNotATruncatedBody() {
    byte[] raw = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> HttpWire.parse(raw)).isInstanceOf(IOException.class).hasMessageContaining("3 of 10");
  }

  @Test
  void framesSplitInTheMiddleOfALineAreJoinedPerStream() {
    byte[] body = concat(frame(1, "2026-01-01T00:00:00.000000001Z hal"), frame(2, "2026-01-01T00:00:00.000000002Z oops\n"),
        frame(1, "f a line\n"));
    List<LogLine> lines = LogFrames.parse(body, false);
    assertThat(lines).extracting(LogLine::text).containsExactly("half a line", "oops");
    assertThat(lines.get(1).stderr()).isTrue();
  }

  private static byte[] frame(int stream, String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    byte[] f = new byte[8 + payload.length];
    f[0] = (byte) stream;
    f[4] = (byte) (payload.length >>> 24);
    f[5] = (byte) (payload.length >>> 16);
    f[6] = (byte) (payload.length >>> 8);
    f[7] = (byte) payload.length;
    System.arraycopy(payload, 0, f, 8, payload.length);
    return f;
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] all = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }
}
