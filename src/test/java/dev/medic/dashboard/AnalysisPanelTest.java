package dev.medic.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.api.Role;
import dev.medic.spi.Analysis;
import dev.medic.spi.Status;
import dev.medic.spi.Verdict;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The incident page's analysis section: every analysis with its evidence and cost, escaped, and the bundle's links. */
class AnalysisPanelTest {

  private static final String HOSTILE = "<script>alert('x')</script>";

  private FixedDashboardData data;
  private DashboardServer server;

  @BeforeEach
  void start() {
    data = new FixedDashboardData();
    data.targets.add(Samples.target("db", true, Status.DOWN, "refused", 7L));
    data.targets.add(Samples.dependent("web", Status.DOWN, "db"));
    data.incidents.add(Samples.open(7, "db", "unreachable", "refused"));
    data.incidents.add(Samples.open(8, "web", "http_error", "502"));
    server = new DashboardServer(data, "alice", Role.VIEWER);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void listsEachAnalysisNewestFirstWithItsRootEvidenceSuggestionsRefusalsCostAndOutput() throws Exception {
    data.analyses.put(8L, List.of(
        new Analysis(2, 8, "agent", Instant.parse("2026-11-30T12:01:00Z"), Verdict.SUSPICIOUS_INVESTIGATE, "db",
            "unreachable", 7L, "the database refuses connections", 0.62, List.of("db refused since 11:58"),
            List.of(), List.of(), new Analysis.Usage("claude-x", 1200, 300, 0.0123, 4100),
            "checked pg_hba.conf " + HOSTILE, null),
        new Analysis(1, 8, "rules", Instant.parse("2026-11-30T12:00:00Z"), Verdict.ERRORS_INVESTIGATE, "db",
            "unreachable", 7L, "web fails because db is down", 0.8,
            List.of("db #7 opened 40 s before web", "log says " + HOSTILE), List.of("restart-db"),
            List.of(new Analysis.Refusal("flushdb", "not a strategy web allows")), null, null, null)));

    String html = server.get("/incidents/8").body();

    assertThat(html).contains("<h2 id=\"analysis-title\">Analysis</h2>")
        .contains("<a href=\"/api/incidents/8/bundle?format=markdown\">Markdown</a>")
        .contains("<a href=\"/api/incidents/8/bundle\">JSON</a>")
        .contains("<h3>agent: SUSPICIOUS_INVESTIGATE</h3>", "<h3>rules: ERRORS_INVESTIGATE</h3>")
        .contains("<a href=\"/incidents/7\">db unreachable (#7)</a>")
        .contains("<dd>0.80</dd>", "<dd>0.62</dd>")
        .contains("<li>db #7 opened 40 s before web</li>", "<li>restart-db</li>")
        .contains("<li>flushdb: not a strategy web allows</li>")
        .contains("<dd>claude-x, 1200 tokens in, 300 out, $0.0123, 4100 ms</dd>")
        .contains("<pre class=\"output\">checked pg_hba.conf &lt;script&gt;")
        .doesNotContain(HOSTILE);
    assertThat(html.indexOf("agent: SUSPICIOUS")).isLessThan(html.indexOf("rules: ERRORS"));
    assertThat(html).doesNotContain("<style").doesNotContain("onclick");
  }

  @Test
  void anIncidentWithoutAnalysisSaysSoAndStillLinksItsBundle() throws Exception {
    String html = server.get("/incidents/7").body();

    assertThat(html).contains("No analysis yet.").contains("/api/incidents/7/bundle?format=markdown");
  }
}
