package dev.medic.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.analyze.Investigation;
import dev.medic.api.ApiServer;
import dev.medic.spi.Durations;
import dev.medic.store.History;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The routes of medic's REST API that {@link RestInvestigation} calls, in their documented shapes,
 * over an investigation; every request is recorded (method, path with query, Authorization) for the
 * test to assert. A request without the expected token is a 401, as medic's API answers one.
 */
final class RestApiStandIn implements AutoCloseable {

  /** One request as received. */
  record Seen(String method, String path, String authorization, String body) {}

  private final ObjectMapper json = ApiServer.json();
  private final Investigation investigation;
  private final String token;
  final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final Javalin app;

  RestApiStandIn(Investigation investigation, String token) {
    this.investigation = investigation;
    this.token = token;
    this.app = Javalin.create(config -> {
      config.jsonMapper(new JavalinJackson(json, true));
      config.startup.showJavalinBanner = false;
      config.routes.before(this::record);
      config.routes.exception(io.javalin.http.HttpResponseException.class,
          (e, ctx) -> ctx.status(e.getStatus()).json(Map.of("error", e.getMessage())));
      config.routes.get("/api/incidents", ctx -> ctx.json(investigation.openIncidents()));
      config.routes.get("/api/incidents/{id}", ctx -> investigation.incident(id(ctx)).ifPresentOrElse(
          i -> ctx.json(Map.of("incident", i, "timeline", List.of(), "audit", List.of())), () -> missing(ctx)));
      config.routes.get("/api/incidents/{id}/bundle", ctx -> investigation.bundle(id(ctx)).ifPresentOrElse(b -> {
        if ("markdown".equals(ctx.queryParam("format"))) {
          ctx.contentType("text/markdown; charset=utf-8").result("# Incident " + b.incident().id() + "\n");
        } else {
          ctx.json(b);
        }
      }, () -> missing(ctx)));
      config.routes.get("/api/incidents/{id}/analyses", ctx -> ctx.json(investigation.analyses(id(ctx))));
      config.routes.post("/api/incidents/{id}/analyze", ctx -> {
        List<String> names = new ArrayList<>();
        json.readTree(ctx.body()).path("analysts").forEach(n -> names.add(n.asText()));
        ctx.json(investigation.analyze(id(ctx), names, "operator"));
      });
      config.routes.post("/api/incidents/{id}/propose", ctx -> {
        JsonNode body = json.readTree(ctx.body());
        Investigation.Proposal p = investigation.propose(id(ctx), body.path("strategy").asText(), "operator",
            body.path("reason").asText());
        if (p.accepted()) {
          ctx.status(202).json(Map.of("accepted", true, "approval_id", p.approvalId(), "reason", p.reason()));
        } else {
          ctx.status(409).json(Map.of("error", p.reason()));
        }
      });
      config.routes.get("/api/metrics/history", ctx -> {
        Instant from = Instant.parse(ctx.queryParam("from"));
        Instant to = Instant.parse(ctx.queryParam("to"));
        History.Series s = investigation.history(ctx.queryParam("target"), from, to,
            Durations.parse(ctx.queryParam("step")));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("target", ctx.queryParam("target"));
        body.put("tier", s.tier());
        body.put("step", Durations.format(s.step()));
        body.put("buckets", s.buckets().stream().map(b -> {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("start", b.start());
          row.put("count", b.count());
          row.put("failures", b.failures());
          row.put("p50", b.p50());
          row.put("p95", b.p95());
          row.put("p99", b.p99());
          row.put("max", b.maxMs());
          return row;
        }).toList());
        ctx.json(body);
      });
      config.routes.get("/api/audit", ctx -> ctx.json(investigation.audit(
          ctx.queryParam("incident") == null ? null : Long.parseLong(ctx.queryParam("incident")),
          Integer.parseInt(ctx.queryParam("limit")))));
    }).start("127.0.0.1", 0);
  }

  String url() {
    return "http://127.0.0.1:" + app.port();
  }

  private void record(Context ctx) {
    seen.add(new Seen(ctx.method().name(), ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString()),
        ctx.header("Authorization"), ctx.body()));
    if (!("Bearer " + token).equals(ctx.header("Authorization"))) {
      throw new io.javalin.http.UnauthorizedResponse("this needs a token with role viewer");
    }
  }

  private static long id(Context ctx) {
    return Long.parseLong(ctx.pathParam("id"));
  }

  private static void missing(Context ctx) {
    ctx.status(404).json(Map.of("error", "no incident " + ctx.pathParam("id")));
  }

  @Override
  public void close() {
    app.stop();
  }
}
