package dev.medic.live;

import io.javalin.http.sse.SseClient;
import java.io.IOException;

/** A page's EventSource on {@code GET /api/events}. */
final class SseLiveClient extends LiveClient {

  private final SseClient sse;

  SseLiveClient(SseClient sse, int capacity) {
    super("sse-" + sse.ctx().req().getRemoteAddr() + ":" + sse.ctx().req().getRemotePort(), capacity);
    this.sse = sse;
  }

  @Override
  boolean wants(LiveEvent event) {
    return event.heartbeat() || event.data() != null;
  }

  @Override
  void write(LiveEvent event) throws IOException {
    if (event.heartbeat()) {
      sse.sendComment("heartbeat");
    } else {
      sse.sendEvent(event.name(), event.data());
    }
    // Javalin notes a failed write by terminating the client rather than throwing.
    if (sse.terminated()) {
      throw new IOException("connection closed");
    }
  }

  @Override
  void disconnect() {
    sse.close();
  }
}
