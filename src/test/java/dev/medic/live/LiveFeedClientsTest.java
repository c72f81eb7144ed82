package dev.medic.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.medic.api.Access;
import dev.medic.api.ApiServer;
import dev.medic.api.Caller;
import dev.medic.api.OpenAccess;
import dev.medic.api.Role;
import dev.medic.live.LiveStreams.MonitorSocket;
import dev.medic.live.LiveStreams.SseStream;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.UnauthorizedResponse;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The feed's clients on a real HTTP server: who may connect, who falls behind, who is gone. */
class LiveFeedClientsTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);

  private LiveFeed feed;
  private ApiServer server;

  private int serve(Access access, LiveFeed.Pacing pacing) {
    feed = new LiveFeed(CLOCK, List::of, text -> text.replace("s3cret", "***"), pacing);
    server = new ApiServer(null, null, "127.0.0.1:0", access, List.of(feed));
    server.start();
    feed.start();
    return server.port();
  }

  @AfterEach
  void stop() {
    feed.close();
    server.stop();
  }

  private static LiveFeed.Pacing pacing(Duration heartbeat, int queue) {
    return new LiveFeed.Pacing(heartbeat, Duration.ofHours(1), Duration.ofSeconds(2), queue);
  }

  private void change(int n, String message) {
    feed.statusChanged(new StatusChange("t" + n, "up", "down", CLOCK.instant(), message));
  }

  @Test
  void aClientThatStopsReadingIsDroppedWhileOthersGetEveryEvent() throws Exception {
    int port = serve(new OpenAccess(), pacing(Duration.ofHours(1), 64));
    try (Socket slow = new Socket()) {
      slow.setReceiveBufferSize(1024);
      slow.connect(new java.net.InetSocketAddress("127.0.0.1", port));
      OutputStream out = slow.getOutputStream();
      out.write("GET /api/events HTTP/1.1\r\nHost: medic\r\nAccept: text/event-stream\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      try (SseStream fast = new SseStream(port, Map.of())) {
        await().atMost(Duration.ofSeconds(5)).until(() -> feed.stats().get("sse_clients").equals(2));
        String big = "x".repeat(16 * 1024);
        int sent = 0;
        // The slow client never reads: once the sockets' buffers are full its queue fills.
        while (feed.stats().get("clients_fell_behind").equals(0L) && sent < 20_000) {
          change(sent++, big);
          if (sent % 32 == 0) {
            int expected = sent;
            await().atMost(Duration.ofSeconds(5)).until(() -> fast.events.size() >= expected);
          }
        }
        assertThat(feed.stats().get("clients_fell_behind")).isEqualTo(1L);
        await().atMost(Duration.ofSeconds(5)).until(() -> feed.stats().get("sse_clients").equals(1));
        change(-1, "the last one");
        fast.await(Duration.ofSeconds(5), e -> e.data() != null && e.data().path("target").asText().equals("t-1"));
        assertThat(fast.events.stream().filter(e -> e.name().equals("status_change"))).hasSize(sent + 1);
      }
    }
  }

  @Test
  void aViewerMayConnectToBothAndAnUnknownCallerIsRefused() throws Exception {
    Access viewerToken = (ctx, needed) -> {
      if (!"Bearer viewer-token".equals(ctx.header("Authorization"))) {
        throw new UnauthorizedResponse("no valid credentials");
      }
      if (!Role.VIEWER.allows(needed)) {
        throw new ForbiddenResponse("viewer may not " + needed);
      }
      return new Caller("vera", Role.VIEWER);
    };
    int port = serve(viewerToken, pacing(Duration.ofHours(1), 16));
    Map<String, String> viewer = Map.of("Authorization", "Bearer viewer-token");

    try (SseStream refused = new SseStream(port, Map.of())) {
      assertThat(refused.status).isEqualTo(401);
    }
    assertThatThrownBy(() -> new MonitorSocket(port, Map.of()))
        .isInstanceOf(CompletionException.class)
        .cause().isInstanceOf(WebSocketHandshakeException.class)
        .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(401));
    assertThat(feed.stats()).containsEntry("sse_clients", 0).containsEntry("socket_clients", 0);

    try (SseStream page = new SseStream(port, viewer); MonitorSocket monitor = new MonitorSocket(port, viewer)) {
      assertThat(page.status).isEqualTo(200);
      await().atMost(Duration.ofSeconds(5)).until(() -> feed.stats().get("socket_clients").equals(1)
          && feed.stats().get("sse_clients").equals(1));
      change(1, "password s3cret refused");
      var event = page.await(Duration.ofSeconds(5), e -> e.name().equals("status_change"));
      assertThat(event.data().path("message").asText()).isEqualTo("password *** refused");
      var message = monitor.await(Duration.ofSeconds(5), m -> m.path("type").asText().equals("status_change"));
      assertThat(message.toString()).doesNotContain("s3cret");
    }
  }

  @Test
  void pagesGetAHeartbeatCommentAndClosedClientsAreLetGo() throws Exception {
    int port = serve(new OpenAccess(), pacing(Duration.ofMillis(100), 16));
    SseStream page = new SseStream(port, Map.of());
    MonitorSocket monitor = new MonitorSocket(port, Map.of());
    page.await(Duration.ofSeconds(2), e -> e.name().equals(":comment"));
    await().atMost(Duration.ofSeconds(5)).until(() -> feed.stats().get("socket_clients").equals(1)
        && feed.stats().get("sse_clients").equals(1));

    page.close();
    monitor.socket.sendClose(1000, "bye").join();
    // The page is noticed gone at the next heartbeat it cannot take; the socket at its close.
    await().atMost(Duration.ofSeconds(5)).until(() -> feed.stats().get("socket_clients").equals(0)
        && feed.stats().get("sse_clients").equals(0));
  }
}
