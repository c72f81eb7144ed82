package dev.medic.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.runtime.Agent;
import dev.medic.spi.Incident;
import dev.medic.support.AgentHarness;
import dev.medic.support.TcpPort;
import dev.medic.support.TestTokens;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;

/** The dashboard in headless Chromium against a real medic watching two TCP ports. */
@ExtendWith(WithChromium.class)
class DashboardBrowserTest {

  private static final Duration INTERVAL = Duration.ofSeconds(1);

  @TempDir
  Path dir;

  private AgentHarness medic(TcpPort db, TcpPort web) throws Exception {
    AgentHarness h = AgentHarness.start(dir, """
        agent:
          interval: %ds
          failures: 1
          successes: 1
        targets:
          - name: db
            critical: true
            checks: [{type: tcp, port: %d}]
          - name: web
            checks: [{type: tcp, port: %d}]
        """.formatted(INTERVAL.toSeconds(), db.port(), web.port()) + TestTokens.people("alice"), new Agent.Overrides(null, false, null, "127.0.0.1:0"));
    await().atMost(Duration.ofSeconds(5)).until(() -> h.agent.targets().stream().allMatch(t -> t.status().equals("up")));
    return h;
  }

  private static String url(AgentHarness h, String path) {
    return "http://127.0.0.1:" + h.agent.port() + path;
  }

  private static void awaitLive(Browser browser) {
    await().atMost(Duration.ofSeconds(5)).until(() -> browser.find("#live-state").getText().contains("connected"));
  }

  @Test
  void theOverviewLoadsAndShowsARowPerTarget(Browser browser) throws Exception {
    try (TcpPort db = new TcpPort(0); TcpPort web = new TcpPort(0); AgentHarness h = medic(db, web)) {
      browser.open(url(h, "/"));
      assertThat(browser.findAll("#status-grid tbody tr").stream().map(r -> r.getAttribute("id")))
          .containsExactlyInAnyOrder("row-db", "row-web");
      assertThat(browser.find("tr#row-db").getAttribute("data-status")).isEqualTo("up");
      assertThat(browser.find("#health-score").getText()).contains("100");
      assertThat(browser.console().errors()).isEmpty();
    }
  }

  @Test
  void aTargetWhosePortClosesTurnsRedWithinOneIntervalWithoutAReload(Browser browser) throws Exception {
    try (TcpPort db = new TcpPort(0); TcpPort web = new TcpPort(0); AgentHarness h = medic(db, web)) {
      browser.open(url(h, "/"));
      awaitLive(browser);
      // A reload would lose this mark.
      browser.js("window.medicNotReloaded = true;");
      String upColour = (String) browser.js("return getComputedStyle(arguments[0]).backgroundColor;", browser.find("tr#row-db"));

      long closedAt = System.nanoTime();
      db.close();
      // One interval for the next check, then the page's 200 ms gathering of events and its fetch.
      await().atMost(INTERVAL.plusMillis(1000)).pollInterval(Duration.ofMillis(20))
          .until(() -> "down".equals(status(browser, "db")));
      Duration took = Duration.ofNanos(System.nanoTime() - closedAt);

      WebElement row = browser.find("tr#row-db");
      assertThat(row.getText()).containsIgnoringCase("down");
      String downColour = (String) browser.js("return getComputedStyle(arguments[0]).backgroundColor;", row);
      assertThat(downColour).isNotEqualTo(upColour);
      int[] rgb = rgb(downColour);
      assertThat(rgb[0]).as("red in %s", downColour).isGreaterThan(rgb[1]).isGreaterThan(rgb[2] - 1);
      assertThat(browser.js("return window.medicNotReloaded === true;")).isEqualTo(true);
      assertThat(browser.find("tr#row-web").getAttribute("data-status")).isEqualTo("up");
      System.out.println("row turned down " + took.toMillis() + " ms after the port closed (interval " + INTERVAL.toMillis() + " ms)");
    }
  }

  @Test
  void anIncidentAndTheScoreReachTheOpenPageWithoutAReload(Browser browser) throws Exception {
    try (TcpPort db = new TcpPort(0); TcpPort web = new TcpPort(0); AgentHarness h = medic(db, web)) {
      browser.open(url(h, "/"));
      awaitLive(browser);
      web.close();
      await().atMost(Duration.ofSeconds(5)).until(() -> !h.agent.incidents().openIncidents("web").isEmpty());
      long id = h.agent.incidents().openIncidents("web").getFirst().id();
      // The alert events reach the page; it re-fetches its incidents panel and the score.
      await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
          .until(() -> !browser.findAll("#incidents #incident-" + id).isEmpty());
      await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
          .until(() -> !browser.find("#health-score").getText().contains("100.0"));
    }
  }

  @Test
  void aViewerSeesNoAcknowledgeButtonAndAnOperatorWhoLogsInAcknowledges(Browser browser) throws Exception {
    try (TcpPort db = new TcpPort(0); TcpPort web = new TcpPort(0); AgentHarness h = medic(db, web)) {
      web.close();
      await().atMost(Duration.ofSeconds(5)).until(() -> !h.agent.incidents().openIncidents("web").isEmpty());
      Incident incident = h.agent.incidents().openIncidents("web").getFirst();
      long id = incident.id();
      browser.open(url(h, "/"));
      assertThat(browser.findAll("#incidents #incident-" + id)).as("the viewer sees the incident").hasSize(1);
      assertThat(browser.findAll("#incidents button.ack")).as("but no button to acknowledge it").isEmpty();
      browser.screenshot(Path.of("target/screenshots/overview-as-anonymous-viewer.png"));

      browser.open(url(h, "/login"));
      browser.find("#token").sendKeys(TestTokens.of("alice"));
      browser.find("form[action='/login'] button[type=submit]").click();
      await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
          .until(() -> !browser.findAll("#incidents button.ack[data-incident='" + id + "']").isEmpty());
      browser.find("#incidents button.ack[data-incident='" + id + "']").click();

      await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
          .until(() -> browser.find("#incident-" + id + " .ack-by").getText().equals("alice"));
      assertThat(browser.findAll("#incidents button.ack[data-incident='" + id + "']")).isEmpty();
      assertThat(h.agent.acknowledgement(id)).hasValueSatisfying(a -> assertThat(a.by()).isEqualTo("alice"));
      assertThat(h.audit()).anyMatch(a -> a.kind().equals("acknowledged") && a.actor().equals("alice"));
      assertThat(browser.console().errors()).isEmpty();
    }
  }

  @Test
  void thePagesRaiseNoScriptErrorsOrPolicyViolations(Browser browser) throws Exception {
    try (TcpPort db = new TcpPort(0); TcpPort web = new TcpPort(0); AgentHarness h = medic(db, web)) {
      web.close();
      await().atMost(Duration.ofSeconds(5)).until(() -> !h.agent.incidents().openIncidents("web").isEmpty());
      long id = h.agent.incidents().openIncidents("web").getFirst().id();
      List<String> errors = new ArrayList<>();
      for (String page : List.of("/", "/targets/web", "/incidents/" + id, "/topology")) {
        browser.open(url(h, page));
        // Lazy parts (sparklines, charts) load after the document.
        await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> true);
        Browser.Console console = browser.console();
        console.errors().forEach(e -> errors.add(page + ": " + e));
        // Told, not failed: a resource another part of medic serves may be missing from this build.
        console.failedLoads().forEach(e -> System.out.println("failed load on " + page + ": " + e));
      }
      assertThat(errors).isEmpty();
    }
  }

  /** Read in one script call: the row may be swapped between a find and a read. */
  private static String status(Browser browser, String target) {
    return (String) browser.js("var r = document.getElementById('row-' + arguments[0]); return r && r.dataset.status;", target);
  }

  private static int[] rgb(String css) {
    String[] parts = css.replaceAll("[^0-9,]", "").split(",");
    return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
  }
}
