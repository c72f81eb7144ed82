package dev.medic.live;

import io.javalin.websocket.WsContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.websocket.api.Callback;

/** A client of {@code /ws/monitor}. */
final class MonitorSocketClient extends LiveClient {

  /** Close code 1013, "try again later": the client fell behind. */
  private static final int TRY_AGAIN_LATER = 1013;

  private final WsContext ws;
  private final Duration sendPatience;

  MonitorSocketClient(WsContext ws, int capacity, Duration sendPatience) {
    super("ws-" + ws.sessionId(), capacity);
    this.ws = ws;
    this.sendPatience = sendPatience;
  }

  @Override
  boolean wants(LiveEvent event) {
    return event.message() != null;
  }

  /**
   * Waits for each message to be written: Jetty would otherwise queue frames for a client that
   * does not read, without bound.
   */
  @Override
  void write(LiveEvent event) throws Exception {
    Callback.Completable sent = new Callback.Completable();
    ws.session.sendText(event.message(), sent);
    try {
      sent.get(sendPatience.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new TimeoutException("message not taken within " + sendPatience.toMillis() + " ms");
    }
  }

  @Override
  void disconnect() {
    if (ws.session.isOpen()) {
      ws.closeSession(TRY_AGAIN_LATER, "closed by medic");
    }
  }
}
