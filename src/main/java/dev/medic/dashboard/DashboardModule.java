package dev.medic.dashboard;

import dev.medic.api.Access;
import dev.medic.api.ApiModule;
import dev.medic.api.Caller;
import dev.medic.api.Controls;
import dev.medic.api.Role;
import dev.medic.api.Route;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.time.Duration;
import java.time.Instant;
import dev.medic.spi.Incident;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard medic serves itself: server-rendered pages with htmx, the fragments their live
 * updates swap in, the buttons' endpoints, the same models as JSON, and the static assets (medic's
 * own under {@code /assets/}, htmx and uPlot from their webjars under {@code /webjars/}).
 */
public final class DashboardModule implements ApiModule {

  static final String HTML = "text/html";

  private final DashboardData data;
  private final OverviewReader reader;
  private final DashboardActions actions;

  public DashboardModule(DashboardData data, Controls controls) {
    this.data = data;
    this.reader = new OverviewReader(data);
    this.actions = new DashboardActions(data, controls, reader);
  }

  @Override
  public List<Route> routes() {
    String name = "the target's name";
    return List.of(
        Route.get("/", Role.VIEWER, "The overview page: health score, open incidents, status grid, healing log")
            .produces(HTML).handle(ctx -> ctx.html(OverviewPage.render(Caller.of(ctx), reader.overview()))),
        Route.get("/api/dashboard/data", Role.VIEWER, "The overview as JSON: the model the overview page renders")
            .handle(ctx -> ctx.json(reader.overview())),
        Route.get("/targets/{name}", Role.VIEWER, "A target's page: checks, history charts, incidents, actions, strategies")
            .path("name", "string", name).responds(200, "the page").responds(404, "no such target; a page saying so")
            .produces(HTML).handle(this::targetPage),
        Route.get("/ui/targets/{name}/events", Role.VIEWER, "A target's incidents and healing actions since a time, for chart markers")
            .path("name", "string", name).query("from", "string", "an ISO instant; default 24 h ago")
            .responds(200, "the events, oldest first").responds(400, "a bad from").responds(404, "no such target")
            .handle(this::targetEvents),
        Route.get("/incidents/{id}", Role.VIEWER, "An incident's page: its whole timeline, process output and audit entries")
            .path("id", "integer", "the incident's id").responds(200, "the page")
            .responds(404, "no such incident (or an id that is not a number); a page saying so")
            .produces(HTML).handle(this::incidentPage),
        Route.get("/topology", Role.VIEWER, "The depends_on graph with live status, root causes highlighted")
            .produces(HTML).handle(ctx -> ctx.html(TopologyPage.render(Caller.of(ctx), topology()))),
        Route.get("/ui/topology", Role.VIEWER, "The topology's graph and table, an HTML fragment")
            .produces(HTML).handle(ctx -> ctx.html(TopologyPage.section(topology()))),
        Route.get("/api/topology", Role.VIEWER, "The depends_on graph as JSON: nodes with status, edges, root causes")
            .handle(ctx -> ctx.json(topology())),
        Route.get("/ui/score", Role.VIEWER, "The health score panel, an HTML fragment")
            .produces(HTML).handle(ctx -> ctx.html(OverviewPage.score(reader.score()))),
        Route.get("/ui/incidents", Role.VIEWER, "The open incidents panel, an HTML fragment")
            .produces(HTML).handle(ctx -> ctx.html(
                OverviewPage.incidents(reader.openIncidents(), Layout.mayAct(Caller.of(ctx)), null))),
        Route.get("/ui/escalations", Role.VIEWER, "The panel of escalations waiting for a person, an HTML fragment")
            .produces(HTML).handle(ctx -> ctx.html(
                OverviewPage.escalations(OverviewReader.escalations(reader.openIncidents())))),
        Route.get("/ui/approvals", Role.VIEWER, "The panel of approvals waiting, an HTML fragment")
            .produces(HTML).handle(ctx -> ctx.html(
                OverviewPage.approvals(data.pendingApprovals(), Layout.mayAct(Caller.of(ctx)), null))),
        Route.get("/ui/heal-log", Role.VIEWER, "The auto-heal activity log, an HTML fragment")
            .produces(HTML).handle(ctx -> ctx.html(OverviewPage.healLog(reader.healLog()))),
        Route.get("/ui/grid", Role.VIEWER, "The status grid's rows from an offset, a page of them, an HTML fragment")
            .query("offset", "integer", "the first row, 0.. (default 0)")
            .responds(200, "the rows, and a row fetching the next page if more follow")
            .responds(400, "an offset that is not a number >= 0")
            .produces(HTML).handle(this::gridPage),
        Route.get("/ui/rows", Role.VIEWER, "Rows of the status grid by target name, HTML fragments (a page's live refresh)")
            .requiredQuery("name", "string", "a target's name; repeat it for more rows, at most " + ROWS_AT_ONCE)
            .responds(200, "a row for each name that is a target, in the order asked")
            .responds(400, "no name, or more than " + ROWS_AT_ONCE)
            .produces(HTML).handle(this::rows),
        Route.get("/ui/rows/{name}", Role.VIEWER, "One row of the status grid, an HTML fragment")
            .path("name", "string", name).responds(200, "the row").responds(404, "no such target")
            .produces(HTML).handle(this::row),
        Route.get("/ui/sparkline/{name}", Role.VIEWER, "A target's p95 latency over 24 h as inline SVG")
            .path("name", "string", name).responds(200, "the sparkline").responds(404, "no such target")
            .produces(HTML).handle(this::sparkline),
        Route.post("/ui/incidents/{id}/ack", Role.OPERATOR, "Acknowledges an open incident; answers the panel it was pressed in")
            .path("id", "integer", "the incident's id")
            .responds(200, "acknowledged").responds(400, "an id that is not a number").responds(404, "no such incident")
            .responds(409, "closed, or acknowledged before").produces(HTML).handle(actions::acknowledge),
        Route.post("/ui/incidents/{id}/silence", Role.OPERATOR, "Silences the incident's target for a while (form field duration, e.g. 1h)")
            .path("id", "integer", "the incident's id").form("duration=1h")
            .responds(200, "silenced").responds(400, "a bad id or duration").responds(404, "no such incident")
            .produces(HTML).handle(actions::silence),
        Route.post("/ui/approvals/{id}", Role.OPERATOR, "Approves or rejects a pending action (form field decision=approve|reject)")
            .path("id", "integer", "the approval's id").form("decision=approve")
            .responds(200, "decided").responds(400, "a bad id or decision").responds(404, "no such approval")
            .responds(409, "no longer pending").produces(HTML).handle(actions::decide));
  }

  /** medic's own assets and the webjars; public, like any page's CSS and script. */
  @Override
  public void configure(JavalinConfig config, Access access) {
    config.staticFiles.enableWebjars();
    config.staticFiles.add(files -> {
      files.hostedPath = "/assets";
      files.directory = "/dashboard";
      files.location = Location.CLASSPATH;
    });
  }

  private Topology topology() {
    return Topology.of(data.targets(), data);
  }

  private void targetPage(Context ctx) {
    String name = ctx.pathParam("name");
    data.target(name).ifPresentOrElse(t -> ctx.html(TargetPage.render(Caller.of(ctx), data, t)),
        () -> ctx.status(404).html(Layout.missing(Caller.of(ctx), "No target is named \"" + name + "\".")));
  }

  private void targetEvents(Context ctx) {
    String name = ctx.pathParam("name");
    if (data.target(name).isEmpty()) {
      ctx.status(404).json(Map.of("error", "no target named '" + name + "'"));
      return;
    }
    String text = ctx.queryParam("from");
    Instant from;
    try {
      from = text == null ? data.now().minus(Duration.ofDays(1)) : Instant.parse(text);
    } catch (DateTimeParseException e) {
      ctx.status(400).json(Map.of("error", "from must be an ISO instant like 2026-11-30T12:00:00Z, got '" + text + "'"));
      return;
    }
    ctx.json(TargetPage.events(data, name, from));
  }

  private void incidentPage(Context ctx) {
    String text = ctx.pathParam("id");
    Optional<Incident> incident;
    try {
      incident = data.incident(Long.parseLong(text));
    } catch (NumberFormatException e) {
      incident = Optional.empty();
    }
    incident.ifPresentOrElse(i -> ctx.html(IncidentPage.render(Caller.of(ctx), data, i)),
        () -> ctx.status(404).html(Layout.missing(Caller.of(ctx), "There is no incident " + text + ".")));
  }

  private void gridPage(Context ctx) {
    String text = ctx.queryParam("offset");
    int offset;
    try {
      offset = text == null ? 0 : Integer.parseInt(text);
    } catch (NumberFormatException e) {
      offset = -1;
    }
    if (offset < 0) {
      ctx.status(400).html("<tr id=\"grid-more\"><td colspan=\"8\">offset must be a number >= 0, got '"
          + Html.esc(text) + "'</td></tr>");
      return;
    }
    int total = data.targets().size();
    ctx.html(OverviewPage.gridPage(reader.rows(offset, OverviewPage.GRID_PAGE), offset + OverviewPage.GRID_PAGE, total));
  }

  /** Rows one live refresh may ask for at once: a burst of changes costs one request, not one per row. */
  static final int ROWS_AT_ONCE = 200;

  private void rows(Context ctx) {
    List<String> names = ctx.queryParams("name");
    if (names.isEmpty() || names.size() > ROWS_AT_ONCE) {
      ctx.status(400).html("<p class=\"error\">name must be given 1.." + ROWS_AT_ONCE + " times, got "
          + names.size() + "</p>");
      return;
    }
    StringBuilder html = new StringBuilder(names.size() * 700);
    for (String name : names) {
      reader.row(name).ifPresent(r -> html.append(OverviewPage.row(r)));
    }
    ctx.html(html.toString());
  }

  private void row(Context ctx) {
    String target = ctx.pathParam("name");
    reader.row(target).ifPresentOrElse(r -> ctx.html(OverviewPage.row(r)),
        () -> ctx.status(404).html("<tr id=\"row-" + Html.esc(target) + "\"><td colspan=\"8\">no target named "
            + Html.esc(target) + "</td></tr>"));
  }

  private void sparkline(Context ctx) {
    String target = ctx.pathParam("name");
    if (data.target(target).isEmpty()) {
      ctx.status(404).html("<span class=\"spark empty\">no target named " + Html.esc(target) + "</span>");
      return;
    }
    Instant now = data.now();
    ctx.html(Sparkline.render(target, data.history().series(target, null, now.minus(Duration.ofDays(1)), now,
        Duration.ofMinutes(30))));
  }
}
