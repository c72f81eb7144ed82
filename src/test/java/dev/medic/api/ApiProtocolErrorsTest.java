package dev.medic.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.runtime.Agent;
import dev.medic.store.Approval;
import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import dev.medic.support.AgentHarness;
import dev.medic.support.TestTokens;
import dev.medic.support.TestHttpServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests that Jetty itself refuses before any route runs (bad URI, huge header, broken request
 * line, malformed chunked body) still get medic's JSON error shape and a 4xx, sent over raw sockets
 * because a well-behaved HTTP client cannot send them.
 */
class ApiProtocolErrorsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static TestHttpServer app;
  private static AgentHarness harness;
  private static long approvalId;

  @BeforeAll
  static void start() throws Exception {
    app = new TestHttpServer(() -> 200);
    harness = AgentHarness.start(dir, """
        agent:
          interval: 1s
        targets:
          - name: web
            checks:
              - type: http
                url: %s
        """.formatted(app.url("/health")) + TestTokens.access("viewer"), new Agent.Overrides(null, false, null, "127.0.0.1:0"));
    Instant now = Instant.now();
    Incident incident = harness.agent.store().incidents().insert(
        Incident.open("web", "http_error", Severity.CRITICAL, "500", now));
    approvalId = harness.agent.store().approvals().insert(new Approval(0, incident.id(), "web", "flush", "command /bin/true",
        Approval.State.PENDING, now, now.plusSeconds(600), null, null, null)).id();
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
    if (app != null) {
      app.close();
    }
  }

  record Reply(int status, String contentType, String body) {
    JsonNode json() throws Exception {
      return JSON.readTree(body);
    }
  }

  /** Sends the bytes as they are and reads the reply until the server closes or the body is complete. */
  private static Reply raw(String request) throws Exception {
    try (Socket s = new Socket("127.0.0.1", harness.agent.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      s.shutdownOutput();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      String text = all.toString(StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      assertThat(end).as("a complete HTTP response: %s", text).isPositive();
      String head = text.substring(0, end);
      String body = text.substring(end + 4);
      int status = Integer.parseInt(head.substring(9, 12));
      String type = head.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-type:"))
          .map(l -> l.substring(13).trim()).findFirst().orElse("");
      if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
        body = unchunk(body);
      }
      return new Reply(status, type, body);
    }
  }

  private static String unchunk(String body) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (true) {
      int eol = body.indexOf("\r\n", at);
      int size = Integer.parseInt(body.substring(at, eol).trim(), 16);
      if (size == 0) {
        return out.toString();
      }
      out.append(body, eol + 2, eol + 2 + size);
      at = eol + 2 + size + 2;
    }
  }

  private static void assertJsonError(Reply reply, int status) throws Exception {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
    assertThat(reply.contentType()).as(reply.toString()).startsWith("application/json");
    assertThat(reply.json().get("error").asText()).as(reply.toString()).isNotBlank();
  }

  @Test
  void badUriIs400Json() throws Exception {
    assertJsonError(raw("GET /api/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 400);
  }

  @Test
  void tooLargeHeaderIs431Json() throws Exception {
    String huge = "x".repeat(64 * 1024);
    assertJsonError(raw("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + huge + "\r\nConnection: close\r\n\r\n"), 431);
  }

  @Test
  void tooLongUriIs414Json() throws Exception {
    assertJsonError(raw("GET /api/" + "a".repeat(64 * 1024) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 414);
  }

  @Test
  void garbledRequestLineIs400Json() throws Exception {
    assertJsonError(raw("GET\u0001 / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 400);
  }

  @Test
  void unknownPathAndWrongMethodStayJson() throws Exception {
    assertJsonError(raw("GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 404);
    assertJsonError(raw("DELETE /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 405);
  }

  @Test
  void malformedChunkedBodyIs400JsonNot500() throws Exception {
    Reply reply = raw("POST /api/approvals/" + approvalId + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Authorization: " + TestTokens.bearer(TestTokens.OPERATOR) + "\r\n"
        + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{\"decision\":\"approve\"}\r\n0\r\n\r\n");
    assertJsonError(reply, 400);
    assertThat(harness.agent.store().approvals().get(approvalId).orElseThrow().state())
        .as("a request whose body could not be read decides nothing").isEqualTo(Approval.State.PENDING);
  }
}
