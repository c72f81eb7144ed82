package dev.medic.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.medic.analyze.BundleJson;
import dev.medic.analyze.BundleMarkdown;
import dev.medic.analyze.Investigation;
import dev.medic.spi.Analysis;
import dev.medic.spi.IncidentBundle;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An incident looked into: its bundle (JSON or Markdown), the analyses made of it, running analysts
 * on it now, and proposing one of its target's strategies, which goes through the Guard and a
 * person's approval like any other remedy. Nothing here acts on its own.
 */
public final class AnalysisRoutes implements ApiModule {

  static final String ANALYZE_EXAMPLE = "{\"analysts\": [\"rules\"]}";
  static final String PROPOSE_EXAMPLE = "{\"strategy\": \"restart\", \"reason\": \"the process hangs; a restart cleared it last time\"}";
  static final String MARKDOWN = "text/markdown; charset=utf-8";

  private final Investigation investigation;
  private final BundleJson bundleJson = new BundleJson();
  private final BundleMarkdown bundleMarkdown = new BundleMarkdown();

  public AnalysisRoutes(Investigation investigation) {
    this.investigation = investigation;
  }

  @Override
  public List<Route> routes() {
    return List.of(
        Route.get("/api/incidents/{id}/bundle", Role.VIEWER,
                "Everything known about an incident in one document: timeline, check runs, log lines, actions,"
                    + " config (secrets redacted), allowed strategies, dependencies, related and similar incidents")
            .path("id", "integer", "the incident's id")
            .query("format", "string", "json (default) or markdown (text/markdown)")
            .responds(200, "the bundle").responds(400, "a bad id or format").responds(404, "no such incident")
            .handle(this::bundle),
        Route.get("/api/incidents/{id}/analyses", Role.VIEWER, "The analyses made of an incident, newest first")
            .path("id", "integer", "the incident's id")
            .responds(200, "the analyses").responds(400, "a bad id").responds(404, "no such incident")
            .handle(this::analyses),
        Route.post("/api/incidents/{id}/analyze", Role.OPERATOR,
                "Runs analysts on an incident now (the rule analyst when none are named); answers once they are done")
            .path("id", "integer", "the incident's id")
            .body(ANALYZE_EXAMPLE)
            .responds(200, "the analyses made, in the order asked")
            .responds(400, "a bad id or body, or an analyst that is not configured")
            .responds(404, "no such incident").responds(503, "interrupted while analysing; try again")
            .handle(this::analyze),
        Route.post("/api/incidents/{id}/propose", Role.OPERATOR,
                "Proposes one of the target's strategies for an open incident: the Guard decides at once, then a"
                    + " person's approval is requested")
            .path("id", "integer", "the incident's id")
            .body(PROPOSE_EXAMPLE)
            .responds(202, "accepted: waits for the approval named").responds(400, "a bad id or body")
            .responds(404, "no such incident").responds(409, "refused, with why")
            .handle(this::propose));
  }

  private void bundle(Context ctx) {
    long id = incidentId(ctx);
    String format = ctx.queryParam("format");
    if (format != null && !format.equals("json") && !format.equals("markdown")) {
      throw new ApiServer.BadRequest(400, "format must be json or markdown, got '" + format + "'");
    }
    IncidentBundle bundle = investigation.bundle(id).orElseThrow(() -> noIncident(id));
    if ("markdown".equals(format)) {
      ctx.contentType(MARKDOWN).result(bundleMarkdown.markdown(bundle));
    } else {
      ctx.contentType(Route.JSON).result(bundleJson.json(bundle));
    }
  }

  private void analyses(Context ctx) {
    long id = existing(ctx);
    ctx.json(investigation.analyses(id));
  }

  private void analyze(Context ctx) {
    long id = existing(ctx);
    JsonNode body = ApiServer.jsonObject(ctx, ANALYZE_EXAMPLE, true);
    List<String> analysts = new ArrayList<>();
    JsonNode names = body.get("analysts");
    if (names != null && !names.isNull()) {
      if (!names.isArray()) {
        throw new ApiServer.BadRequest(400, "analysts must be a list of analyst names like " + ANALYZE_EXAMPLE);
      }
      for (JsonNode n : names) {
        if (!n.isTextual() || n.asText().isBlank()) {
          throw new ApiServer.BadRequest(400, "analysts must hold analyst names (strings), got " + n);
        }
        analysts.add(n.asText());
      }
    }
    try {
      List<Analysis> made = investigation.analyze(id, analysts, actor(ctx, body));
      ctx.json(made);
    } catch (IllegalArgumentException e) {
      throw new ApiServer.BadRequest(400, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiServer.BadRequest(503, "interrupted while analysing incident " + id + "; try again");
    }
  }

  private void propose(Context ctx) {
    long id = existing(ctx);
    JsonNode body = ApiServer.jsonObject(ctx, PROPOSE_EXAMPLE, false);
    JsonNode strategy = body.get("strategy");
    if (strategy == null || !strategy.isTextual() || strategy.asText().isBlank()) {
      throw new ApiServer.BadRequest(400, "strategy is required: the name of one of the target's strategies, like "
          + PROPOSE_EXAMPLE);
    }
    JsonNode reason = body.get("reason");
    if (reason != null && !reason.isNull() && !reason.isTextual()) {
      throw new ApiServer.BadRequest(400, "reason must be a text, got " + reason);
    }
    Investigation.Proposal proposal = investigation.propose(id, strategy.asText(), actor(ctx, body),
        reason == null || reason.isNull() ? "" : reason.asText());
    if (!proposal.accepted()) {
      ctx.status(409).json(Map.of("error", proposal.reason() == null ? "refused" : proposal.reason()));
      return;
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("accepted", true);
    answer.put("approval_id", proposal.approvalId());
    answer.put("reason", proposal.reason());
    ctx.status(202).json(answer);
  }

  /** The id of an incident that exists, or a 400/404. */
  private long existing(Context ctx) {
    long id = incidentId(ctx);
    if (investigation.incident(id).isEmpty()) {
      throw noIncident(id);
    }
    return id;
  }

  private static long incidentId(Context ctx) {
    long id = ApiServer.longParam(ctx.pathParam("id"), "incident id");
    if (id <= 0) {
      throw new ApiServer.BadRequest(400, "incident id must be positive, got " + id);
    }
    return id;
  }

  private static ApiServer.BadRequest noIncident(long id) {
    return new ApiServer.BadRequest(404, "no incident " + id);
  }

  /**
   * Who the audit names: the caller {@link Access} admitted; a name the body gives ({@code by}) is
   * kept beside it but does not decide it ({@code alice via ops-bot}).
   */
  private static String actor(Context ctx, JsonNode body) {
    String caller = Caller.of(ctx).name();
    JsonNode by = body.get("by");
    String claimed = by == null || !by.isTextual() ? null : by.asText().strip();
    return claimed == null || claimed.isEmpty() || claimed.equals(caller) ? caller : claimed + " via " + caller;
  }
}
