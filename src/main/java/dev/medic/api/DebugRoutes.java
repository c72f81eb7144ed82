package dev.medic.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.medic.notify.TestMessage;
import dev.medic.spi.Durations;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Drills for admins: a simulated failure that runs detection, healing and paging for real, and a
 * test alert through the channels. Off unless enabled ({@code access.debug_endpoints}); while off
 * they answer 404, as if they did not exist.
 */
public final class DebugRoutes implements ApiModule {

  static final String OFF = "debug endpoints are off (access.debug_endpoints)";
  static final Duration MIN = Duration.ofSeconds(1);
  static final Duration MAX = Duration.ofHours(1);
  static final Duration DEFAULT = Duration.ofSeconds(60);

  /**
   * One scheduled check for {@code /api/debug/collection-status}.
   *
   * @param lastRun when its last result came, null before the first
   * @param lagMs how late its next run is now, 0 when it is not due yet
   */
  public record CheckSchedule(String target, String check, Instant lastRun, Instant nextDue, long lagMs,
      boolean inFlight) {}

  private final AlertTuning tuning;
  private final java.util.function.Supplier<List<CheckSchedule>> collection;
  private final BooleanSupplier enabled;

  /** @param collection every scheduled check as it stands now */
  public DebugRoutes(AlertTuning tuning, java.util.function.Supplier<List<CheckSchedule>> collection,
      BooleanSupplier enabled) {
    this.tuning = tuning;
    this.collection = collection;
    this.enabled = enabled;
  }

  @Override
  public List<Route> routes() {
    return List.of(
        Route.post("/api/debug/simulate-failure", Role.ADMIN, "Makes a target's checks report DOWN for a while (a drill)")
            .body("{\"target\": \"web\", \"for\": \"60s\", \"condition\": \"http_error\"}")
            .responds(200, "the drill runs; until when").responds(400, "a bad body or duration")
            .responds(404, "no such target, or debug endpoints are off")
            .handle(whenOn(this::simulateFailure)),
        Route.post("/api/debug/test-alert", Role.ADMIN, "Sends a test alert through one channel, or through every channel")
            .body("{\"channel\": \"slack\"}")
            .responds(200, "each channel's outcome").responds(400, "a bad body")
            .responds(404, "no such channel, or debug endpoints are off").responds(503, "medic is stopping")
            .handle(whenOn(this::testAlert)),
        Route.get("/api/debug/collection-status", Role.ADMIN, "Each scheduled check: last run, next due, lag, whether it runs now")
            .responds(200, "the checks by target and name").responds(404, "debug endpoints are off")
            .handle(whenOn(ctx -> ctx.json(Map.of("checks", collection.get())))));
  }

  private Handler whenOn(Handler handler) {
    return ctx -> {
      if (!enabled.getAsBoolean()) {
        throw new ApiServer.BadRequest(404, OFF);
      }
      handler.handle(ctx);
    };
  }

  private void simulateFailure(Context ctx) {
    String example = "{\"target\": \"web\", \"for\": \"60s\"}";
    JsonNode body = ApiServer.jsonObject(ctx, example, false);
    if (!body.path("target").isTextual() || body.get("target").asText().isBlank()) {
      throw new ApiServer.BadRequest(400, "target must name a target, like " + example);
    }
    String target = body.get("target").asText();
    Duration duration = DEFAULT;
    if (body.hasNonNull("for")) {
      String text = body.get("for").asText();
      try {
        duration = Durations.parse(text);
      } catch (RuntimeException e) {
        throw new ApiServer.BadRequest(400, "for must be a duration like 60s or 5m, got '" + text + "'");
      }
      if (duration.compareTo(MIN) < 0 || duration.compareTo(MAX) > 0) {
        throw new ApiServer.BadRequest(400, "for must be 1s..1h, got '" + text + "'");
      }
    }
    // The condition the failing checks raise: simulated_failure by default, or one a strategy
    // matches, to drill that remedy.
    String condition = null;
    if (body.hasNonNull("condition")) {
      condition = body.get("condition").asText();
      if (!condition.matches("[a-z][a-z0-9_]{0,63}")) {
        throw new ApiServer.BadRequest(400, "condition must be a condition's name like http_error, got '"
            + condition + "'");
      }
    }
    Instant until;
    try {
      until = tuning.simulateFailure(target, duration, Caller.of(ctx).name(), condition);
    } catch (IllegalArgumentException e) {
      throw new ApiServer.BadRequest(404, e.getMessage());
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("target", target);
    answer.put("until", until);
    answer.put("seconds", duration.toSeconds());
    ctx.json(answer);
  }

  private void testAlert(Context ctx) throws InterruptedException {
    JsonNode body = ApiServer.jsonObject(ctx, "{\"channel\": \"slack\"}", true);
    JsonNode channel = body.get("channel");
    if (channel != null && !channel.isNull() && (!channel.isTextual() || channel.asText().isBlank())) {
      throw new ApiServer.BadRequest(400, "channel must name a channel, got " + channel);
    }
    String name = channel == null || channel.isNull() ? null : channel.asText();
    List<TestMessage.Sent> sent;
    try {
      sent = tuning.testAlert(name, Caller.of(ctx).name());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiServer.BadRequest(503, "medic is stopping; no test alert was sent");
    }
    if (sent.isEmpty()) {
      throw new ApiServer.BadRequest(404, name == null ? "the running config has no channels" : "no channel named '" + name + "'");
    }
    ctx.json(Map.of("sent", sent));
  }
}
