package dev.medic.api;

import io.javalin.http.Context;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Targets as services, in the shape dashboards built for seed 004's API expect: a map by name with
 * status and response time, and one target with its checks, open incidents and dependencies.
 */
public final class ServiceRoutes implements ApiModule {

  private final ReadModel view;
  private final Function<String, List<String>> dependsOn;
  private final Clock clock;

  /** @param dependsOn the targets a target depends on, by the running config */
  public ServiceRoutes(ReadModel view, Function<String, List<String>> dependsOn, Clock clock) {
    this.view = view;
    this.dependsOn = dependsOn;
    this.clock = clock;
  }

  @Override
  public List<Route> routes() {
    return List.of(
        Route.get("/api/health/services", Role.VIEWER, "Every target as a service: status, response time, uptime, checks")
            .responds(200, "the services by name")
            .handle(this::services),
        Route.get("/api/health/{target}", Role.VIEWER, "One target: its checks, open incidents and the targets it depends on")
            .path("target", "string", "the target's name")
            .responds(200, "the target").responds(404, "no such target")
            .handle(this::service));
  }

  private void services(Context ctx) {
    Map<String, Object> services = new LinkedHashMap<>();
    for (TargetView t : view.targets()) {
      services.put(t.name(), service(t));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("timestamp", clock.instant());
    body.put("services", services);
    ctx.json(body);
  }

  private void service(Context ctx) {
    String name = ctx.pathParam("target");
    List<TargetView> all = view.targets();
    TargetView target = find(all, name);
    if (target == null) {
      throw new ApiServer.BadRequest(404, "no target '" + name + "'");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("timestamp", clock.instant());
    body.put("name", target.name());
    body.putAll(service(target));
    body.put("incidents", target.openIncidents().stream().map(view::incident).flatMap(java.util.Optional::stream).toList());
    Map<String, Object> dependencies = new LinkedHashMap<>();
    for (String dependency : dependsOn.apply(name)) {
      TargetView d = find(all, dependency);
      Map<String, Object> status = new LinkedHashMap<>();
      status.put("status", d == null ? "unknown" : d.status());
      status.put("open_incidents", d == null ? List.of() : d.openIncidents());
      dependencies.put(dependency, status);
    }
    body.put("depends_on", dependencies);
    ctx.json(body);
  }

  private static TargetView find(List<TargetView> targets, String name) {
    return targets.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
  }

  /** One service as seed 004 showed it, with medic's checks and incidents beside. */
  static Map<String, Object> service(TargetView t) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("status", t.status());
    s.put("critical", t.critical());
    s.put("response_time_ms", responseTimeMs(t));
    s.put("uptime_24h", t.uptime24h());
    s.put("open_incidents", t.openIncidents());
    Map<String, Object> checks = new LinkedHashMap<>();
    for (TargetView.CheckView c : t.checks()) {
      Map<String, Object> check = new LinkedHashMap<>();
      check.put("status", c.status());
      check.put("latency_ms", c.latencyMs());
      check.put("at", c.at());
      check.put("message", c.message());
      checks.put(c.name(), check);
    }
    s.put("checks", checks);
    return s;
  }

  /** The slowest check's last latency: what a user of the service waits for. Null before any ran. */
  private static Double responseTimeMs(TargetView t) {
    return t.checks().stream().map(TargetView.CheckView::latencyMs).filter(Objects::nonNull)
        .max(Double::compare).orElse(null);
  }
}
