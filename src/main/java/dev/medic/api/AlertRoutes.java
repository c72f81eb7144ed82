package dev.medic.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.medic.incident.Acknowledgement;
import dev.medic.spi.Incident;
import dev.medic.store.AlertOverride;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * medic's incidents seen as seed 004's alerts (level, message, service), and the detection
 * thresholds that decide when they fire, which admins may change at run time.
 */
public final class AlertRoutes implements ApiModule {

  static final String CONFIG_EXAMPLE =
      "{\"targets\": {\"web\": {\"failures\": 5, \"thresholds\": [\"latency_ms > 1000 for 3s as latency_high\"]}}}";

  private final ReadModel view;
  private final Controls controls;
  private final AlertTuning tuning;
  private final Clock clock;

  public AlertRoutes(ReadModel view, Controls controls, AlertTuning tuning, Clock clock) {
    this.view = view;
    this.controls = controls;
    this.tuning = tuning;
    this.clock = clock;
  }

  @Override
  public List<Route> routes() {
    return List.of(
        Route.get("/api/alerts", Role.VIEWER, "Active alerts: the open incidents, newest first")
            .responds(200, "the alerts")
            .handle(this::active),
        Route.get("/api/alerts/history", Role.VIEWER, "Alerts closed within the window, newest first")
            .query("hours", "integer", "the window, 1..720, default 24")
            .query("limit", "integer", "1..10000, default 100")
            .responds(200, "the closed alerts").responds(400, "a bad hours or limit")
            .handle(this::history),
        Route.post("/api/alerts/{id}/acknowledge", Role.OPERATOR, "Takes an alert on: reminders and paging stop, healing goes on")
            .path("id", "integer", "the alert's (incident's) id")
            .body("{\"comment\": \"on it\"}")
            .responds(200, "acknowledged").responds(400, "a bad id or body").responds(404, "no such alert")
            .responds(409, "closed, or acknowledged before")
            .handle(this::acknowledge),
        Route.get("/api/alerts/config", Role.VIEWER, "Detection thresholds per target, and where each comes from")
            .responds(200, "the defaults and each target's settings")
            .handle(ctx -> ctx.json(tuning.detection())),
        Route.put("/api/alerts/config", Role.ADMIN, "Changes the given detection fields of the given targets; applied at once, kept across restarts")
            .body(CONFIG_EXAMPLE)
            .responds(200, "the settings now in force").responds(400, "a bad body, naming target, field and value")
            .responds(500, "the change could not be applied; nothing changed")
            .handle(this::change),
        Route.delete("/api/alerts/config/{target}", Role.ADMIN, "Drops a target's override: the config file's settings apply again")
            .path("target", "string", "the target's name")
            .responds(200, "the settings now in force").responds(404, "the target has no override")
            .handle(this::drop));
  }

  private void active(Context ctx) {
    Map<Long, Long> roots = tuning.symptomRoots();
    List<Map<String, Object>> alerts = new ArrayList<>();
    for (Incident i : view.incidents(true, 10_000)) {
      alerts.add(alert(i, controls.acknowledgement(i.id()), roots.get(i.id())));
    }
    ctx.json(alerts);
  }

  private void history(Context ctx) {
    int hours = 24;
    if (ctx.queryParam("hours") != null) {
      long h = ApiServer.longParam(ctx.queryParam("hours"), "hours");
      if (h < 1 || h > 720) {
        throw new ApiServer.BadRequest(400, "hours must be 1..720, got " + h);
      }
      hours = (int) h;
    }
    int limit = ApiServer.limit(ctx);
    Instant since = clock.instant().minus(Duration.ofHours(hours));
    List<Map<String, Object>> alerts = new ArrayList<>();
    // Most recent first by opening; a window of closings is what history asks for.
    for (Incident i : view.incidents(false, 10_000)) {
      if (i.resolvedAt() != null && !i.resolvedAt().isBefore(since)) {
        alerts.add(alert(i, controls.acknowledgement(i.id()), null));
      }
    }
    alerts.sort((a, b) -> ((Instant) b.get("resolved_at")).compareTo((Instant) a.get("resolved_at")));
    ctx.json(alerts.size() > limit ? alerts.subList(0, limit) : alerts);
  }

  /** An incident in seed 004's alert shape, with medic's own fields beside. */
  static Map<String, Object> alert(Incident i, Optional<Acknowledgement> ack, Long symptomOf) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("id", i.id());
    a.put("level", i.severity().name().toLowerCase(Locale.ROOT));
    a.put("message", i.message());
    a.put("service", i.target());
    a.put("condition", i.condition());
    a.put("state", i.state().name().toLowerCase(Locale.ROOT));
    a.put("since", i.openedAt());
    a.put("acknowledged", ack.map(k -> Map.of("by", k.by(), "at", k.at())).orElse(null));
    a.put("escalated", i.escalated());
    a.put("symptom_of", symptomOf);
    if (!i.isOpen()) {
      a.put("resolved_at", i.resolvedAt());
      a.put("resolution", i.resolutionStatus());
    }
    return a;
  }

  /** As {@code POST /api/incidents/{id}/ack}, with the caller as who took it on. */
  private void acknowledge(Context ctx) {
    long id = ApiServer.longParam(ctx.pathParam("id"), "alert id");
    Incident incident = view.incident(id).orElseThrow(() -> new ApiServer.BadRequest(404, "no alert " + id));
    JsonNode body = ApiServer.jsonObject(ctx, "{\"comment\": \"on it\"}", true);
    String comment = body.hasNonNull("comment") ? body.get("comment").asText() : "";
    Incident now = ApiServer.acknowledge(controls, incident, Caller.of(ctx).name(), comment, "alert");
    ctx.json(alert(now, controls.acknowledgement(id), tuning.symptomRoots().get(id)));
  }

  private void change(Context ctx) {
    JsonNode body = ApiServer.jsonObject(ctx, CONFIG_EXAMPLE, false);
    JsonNode targets = body.get("targets");
    if (targets == null || !targets.isObject() || targets.isEmpty()) {
      throw new ApiServer.BadRequest(400, "body must name targets like " + CONFIG_EXAMPLE);
    }
    List<AlertOverride> changes = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = targets.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      changes.add(AlertOverrideBody.read(e.getKey(), e.getValue()));
    }
    try {
      ctx.json(tuning.override(changes, Caller.of(ctx).name()));
    } catch (IllegalArgumentException e) {
      throw new ApiServer.BadRequest(400, e.getMessage());
    } catch (IllegalStateException e) {
      throw new ApiServer.BadRequest(500, e.getMessage());
    }
  }

  private void drop(Context ctx) {
    String target = ctx.pathParam("target");
    if (!tuning.dropOverride(target, Caller.of(ctx).name())) {
      throw new ApiServer.BadRequest(404, "target '" + target + "' has no alert override");
    }
    ctx.json(tuning.detection());
  }
}
