package dev.medic.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.medic.api.ApiServer;
import dev.medic.api.Role;
import dev.medic.spi.Status;
import dev.medic.spi.TimelineEvent;
import dev.medic.store.AuditEntry;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The target, incident and topology pages, their 404s, escaping, and the JSON models. */
class DashboardPagesTest {

  private static final String HOSTILE = "<script>alert('x')</script>";

  private FixedDashboardData data;
  private DashboardServer server;

  @BeforeEach
  void start() {
    data = new FixedDashboardData();
    data.targets.add(Samples.target("db", true, Status.DOWN, "refused " + HOSTILE, 7L));
    data.targets.add(Samples.dependent("web", Status.DOWN, "db"));
    data.targets.add(Samples.dependent("cdn", Status.UP, "web"));
    data.incidents.add(Samples.open(7, "db", "unreachable", "db says " + HOSTILE));
    data.timelines.put(7L, List.of(
        new TimelineEvent(7, Instant.parse("2026-11-30T11:58:00Z"), "opened", "connection refused"),
        new TimelineEvent(7, Instant.parse("2026-11-30T11:58:30Z"), "process_output",
            "process exited with 1; last 2 lines of output:\nFATAL " + HOSTILE + "\nbye")));
    data.audit.add(new AuditEntry(1, Instant.parse("2026-11-30T11:58:10Z"), 7L, "db", "decision", "restart-db", "",
        "chose restart-db attempt 1/3: restart process db", "medic"));
    data.audit.add(new AuditEntry(2, Instant.parse("2026-11-30T11:58:20Z"), 7L, "db", "attempt", "restart-db", "failed",
        "restart-db attempt 1/3: restart process db", "medic"));
    data.strategies.put("db", List.of("restart-db", "failover"));
    server = new DashboardServer(data, "alice", Role.OPERATOR);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void hostileMessagesAppearEscapedOnEveryPage() throws Exception {
    for (String path : List.of("/", "/targets/db", "/incidents/7", "/topology", "/ui/rows/db", "/ui/incidents")) {
      String html = server.get(path).body();
      assertThat(html).as(path).doesNotContain(HOSTILE).doesNotContain("<script>alert");
    }
    assertThat(server.get("/").body()).contains("refused &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    assertThat(server.get("/incidents/7").body()).contains("FATAL &lt;script&gt;");
  }

  @Test
  void aHostileTargetNameIsEscapedInTheGrid() throws Exception {
    data.targets.add(Samples.target("x\"><img src=x>", false, Status.DOWN, "m"));

    String html = server.get("/").body();

    assertThat(html).doesNotContain("<img src=x>").contains("row-x&quot;&gt;&lt;img src=x&gt;");
  }

  @Test
  void unknownTargetAndIncidentAnswerANotFoundPage() throws Exception {
    HttpResponse<String> target = server.get("/targets/nope");
    HttpResponse<String> incident = server.get("/incidents/999");
    HttpResponse<String> notANumber = server.get("/incidents/abc");

    assertThat(target.statusCode()).isEqualTo(404);
    assertThat(target.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(target.body()).contains("<h1>Not found</h1>", "No target is named &quot;nope&quot;");
    assertThat(incident.statusCode()).isEqualTo(404);
    assertThat(incident.body()).contains("There is no incident 999.");
    assertThat(notANumber.statusCode()).isEqualTo(404);
  }

  @Test
  void targetPageShowsChecksChartsIncidentsActionsAndStrategies() throws Exception {
    String html = server.get("/targets/db").body();

    assertThat(html).contains("id=\"charts\" class=\"panel wide\" data-target=\"db\"", "data-range=\"1h\"",
        "data-range=\"30d\"", Layout.UPLOT_JS);
    assertThat(html).contains("<table id=\"checks\">", "href=\"/incidents/7\"");
    assertThat(html).contains("restart-db (restart process db) did not heal", "(attempt 1/3)");
    // restart-db: one attempt, not healed; failover never tried
    assertThat(html).contains("<th scope=\"row\">restart-db</th><td>1</td><td>0</td><td>1</td><td>0</td><td>0.00%</td>",
        "<th scope=\"row\">failover</th><td>0</td>");
  }

  @Test
  void targetEventsAreIncidentsAndActionsForChartMarkers() throws Exception {
    JsonNode events = ApiServer.json().readTree(server.get("/ui/targets/db/events?from=2026-11-30T00:00:00Z").body());

    assertThat(events).hasSize(2);
    assertThat(events.get(0).get("kind").asText()).isEqualTo("incident_opened");
    assertThat(events.get(1).get("kind").asText()).isEqualTo("heal");
    assertThat(events.get(1).get("incident_id").asLong()).isEqualTo(7);
    assertThat(server.get("/ui/targets/db/events?from=yesterday").statusCode()).isEqualTo(400);
    assertThat(server.get("/ui/targets/db/events?from=yesterday").body()).contains("from must be an ISO instant", "yesterday");
    assertThat(server.get("/ui/targets/nope/events").statusCode()).isEqualTo(404);
  }

  @Test
  void incidentPageShowsTheWholeTimelineProcessOutputAndAudit() throws Exception {
    String html = server.get("/incidents/7").body();

    assertThat(html).contains("Last output of the process", "<pre class=\"output\">");
    assertThat(html.indexOf("connection refused")).isLessThan(html.indexOf("chose restart-db attempt 1/3"));
    assertThat(html).contains("<table class=\"audit\">", "id=\"incident-actions\"", "class=\"ack\" data-incident=\"7\"");
  }

  @Test
  void topologyHighlightsTheRootCause() throws Exception {
    String html = server.get("/topology").body();

    assertThat(html).contains("id=\"topology\"", "class=\"node status-down root\" id=\"node-db\"",
        "class=\"node status-down\" id=\"node-web\"");
    assertThat(html).contains("Root causes: <a href=\"/targets/db\">db</a>");
  }

  @Test
  void apiTopologyAnswersNodesEdgesAndRootCauses() throws Exception {
    JsonNode t = ApiServer.json().readTree(server.get("/api/topology").body());

    assertThat(t.get("nodes")).hasSize(3);
    JsonNode db = t.get("nodes").get(0);
    assertThat(db.get("name").asText()).isEqualTo("db");
    assertThat(db.get("status").asText()).isEqualTo("down");
    assertThat(db.get("root_cause").asBoolean()).isTrue();
    assertThat(db.get("layer").asInt()).isZero();
    assertThat(t.get("nodes").get(2).get("layer").asInt()).isEqualTo(2);
    assertThat(t.get("edges").toString()).isEqualTo("[{\"from\":\"web\",\"to\":\"db\"},{\"from\":\"cdn\",\"to\":\"web\"}]");
    assertThat(t.get("root_causes").toString()).isEqualTo("[\"db\"]");
  }

  @Test
  void apiDashboardDataAnswersTheOverviewModel() throws Exception {
    JsonNode o = ApiServer.json().readTree(server.get("/api/dashboard/data").body());

    assertThat(o.get("health").get("score").asDouble()).isEqualTo(20.0);
    assertThat(o.get("health").get("level").asText()).isEqualTo("red");
    assertThat(o.get("health").get("reasons").get(0).asText()).startsWith("db is down (critical): refused");
    JsonNode row = o.get("targets").get(0);
    assertThat(row.get("name").asText()).isEqualTo("db");
    assertThat(row.get("status").asText()).isEqualTo("down");
    assertThat(row.has("uptime_24h")).isTrue();
    assertThat(row.has("uptime_7d")).isTrue();
    assertThat(row.get("uptime_30d").isNull()).isTrue();
    assertThat(row.get("open_incident").asLong()).isEqualTo(7);
    assertThat(o.get("incidents").get(0).get("id").asLong()).isEqualTo(7);
    assertThat(o.get("heal_log").get(0).get("attempt").asInt()).isEqualTo(1);
    assertThat(o.get("heal_log").get(0).get("of").asInt()).isEqualTo(3);
    assertThat(o.get("heal_log").get(0).get("result").asText()).isEqualTo("not_healed");
    assertThat(o.has("approvals")).isTrue();
    assertThat(o.has("escalations")).isTrue();
  }
}
