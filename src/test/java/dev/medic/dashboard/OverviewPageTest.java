package dev.medic.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.api.Role;
import dev.medic.spi.Status;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The overview page and its live fragments, served by the real HTTP server. */
class OverviewPageTest {

  private DashboardServer server;

  private DashboardServer serve(String name, Role role) {
    FixedDashboardData data = new FixedDashboardData();
    data.targets.add(Samples.target("db", true, Status.DOWN, "connection refused", 7L));
    data.targets.add(Samples.target("web", false, Status.UP, ""));
    data.incidents.add(Samples.open(7, "db", "unreachable", "connection refused"));
    server = new DashboardServer(data, name, role);
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void overviewShowsTheScoreTheGridAndTheOpenIncidentWithStableIds() throws Exception {
    HttpResponse<String> page = serve("alice", Role.OPERATOR).get("/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    String html = page.body();
    assertThat(html).contains("id=\"health-score\"", "id=\"status-grid\"", "id=\"incidents\"", "id=\"heal-log\"",
        "id=\"approvals\"");
    assertThat(html).contains("<tr id=\"row-db\" data-status=\"down\"", "<tr id=\"row-web\" data-status=\"up\"");
    // db (critical, weight 3) down, web up: 100 x 1/4
    assertThat(html).contains("25.0").contains("db is down (critical): connection refused");
    assertThat(html).contains("href=\"/incidents/7\"");
  }

  @Test
  void operatorSeesTheButtonsThatAct() throws Exception {
    String html = serve("alice", Role.OPERATOR).get("/").body();

    assertThat(html).contains("<button type=\"button\" class=\"ack\" data-incident=\"7\"", "hx-post=\"/ui/incidents/7/silence\"");
    assertThat(html).contains("alice", "(operator)", "Log out");
  }

  @Test
  void viewerSeesNoButtonThatActs() throws Exception {
    String html = serve("victor", Role.VIEWER).get("/").body();

    assertThat(html).contains("<tr id=\"row-db\"");
    assertThat(html).doesNotContain("class=\"ack\"", "/silence\"", "hx-post");
  }

  @Test
  void anAnonymousCallerIsOfferedToLogIn() throws Exception {
    String html = serve("anonymous", Role.VIEWER).get("/").body();

    assertThat(html).contains("<a href=\"/login\">Log in</a>").doesNotContain("Log out");
  }

  @Test
  void aLargeGridShowsTargetsInTroubleFirstAndTheRestPageByPageAsItScrolls() throws Exception {
    FixedDashboardData data = new FixedDashboardData();
    for (int i = 0; i < 250; i++) {
      // Every 50th target is down, the last of them far down the config's order.
      boolean down = i % 50 == 49;
      data.targets.add(Samples.target(String.format("t%03d", i), false, down ? Status.DOWN : Status.UP,
          down ? "connection refused" : ""));
    }
    server = new DashboardServer(data, "victor", Role.VIEWER);

    String first = server.get("/").body();
    String second = server.get("/ui/grid?offset=100").body();
    String last = server.get("/ui/grid?offset=200").body();

    assertThat(first.split("<tr id=\"row-", -1)).hasSize(101);
    assertThat(first.indexOf("row-t249")).as("a target in trouble comes first, wherever the config has it")
        .isLessThan(first.indexOf("row-t000")).isPositive();
    assertThat(first).contains("<tr id=\"grid-more\"", "hx-get=\"/ui/grid?offset=100\"", "150 more targets");
    assertThat(second.split("<tr id=\"row-", -1)).hasSize(101);
    assertThat(second).contains("hx-get=\"/ui/grid?offset=200\"");
    assertThat(last.split("<tr id=\"row-", -1)).hasSize(51);
    assertThat(last).doesNotContain("grid-more");
    assertThat(server.get("/ui/grid?offset=-3").statusCode()).isEqualTo(400);
    assertThat(server.get("/ui/grid?offset=999").body()).isEmpty();
  }

  @Test
  void aRowFragmentIsOneRowWithItsStatus() throws Exception {
    HttpResponse<String> row = serve("alice", Role.VIEWER).get("/ui/rows/db");

    assertThat(row.statusCode()).isEqualTo(200);
    assertThat(row.body()).startsWith("<tr id=\"row-db\" data-status=\"down\"").endsWith("</tr>");
    assertThat(server.get("/ui/rows/nope").statusCode()).isEqualTo(404);
    String both = server.get("/ui/rows?name=web&name=nope&name=db").body();
    assertThat(both).startsWith("<tr id=\"row-web\"").contains("<tr id=\"row-db\" data-status=\"down\"")
        .doesNotContain("nope");
    assertThat(server.get("/ui/rows").statusCode()).isEqualTo(400);
  }

  @Test
  void fragmentsCarryTheIdTheySwapInto() throws Exception {
    serve("alice", Role.OPERATOR);

    assertThat(server.get("/ui/score").body()).startsWith("<section id=\"health-score\"");
    assertThat(server.get("/ui/incidents").body()).startsWith("<section id=\"incidents\"");
    assertThat(server.get("/ui/heal-log").body()).startsWith("<section id=\"heal-log\"");
    assertThat(server.get("/ui/approvals").body()).startsWith("<section id=\"approvals\"");
    assertThat(server.get("/ui/escalations").body()).startsWith("<section id=\"escalations\"");
  }

  @Test
  void assetsAndWebjarsAreServed() throws Exception {
    serve("alice", Role.VIEWER);

    assertThat(server.get("/assets/medic.css").statusCode()).isEqualTo(200);
    assertThat(server.get("/assets/medic.js").body()).contains("EventSource");
    assertThat(server.get(Layout.HTMX).statusCode()).isEqualTo(200);
    assertThat(server.get(Layout.UPLOT_JS).statusCode()).isEqualTo(200);
    assertThat(server.get(Layout.HTMX_SSE).statusCode()).isEqualTo(200);
  }
}
