package dev.medic.http;

import static dev.medic.http.RawServer.readRequestHead;
import static dev.medic.http.RawServer.reader;
import static dev.medic.http.RawServer.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The one-request form, for actions and notifications: no connection is kept. */
class PlainHttpOnceTest {

  @Test
  void sendsMethodHeadersAndBodyThenClosesAndKeepsOnlyTheAskedPartOfTheBody() throws Exception {
    CompletableFuture<List<String>> head = new CompletableFuture<>();
    CompletableFuture<String> body = new CompletableFuture<>();
    CompletableFuture<Boolean> closedByClient = new CompletableFuture<>();
    try (RawServer server = RawServer.plain(s -> {
      BufferedReader in = reader(s);
      List<String> lines = readRequestHead(in);
      head.complete(lines);
      char[] content = new char[Integer.parseInt(lines.stream().filter(l -> l.startsWith("Content-Length: "))
          .findFirst().orElseThrow().substring(16))];
      in.read(content);
      body.complete(new String(content));
      write(s, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 11\r\n\r\nhello world");
      try {
        closedByClient.complete(in.read() < 0);
      } catch (java.io.IOException reset) {
        closedByClient.complete(true);
      }
    })) {
      var request = new PlainHttp.Request(server.url("/hooks/1"), "POST", Map.of("Content-Type", "application/json"),
          "{\"incident\":1}".getBytes(StandardCharsets.UTF_8));

      PlainHttp.Response r = PlainHttp.once(request, Duration.ofSeconds(2), 5);

      assertThat(r).isEqualTo(new PlainHttp.Response(503, "hello", true));
      assertThat(head.get(2, TimeUnit.SECONDS)).contains("POST /hooks/1 HTTP/1.1", "Content-Type: application/json",
          "User-Agent: medic", "Content-Length: 14");
      assertThat(body.get(2, TimeUnit.SECONDS)).isEqualTo("{\"incident\":1}");
      assertThat(closedByClient.get(2, TimeUnit.SECONDS)).isTrue();
    }
  }
}
