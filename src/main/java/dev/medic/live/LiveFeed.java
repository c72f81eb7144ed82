package dev.medic.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.api.Access;
import dev.medic.api.ApiModule;
import dev.medic.api.ApiServer;
import dev.medic.api.Role;
import dev.medic.api.TokenAccess;
import dev.medic.api.Route;
import dev.medic.api.TargetView;
import dev.medic.incident.IncidentEvent;
import io.javalin.config.JavalinConfig;
import io.javalin.http.sse.SseHandler;
import io.javalin.websocket.WsConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes what changes to open pages: target status changes, incident alerts and heal results, over
 * SSE ({@code GET /api/events}) and a WebSocket ({@code /ws/monitor}, which also gets a
 * {@code metrics_update} every few seconds). Publishing only queues: each client has a bounded
 * queue and its own sender, and one that falls behind is disconnected.
 */
public final class LiveFeed implements ApiModule, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger("medic");

  /** Events a client may be behind before it is disconnected. */
  public static final int QUEUE_CAPACITY = 256;

  /** How the feed is paced. */
  public record Pacing(Duration heartbeat, Duration metrics, Duration sendPatience, int queueCapacity) {
    public static Pacing standard() {
      return new Pacing(Duration.ofSeconds(15), Duration.ofSeconds(5), Duration.ofSeconds(10), QUEUE_CAPACITY);
    }
  }

  private final Clock clock;
  private final Supplier<List<TargetView>> targets;
  private final UnaryOperator<String> redact;
  private final Pacing pacing;
  private final ObjectMapper json = ApiServer.json();
  private final Set<LiveClient> clients = ConcurrentHashMap.newKeySet();
  private final Map<String, MonitorSocketClient> sockets = new ConcurrentHashMap<>();
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong fellBehind = new AtomicLong();
  /** Set when the server configures the feed, before any request reaches it. */
  private volatile Access access;
  private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().name("medic-live-ticks").daemon().factory());

  /**
   * @param targets the targets as the API shows them, for {@code metrics_update}
   * @param redact hides secrets in messages
   */
  public LiveFeed(Clock clock, Supplier<List<TargetView>> targets, UnaryOperator<String> redact, Pacing pacing) {
    this.clock = clock;
    this.targets = targets;
    this.redact = redact;
    this.pacing = pacing;
  }

  /** Starts the SSE heartbeat and the sockets' metrics updates. */
  public void start() {
    long beat = pacing.heartbeat().toMillis();
    long metrics = pacing.metrics().toMillis();
    ticks.scheduleAtFixedRate(() -> publish(LiveEvent.HEARTBEAT), beat, beat, TimeUnit.MILLISECONDS);
    ticks.scheduleAtFixedRate(this::metricsUpdate, metrics, metrics, TimeUnit.MILLISECONDS);
    ticks.scheduleAtFixedRate(this::endThoseNoLongerAdmitted, metrics, metrics, TimeUnit.MILLISECONDS);
  }

  // ---- what is published -------------------------------------------------------------------

  /** A target's status changed; called on the check path, so it only writes and queues. */
  public void statusChanged(StatusChange change) {
    if (clients.isEmpty()) {
      return;
    }
    StatusChange c = new StatusChange(change.target(), change.oldStatus(), change.newStatus(), change.at(),
        redact.apply(change.message()));
    Map<String, Object> message = message("status_change", c.at().toString());
    message.put("service", c.target());
    message.put("old_status", c.oldStatus());
    message.put("new_status", c.newStatus());
    message.put("message", c.message());
    publish(new LiveEvent("status_change", write(c), write(message)));
  }

  /** An incident event from the bus (its subscriber). */
  public void incident(IncidentEvent event) {
    if (clients.isEmpty()) {
      return;
    }
    Alert.of(event, redact).ifPresent(alert -> {
      Alert.Told told = new Alert.Told(alert, clock.instant());
      Map<String, Object> message = message("alert", told.at().toString());
      message.put("alert", alert);
      publish(new LiveEvent("alert", write(told), write(message)));
    });
  }

  /** A remedy attempt finished. */
  public void healed(HealResult result) {
    if (clients.isEmpty()) {
      return;
    }
    HealResult h = new HealResult(result.target(), result.strategy(), result.result(), result.attempt(),
        result.of(), result.at(), redact.apply(result.detail()));
    Map<String, Object> message = message("heal", h.at().toString());
    message.put("heal", h);
    publish(new LiveEvent("heal", write(h), write(message)));
  }

  private void metricsUpdate() {
    if (sockets.isEmpty()) {
      return;
    }
    try {
      publish(metricsMessage());
    } catch (RuntimeException e) {
      log.warn("live metrics update failed", e);
    }
  }

  private LiveEvent metricsMessage() {
    Map<String, Object> message = message("metrics_update", null);
    message.put("data", MonitorMetrics.of(targets.get()));
    message.put("timestamp", clock.instant().toString());
    return new LiveEvent("metrics_update", null, write(message));
  }

  private void publish(LiveEvent event) {
    published.incrementAndGet();
    for (LiveClient c : clients) {
      if (c.offer(event)) {
        fellBehind.incrementAndGet();
      }
    }
  }

  private static Map<String, Object> message(String type, String timestamp) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", type);
    if (timestamp != null) {
      m.put("timestamp", timestamp);
    }
    return m;
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a live event as JSON", e);
    }
  }

  // ---- clients -------------------------------------------------------------------------------

  @Override
  public List<Route> routes() {
    return List.of(
        Route.get("/api/events", Role.VIEWER,
                "Server-sent events: status_change, alert and heal as they happen; a comment every 15 s")
            .produces("text/event-stream")
            .responds(200, "the stream").responds(406, "the request does not accept text/event-stream")
            .handle(eventStream(new SseHandler(sse -> {
              SseLiveClient client = new SseLiveClient(sse, pacing.queueCapacity());
              sse.keepAlive();
              sse.onClose(client::end);
              admit(client, access.stillAdmitted(sse.ctx().header("Authorization"),
                  sse.ctx().cookie(TokenAccess.COOKIE), Role.VIEWER));
            }))),
        Route.get("/api/debug/live", Role.ADMIN, "Clients of the live feed now, and how many fell behind")
            .handle(ctx -> ctx.json(stats())));
  }

  /**
   * Streams only to a request that accepts {@code text/event-stream} (as EventSource sends); any
   * other gets a 406 saying so, not a stream it would wait on forever.
   */
  private static io.javalin.http.Handler eventStream(SseHandler stream) {
    return ctx -> {
      String accept = ctx.header("Accept");
      if (accept == null || !accept.contains("text/event-stream")) {
        throw new io.javalin.http.HttpResponseException(406,
            "GET /api/events is a stream of server-sent events: send Accept: text/event-stream");
      }
      stream.handle(ctx);
    };
  }

  /** The WebSocket {@code /ws/monitor}, admitted for viewers and above before the upgrade. */
  @Override
  public void configure(JavalinConfig config, Access access) {
    this.access = access;
    config.routes.wsBeforeUpgrade("/ws/monitor", ctx -> access.admitSocket(ctx, Role.VIEWER));
    config.routes.ws("/ws/monitor", this::monitor);
  }

  private void monitor(WsConfig ws) {
    ws.onConnect(ctx -> {
      MonitorSocketClient client = new MonitorSocketClient(ctx, pacing.queueCapacity(), pacing.sendPatience());
      sockets.put(ctx.sessionId(), client);
      // The state as it is now, before any change: the page starts from it.
      client.offer(metricsMessage());
      admit(client, access.stillAdmitted(ctx.header("Authorization"), ctx.cookie(TokenAccess.COOKIE), Role.VIEWER));
    });
    ws.onClose(ctx -> gone(ctx.sessionId()));
    ws.onError(ctx -> gone(ctx.sessionId()));
  }

  private void gone(String sessionId) {
    MonitorSocketClient client = sockets.remove(sessionId);
    if (client != null) {
      client.end();
    }
  }

  /** Started before it is listed: an end racing with this finds it listed and removes it, or never listed. */
  private void admit(LiveClient client, java.util.function.BooleanSupplier stillAdmitted) {
    client.start(this::removed, stillAdmitted);
    clients.add(client);
    if (client.ended()) {
      removed(client);
    }
  }

  /**
   * Ends clients whose token was revoked or expired, whose login ended, or whose anonymous reading
   * a reload turned off: they were admitted once, and an open stream must not outlive that.
   */
  private void endThoseNoLongerAdmitted() {
    for (LiveClient client : clients) {
      try {
        if (!client.stillAdmitted()) {
          client.end();
        }
      } catch (RuntimeException e) {
        // A store that cannot be read now must not end the ticks (an exception would), nor the client.
        log.debug("checking live client {}: {}", client, e.toString());
      }
    }
  }

  private void removed(LiveClient client) {
    clients.remove(client);
    sockets.values().remove(client);
  }

  /** Clients connected now, by kind, events published and clients that fell behind. */
  public Map<String, Object> stats() {
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("sse_clients", clients.size() - sockets.size());
    stats.put("socket_clients", sockets.size());
    stats.put("events_published", published.get());
    stats.put("clients_fell_behind", fellBehind.get());
    return stats;
  }

  /** Stops the ticks and disconnects every client. */
  @Override
  public void close() {
    ticks.shutdownNow();
    for (LiveClient c : List.copyOf(clients)) {
      c.end();
    }
  }
}
