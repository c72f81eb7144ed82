package dev.medic.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** Test clients of the live feed, as a page and a monitor would hold them. */
final class LiveStreams {

  private static final ObjectMapper JSON = new ObjectMapper();

  private LiveStreams() {}

  /** One server-sent event; a comment has name {@code :comment}. */
  record Sse(String name, JsonNode data, String raw) {}

  /** Reads {@code GET /api/events} on a thread of its own and keeps every event. */
  static final class SseStream implements AutoCloseable {
    final int status;
    final List<Sse> events = new CopyOnWriteArrayList<>();
    /** Whether the server ended the stream. */
    volatile boolean ended;
    private final InputStream body;
    private final Thread reader;

    SseStream(int port, Map<String, String> headers) throws Exception {
      HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/events"))
          .header("Accept", "text/event-stream");
      headers.forEach(req::header);
      HttpResponse<InputStream> response = HttpClient.newHttpClient().send(req.build(),
          HttpResponse.BodyHandlers.ofInputStream());
      this.status = response.statusCode();
      this.body = response.body();
      this.reader = Thread.ofVirtual().start(this::read);
    }

    private void read() {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
        String name = null;
        StringBuilder data = new StringBuilder();
        for (String line; (line = lines.readLine()) != null; ) {
          if (line.startsWith(":")) {
            events.add(new Sse(":comment", null, line));
          } else if (line.startsWith("event:")) {
            name = line.substring(6).trim();
          } else if (line.startsWith("data:")) {
            data.append(line.substring(5).trim());
          } else if (line.isEmpty() && name != null) {
            String raw = data.toString();
            events.add(new Sse(name, raw.startsWith("{") ? JSON.readTree(raw) : null, raw));
            name = null;
            data.setLength(0);
          }
        }
      } catch (Exception e) {
        // closed
      } finally {
        ended = true;
      }
    }

    Sse await(Duration within, Predicate<Sse> what) {
      return Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(10))
          .until(() -> events.stream().filter(what).findFirst().orElse(null), e -> e != null);
    }

    @Override
    public void close() throws Exception {
      body.close();
      reader.interrupt();
    }
  }

  /** A client of {@code /ws/monitor} that keeps every message. */
  static final class MonitorSocket implements WebSocket.Listener, AutoCloseable {
    final List<JsonNode> messages = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    /** Whether the server closed the socket. */
    volatile boolean closed;
    final WebSocket socket;

    MonitorSocket(int port, Map<String, String> headers) {
      WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder();
      headers.forEach(b::header);
      this.socket = b.buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/monitor"), this).join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence text, boolean last) {
      partial.append(text);
      if (last) {
        try {
          messages.add(JSON.readTree(partial.toString()));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      closed = true;
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed = true;
    }

    JsonNode await(Duration within, Predicate<JsonNode> what) {
      return Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(10))
          .until(() -> messages.stream().filter(what).findFirst().orElse(null), m -> m != null);
    }

    @Override
    public void close() {
      socket.abort();
    }
  }
}
