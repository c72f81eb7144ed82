package dev.medic.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.medic.api.ApiServer;
import dev.medic.runtime.Agent;
import dev.medic.spi.Incident;
import dev.medic.support.AgentHarness;
import dev.medic.support.TestServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard on a running medic: its store, incident book and targets' live state behind the
 * pages, and the buttons acting on them with the audit naming the caller (today's open access
 * names every caller {@code api}).
 */
class DashboardOnAgentTest {

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dir;
  private AgentHarness harness;
  private String base;

  @BeforeEach
  void start() throws Exception {
    harness = AgentHarness.start(dir, """
        agent:
          interval: 250ms
          failures: 1
        targets:
          - name: ledger
            critical: true
            checks:
              - {type: tcp, host: 127.0.0.1, port: %d}
          - name: web
            depends_on: [ledger]
            checks:
              - {type: tcp, host: 127.0.0.1, port: %d}
        """.formatted(TestServices.freePort(), TestServices.freePort()),
        new Agent.Overrides(null, false, null, "127.0.0.1:0"));
    base = "http://127.0.0.1:" + harness.agent.port();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String form) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create(base + path)).header("HX-Request", "true")
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private Incident openOn(String target) {
    await().atMost(Duration.ofSeconds(20)).until(() -> harness.incidents().stream()
        .anyMatch(i -> i.isOpen() && i.target().equals(target)));
    return harness.incidents().stream().filter(i -> i.isOpen() && i.target().equals(target)).findFirst().orElseThrow();
  }

  @Test
  void overviewShowsTheRunningTargetsAndTheirIncident() throws Exception {
    Incident incident = openOn("ledger");

    String html = get("/").body();

    assertThat(html).contains("<tr id=\"row-ledger\" data-status=\"down\"", "<tr id=\"row-web\"",
        "href=\"/incidents/" + incident.id() + "\"", "ledger is down (critical)");
    JsonNode topology = ApiServer.json().readTree(get("/api/topology").body());
    assertThat(topology.get("root_causes").toString()).isEqualTo("[\"ledger\"]");
    assertThat(get("/incidents/" + incident.id()).body()).contains("Incident #" + incident.id(), "opened");
    assertThat(get("/targets/ledger").statusCode()).isEqualTo(200);
  }

  @Test
  void acknowledgeAndSilenceFromTheDashboardAreAuditedWithTheCaller() throws Exception {
    Incident incident = openOn("ledger");

    HttpResponse<String> ack = post("/ui/incidents/" + incident.id() + "/ack", "");
    HttpResponse<String> silence = post("/ui/incidents/" + incident.id() + "/silence", "duration=1h");

    assertThat(ack.statusCode()).isEqualTo(200);
    assertThat(silence.statusCode()).isEqualTo(200);
    assertThat(harness.audit()).anyMatch(a -> a.kind().equals("acknowledged") && a.actor().equals("api")
        && a.incidentId() == incident.id());
    assertThat(harness.audit()).anyMatch(a -> a.kind().equals("silence") && a.actor().equals("api")
        && a.detail().contains("target=\"ledger\""));
  }
}
