package dev.medic.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.medic.notify.TestMessage;
import dev.medic.silence.SilenceRequest;
import dev.medic.store.Approval;
import dev.medic.store.Silence;
import dev.medic.spi.Incident;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.javalin.router.EndpointNotFound;
import org.eclipse.jetty.http.HttpException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * medic's HTTP API: health, targets, incidents, audit, reload and Prometheus metrics. Bad input gets
 * a 4xx with a JSON reason, never a 500.
 */
public final class ApiServer {

  /** Thrown by handlers for input the client got wrong. */
  static final class BadRequest extends RuntimeException {
    final int status;

    BadRequest(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  /**
   * How a {@link TargetView} is named on the wire. Snake case alone would write {@code
   * uptime24h}; the API promises {@code uptime_24h}, like every other multi-word field.
   */
  private abstract static class TargetViewJson {
    @JsonProperty("uptime_24h")
    abstract Double uptime24h();
  }

  public static ObjectMapper json() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .addMixIn(TargetView.class, TargetViewJson.class)
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
  }

  /** Reads request bodies; thread-safe once configured. */
  private static final ObjectMapper JSON = json();

  private final ReadModel view;
  private final MetricsJson metricsJson;
  private final Controls controls;
  private final Access access;
  private final List<ApiModule> modules;
  private final String host;
  private final int port;
  private Javalin app;

  /**
   * @param address {@code host:port}; port 0 picks a free one
   * @param modules parts of the API with routes of their own
   */
  public ApiServer(ReadModel view, Controls controls, String address, Access access, List<ApiModule> modules) {
    this.view = view;
    this.metricsJson = new MetricsJson(view, java.time.Clock.systemUTC());
    this.controls = controls;
    this.access = access;
    this.modules = List.copyOf(modules);
    int colon = address.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("api must be host:port or 'off', got '" + address + "'");
    }
    this.host = address.substring(0, colon);
    this.port = Integer.parseInt(address.substring(colon + 1));
  }

  public void start() {
    app = Javalin.create(config -> {
      config.jsonMapper(new JavalinJackson(json(), true));
      config.concurrency.useVirtualThreads = true;
      config.startup.showJavalinBanner = false;
      // A known path with the wrong method is 405 with an Allow header, not "no such endpoint".
      config.http.prefer405over404 = true;
      config.http.maxRequestSize = SecurityHeaders.MAX_BODY;
      config.routes.before(SecurityHeaders::set);
      // Requests Jetty refuses before routing (bad URI, header too large) answer in JSON too.
      config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
      config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JsonErrorHandler()));
      for (Route route : routes()) {
        config.routes.addHttpHandler(route.method(), route.path(), guarded(route));
      }
      for (ApiModule module : modules) {
        module.configure(config, access);
      }
      config.routes.exception(BadRequest.class, (e, ctx) -> ctx.status(e.status).json(error(e.getMessage())));
      // Javalin's own 4xx (routing 404, 405) keep their status and get the same JSON shape as
      // ours, instead of falling through to the catch-all below. There are deliberately no
      // status-code error() handlers: Javalin runs those after every response with that status,
      // so a 404 one overwrote "no incident 12" with "no such endpoint".
      config.routes.exception(HttpResponseException.class, (e, ctx) -> {
        if (e.getStatus() == 405) {
          String allowed = e.getDetails().values().stream().findFirst().orElse(null);
          if (allowed != null) {
            ctx.header("Allow", allowed);
          }
          ctx.status(405).json(error("method not allowed: " + ctx.method() + " " + ctx.path()
              + (allowed == null ? "" : " (allowed: " + allowed + ")")));
        } else if (e instanceof EndpointNotFound) {
          ctx.status(404).json(error("no such endpoint: " + ctx.method() + " " + ctx.path()));
        } else {
          ctx.status(e.getStatus()).json(error(e.getMessage()));
        }
      });
      config.routes.exception(Exception.class, (e, ctx) -> {
        // A body Jetty could not parse (malformed chunked encoding) is the client's mistake.
        HttpException bad = causeOf(e, HttpException.class);
        if (bad != null && bad.getCode() >= 400 && bad.getCode() < 500) {
          ctx.status(bad.getCode()).json(error("request could not be read: " + bad.getReason()));
        } else {
          ctx.status(500).json(error("internal error: " + e));
        }
      });
    }).start(host, port);
  }

  /** Every route the server answers, its own and its modules', in the order they are documented. */
  public List<Route> routes() {
    List<Route> all = new ArrayList<>(ownRoutes());
    for (ApiModule module : modules) {
      all.addAll(module.routes());
    }
    return all;
  }

  private List<Route> ownRoutes() {
    String incidentId = "the incident's id";
    return List.of(
        Route.get("/health", Role.PUBLIC, "medic's own liveness and state; always 200 while it runs")
            .handle(this::health),
        Route.get("/api/targets", Role.VIEWER, "Every target with its status, uptime and each check's last run")
            .handle(ctx -> ctx.json(view.targets())),
        Route.get("/api/incidents", Role.VIEWER, "Incidents, most recent first")
            .query("state", "string", "open, resolved or all (default)")
            .query("limit", "integer", "1..10000, default 100")
            .responds(200, "the incidents").responds(400, "a bad state or limit")
            .handle(this::incidents),
        Route.get("/api/incidents/{id}", Role.VIEWER, "One incident with its timeline and audit entries")
            .path("id", "integer", incidentId)
            .responds(200, "the incident").responds(400, "an id that is not a number").responds(404, "no such incident")
            .handle(this::incident),
        Route.post("/api/incidents/{id}/ack", Role.OPERATOR, "Takes an open incident on: reminders and paging stop, healing goes on")
            .path("id", "integer", incidentId)
            .body("{\"comment\": \"on it\"}")
            .responds(200, "acknowledged").responds(400, "a bad id or body").responds(404, "no such incident")
            .responds(409, "closed, or acknowledged before")
            .handle(this::acknowledge),
        Route.get("/api/audit", Role.VIEWER, "The audit trail, most recent first")
            .query("incident", "integer", "only this incident's entries")
            .query("limit", "integer", "1..10000, default 100")
            .responds(200, "the entries").responds(400, "a bad incident or limit")
            .handle(this::audit),
        Route.post("/api/reload", Role.ADMIN, "Re-reads the config file and applies it whole, or keeps the running one")
            .responds(200, "reloaded").responds(422, "config rejected; the problems, running config kept")
            .handle(this::reload),
        Route.get("/api/approvals", Role.VIEWER, "Approvals of destructive actions")
            .query("state", "string", "pending (default), approved, rejected, expired or all")
            .query("limit", "integer", "1..10000, default 100")
            .responds(200, "the approvals").responds(400, "a bad state or limit")
            .handle(this::approvals),
        Route.get("/api/approvals/{id}", Role.VIEWER, "One approval")
            .path("id", "integer", "the approval's id")
            .responds(200, "the approval").responds(400, "an id that is not a number").responds(404, "no such approval")
            .handle(ctx -> ctx.json(approval(ctx))),
        Route.post("/api/approvals/{id}", Role.OPERATOR, "Approves or rejects a pending destructive action")
            .path("id", "integer", "the approval's id")
            .body("{\"decision\": \"approve\", \"reason\": \"checked the backup\"}")
            .responds(200, "decided").responds(400, "a bad id or body").responds(404, "no such approval")
            .responds(409, "no longer pending")
            .handle(this::decide),
        Route.post("/api/notify/test", Role.OPERATOR, "Sends one test message through a channel")
            .body("{\"channel\": \"slack\"}")
            .responds(200, "the receiver accepted it").responds(400, "a bad body")
            .responds(404, "no such channel").responds(502, "the receiver refused it; its reason")
            .handle(this::notifyTest),
        Route.get("/api/report", Role.VIEWER, "A report made from the store, not sent")
            .query("name", "string", "a report of reports:; default the only one")
            .query("hours", "integer", "the window, 1..720")
            .responds(200, "the report").responds(400, "hours out of range").responds(404, "no such report")
            .handle(this::report),
        Route.post("/api/run/report", Role.OPERATOR, "Makes a report and sends it through its channels")
            .query("name", "string", "a report of reports:; default the only one")
            .query("hours", "integer", "the window, 1..720")
            .responds(200, "the report and each channel's outcome").responds(400, "hours out of range")
            .responds(404, "no such report").responds(503, "medic is stopping")
            .handle(this::runReport),
        Route.get("/api/silences", Role.VIEWER, "Silences not ended yet, newest first")
            .query("all", "boolean", "true includes those that have ended")
            .responds(200, "the silences").responds(400, "all is not true or false")
            .handle(this::silences),
        Route.post("/api/silences", Role.OPERATOR, "Makes a silence")
            .body(SilenceBody.EXAMPLE)
            .responds(201, "the stored silence").responds(400, "a bad body, naming the field")
            .handle(this::createSilence),
        Route.delete("/api/silences/{id}", Role.OPERATOR, "Ends a silence now")
            .path("id", "integer", "the silence's id")
            .responds(200, "the ended silence").responds(400, "an id that is not a number")
            .responds(404, "no such silence").responds(409, "it had ended already")
            .handle(this::expireSilence),
        Route.get("/metrics", Role.VIEWER, "medic's metrics: Prometheus text, or JSON when Accept prefers application/json")
            .produces("text/plain; version=0.0.4")
            .handle(ctx -> {
              if (PrefersJson.of(ctx.header("Accept"))) {
                ctx.json(metricsJson.dump());
              } else {
                prometheus(ctx);
              }
            }),
        Route.get("/metrics/prometheus", Role.VIEWER, "medic's metrics in Prometheus text exposition, whatever Accept says")
            .produces("text/plain; version=0.0.4")
            .handle(this::prometheus),
        Route.get("/api/metrics", Role.VIEWER, "medic's metrics as JSON: the agent's numbers and each target's checks")
            .handle(ctx -> ctx.json(metricsJson.dump())),
        Route.get("/api/openapi.json", Role.PUBLIC, "This API's OpenAPI 3.1 document, made from the routes it serves")
            .handle(ctx -> ctx.json(new OpenApiDocument(OpenApiDocument.medicVersion()).of(routes(), ctx.scheme() + "://" + ctx.host()))));
  }

  private void prometheus(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(view.metrics());
  }

  /** Runs the route's handler once {@link Access} admitted the caller; it sets 401/403 otherwise. */
  private Handler guarded(Route route) {
    return ctx -> {
      ctx.attribute(Caller.ATTRIBUTE, access.admit(ctx, route));
      route.handler().handle(ctx);
    };
  }

  public int port() {
    return app == null ? -1 : app.port();
  }

  public void stop() {
    if (app != null) {
      app.stop();
    }
  }

  private static <T> T causeOf(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /**
   * The request body, or a 400 if it could not be read: a malformed chunked body surfaces as an
   * early end of stream while reading, which is the client's doing, not an internal error.
   */
  private static String body(Context ctx) {
    try {
      return ctx.body();
    } catch (Exception e) { // Javalin (Kotlin) lets Jetty's checked EofException through undeclared
      HttpException bad = causeOf(e, HttpException.class);
      String reason = bad != null && bad.getReason() != null ? bad.getReason() : rootMessage(e);
      throw new BadRequest(400, "request body could not be read: " + reason);
    }
  }

  /**
   * The request's body as a JSON object, or a 400 that shows {@code example} and says what was wrong.
   *
   * @param emptyIsObject whether an empty body stands for {@code {}} (all fields optional)
   */
  static JsonNode jsonObject(Context ctx, String example, boolean emptyIsObject) {
    String text = body(ctx);
    if (emptyIsObject && text.isBlank()) {
      return JSON.createObjectNode();
    }
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new BadRequest(400, "body must be JSON like " + example + ": " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new BadRequest(400, "body must be a JSON object like " + example);
    }
    return node;
  }

  /**
   * Who the audit names for a write: the caller {@link Access} admitted. A name the body gives
   * ({@code by}, {@code author}) is kept beside it, but does not decide it: {@code "alice via
   * ops-bot"}.
   */
  private static String actor(Context ctx, String claimed) {
    String caller = Caller.of(ctx).name();
    return claimed == null || claimed.isBlank() || claimed.strip().equals(caller) ? caller
        : claimed.strip() + " via " + caller;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  private static Map<String, Object> error(String message) {
    return Map.of("error", message);
  }

  /**
   * Always 200 while medic runs, also when its store cannot write: a liveness probe that restarted
   * medic then would lose the writes it holds in memory. A problem of medic's own (store cannot
   * write, broken audit chain) makes the status {@code degraded} and says why in {@code problem}.
   */
  private void health(Context ctx) {
    Map<String, Object> body = new LinkedHashMap<>();
    ReadModel.Health health = view.health();
    body.put("status", health.problem().isPresent() ? "degraded" : "ok");
    health.problem().ifPresent(p -> body.put("problem", p));
    body.put("store_writable", health.storeWritable());
    body.put("store_backlog", health.storeBacklog());
    body.put("uptime_seconds", health.uptimeSeconds());
    body.put("targets", health.targets());
    body.put("open_incidents", health.openIncidents());
    body.put("mode", health.mode());
    body.put("dry_run", health.dryRun());
    body.put("last_downtime", health.lastDowntime() == null ? null : downtime(health.lastDowntime()));
    ctx.json(body);
  }

  /** The gap before this run of medic, as {@code /health} shows it. */
  private static Map<String, Object> downtime(ReadModel.Downtime d) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("from", d.from().toString());
    body.put("until", d.until().toString());
    body.put("seconds", d.seconds());
    body.put("clean_stop", d.cleanStop());
    return body;
  }

  private void incidents(Context ctx) {
    String state = Optional.ofNullable(ctx.queryParam("state")).orElse("all");
    Boolean open =
        switch (state) {
          case "open" -> true;
          case "resolved" -> false;
          case "all" -> null;
          default -> throw new BadRequest(400, "state must be open, resolved or all, got '" + state + "'");
        };
    ctx.json(view.incidents(open, limit(ctx)));
  }

  private void incident(Context ctx) {
    long id = longParam(ctx.pathParam("id"), "incident id");
    Incident incident = view.incident(id)
        .orElseThrow(() -> new BadRequest(404, "no incident " + id));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("incident", incident);
    body.put("timeline", view.timeline(id));
    body.put("audit", view.audit(id, 1000).reversed());
    ctx.json(body);
  }

  /** Body, optional: {@code {"by": "alice", "comment": "looking into it"}}. */
  private void acknowledge(Context ctx) {
    long id = longParam(ctx.pathParam("id"), "incident id");
    Incident incident = view.incident(id).orElseThrow(() -> new BadRequest(404, "no incident " + id));
    JsonNode body = jsonObject(ctx, "{\"by\": \"alice\", \"comment\": \"on it\"}", true);
    String claimed = body.hasNonNull("by") ? body.get("by").asText().strip() : null;
    if (claimed != null && claimed.isEmpty()) {
      throw new BadRequest(400, "by must name who acknowledges, got an empty text");
    }
    String by = actor(ctx, claimed);
    String comment = body.hasNonNull("comment") ? body.get("comment").asText() : "";
    Incident acknowledged = acknowledge(controls, incident, by, comment, "incident");
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("incident", acknowledged);
    answer.put("acknowledgement", controls.acknowledgement(id).orElseThrow());
    ctx.json(answer);
  }

  /**
   * Acknowledges an open incident for a route that names it {@code noun} ("incident", "alert"): 409
   * when it is closed, or was acknowledged before (saying by whom and when).
   *
   * @return the incident as acknowledged
   */
  static Incident acknowledge(Controls controls, Incident incident, String by, String comment, String noun) {
    long id = incident.id();
    if (!incident.isOpen()) {
      throw new BadRequest(409, noun + " " + id + " is closed (" + incident.resolutionStatus() + "); nothing to acknowledge");
    }
    return controls.acknowledge(id, by, comment).orElseThrow(() -> new BadRequest(409, noun + " " + id + " was "
        + controls.acknowledgement(id).map(a -> "already acknowledged by " + a.by() + " at " + a.at())
            .orElse("closed meanwhile")));
  }

  private void audit(Context ctx) {
    String incident = ctx.queryParam("incident");
    Long id = incident == null ? null : longParam(incident, "incident");
    ctx.json(view.audit(id, limit(ctx)));
  }

  private void approvals(Context ctx) {
    String state = Optional.ofNullable(ctx.queryParam("state")).orElse("pending");
    Approval.State filter = null;
    if (!state.equals("all")) {
      filter = java.util.Arrays.stream(Approval.State.values()).filter(s -> s.key().equals(state)).findFirst()
          .orElseThrow(() -> new BadRequest(400,
              "state must be pending, approved, rejected, expired or all, got '" + state + "'"));
    }
    ctx.json(view.approvals(filter, limit(ctx)));
  }

  private Approval approval(Context ctx) {
    long id = longParam(ctx.pathParam("id"), "approval id");
    return view.approval(id).orElseThrow(() -> new BadRequest(404, "no approval " + id));
  }

  /** Body: {@code {"decision": "approve" | "reject", "by": "alice", "reason": "..."}}. */
  private void decide(Context ctx) {
    Approval current = approval(ctx);
    String example = "{\"decision\": \"approve\", \"by\": \"alice\"}";
    JsonNode body = jsonObject(ctx, example, false);
    if (!body.hasNonNull("decision")) {
      throw new BadRequest(400, "body must be JSON like " + example);
    }
    String decision = body.get("decision").asText();
    if (!decision.equals("approve") && !decision.equals("reject")) {
      throw new BadRequest(400, "decision must be approve or reject, got '" + decision + "'");
    }
    String by = actor(ctx, body.hasNonNull("by") ? body.get("by").asText() : null);
    String reason = body.hasNonNull("reason") ? body.get("reason").asText() : null;
    try {
      ctx.json(controls.decide(current.id(), decision.equals("approve"), by, reason).orElseThrow());
    } catch (IllegalStateException e) {
      throw new BadRequest(409, e.getMessage());
    }
  }

  /**
   * Body: {@code {"channel": "NAME"}}. 200 when the channel's receiver accepted the test message,
   * 502 with its reason when it refused, 404 for a channel the running config does not have.
   */
  private void notifyTest(Context ctx) throws InterruptedException {
    String example = "{\"channel\": \"slack\"}";
    JsonNode body = jsonObject(ctx, example, false);
    if (!body.path("channel").isTextual() || body.get("channel").asText().isBlank()) {
      throw new BadRequest(400, "body must be JSON like " + example);
    }
    String name = body.get("channel").asText();
    TestMessage.Sent sent = controls.sendTestMessage(name, actor(ctx, null))
        .orElseThrow(() -> new BadRequest(404, "no channel named '" + name + "'"));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("channel", sent.channel());
    answer.put("accepted", sent.accepted());
    answer.put(sent.accepted() ? "answer" : "error", sent.answer());
    ctx.status(sent.accepted() ? 200 : 502).json(answer);
  }

  /** {@code ?all=true} includes silences that have ended. */
  private void silences(Context ctx) {
    String all = ctx.queryParam("all");
    if (all != null && !all.equals("true") && !all.equals("false")) {
      throw new BadRequest(400, "all must be true or false, got '" + all + "'");
    }
    ctx.json(view.silences("true".equals(all)));
  }

  /** Body: see {@link SilenceBody}; answers 201 with the stored silence. */
  private void createSilence(Context ctx) {
    Silence created;
    try {
      SilenceRequest asked = SilenceBody.read(jsonObject(ctx, SilenceBody.EXAMPLE, false));
      created = controls.createSilence(new SilenceRequest(asked.matchers(), asked.startsAt(), asked.endsAt(),
          asked.duration(), asked.comment(), actor(ctx, asked.author()), asked.allowHealing()));
    } catch (IllegalArgumentException e) {
      throw new BadRequest(400, e.getMessage());
    }
    ctx.status(201).json(created);
  }

  /** Ends the silence now; the audit names the caller, and {@code ?by=NAME} beside it when given. */
  private void expireSilence(Context ctx) {
    long id = longParam(ctx.pathParam("id"), "silence id");
    String by = actor(ctx, ctx.queryParam("by"));
    try {
      ctx.json(controls.expireSilence(id, by).orElseThrow(() -> new BadRequest(404, "no silence " + id)));
    } catch (IllegalArgumentException e) {
      throw new BadRequest(400, e.getMessage());
    } catch (IllegalStateException e) {
      throw new BadRequest(409, e.getMessage());
    }
  }

  private void reload(Context ctx) {
    Optional<String> problem = controls.reload(actor(ctx, null));
    if (problem.isPresent()) {
      ctx.status(422).json(Map.of("error", "config rejected, running config kept", "problems", problem.get()));
    } else {
      ctx.json(Map.of("status", "reloaded", "targets", controls.targetCount()));
    }
  }

  /** {@code GET /api/report?hours=4&name=NAME}: the report as JSON, not sent. */
  private void report(Context ctx) {
    ctx.json(reporting(() -> controls.report(ctx.queryParam("name"), hours(ctx))));
  }

  /** {@code POST /api/run/report?hours=4&name=NAME}: sends the report; answers it and each channel's outcome. */
  private void runReport(Context ctx) {
    ctx.json(reporting(() -> {
      try {
        return controls.sendReport(ctx.queryParam("name"), hours(ctx), actor(ctx, null));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BadRequest(503, "medic is stopping; the report was not sent");
      }
    }));
  }

  /** An unknown report is 404, a window out of range 400. */
  private static Object reporting(java.util.function.Supplier<Object> work) {
    try {
      return work.get();
    } catch (dev.medic.report.Reporter.NoSuchReport e) {
      throw new BadRequest(404, e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new BadRequest(400, e.getMessage());
    }
  }

  private static Integer hours(Context ctx) {
    String text = ctx.queryParam("hours");
    if (text == null) {
      return null;
    }
    long hours = longParam(text, "hours");
    if (hours < 1 || hours > dev.medic.config.ReportConfig.MAX_HOURS) {
      throw new BadRequest(400, "hours must be 1.." + dev.medic.config.ReportConfig.MAX_HOURS + ", got " + hours);
    }
    return (int) hours;
  }

  static int limit(Context ctx) {
    String text = ctx.queryParam("limit");
    if (text == null) {
      return 100;
    }
    long limit = longParam(text, "limit");
    if (limit < 1 || limit > 10_000) {
      throw new BadRequest(400, "limit must be 1..10000, got " + limit);
    }
    return (int) limit;
  }

  static long longParam(String text, String what) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new BadRequest(400, what + " must be a number, got '" + text + "'");
    }
  }
}
