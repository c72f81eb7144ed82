package dev.medic.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.runtime.Agent;
import dev.medic.store.FullDisk;
import dev.medic.store.SqliteStore;
import dev.medic.support.AgentHarness;
import dev.medic.support.TestHttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * medic's own store problems are loud in the API: a store on a full (real tmpfs) disk, and an audit
 * whose hash chain was tampered with, make {@code /health} degraded with the reason and show in
 * {@code /metrics}, while detection goes on.
 */
class StoreProblemHealthTest {

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  private static String config(TestHttpServer app) {
    return """
        agent:
          interval: 200ms
          timeout: 1s
          failures: 1
        targets:
          - name: web
            checks:
              - type: http
                url: %s
        """.formatted(app.url("/health"));
  }

  private HttpResponse<String> get(AgentHarness h, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.agent.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode health(AgentHarness h) throws Exception {
    HttpResponse<String> r = get(h, "/health");
    assertThat(r.statusCode()).as("health stays 200 so a liveness probe does not restart medic").isEqualTo(200);
    return json.readTree(r.body());
  }

  @Test
  void fullDiskIsDegradedHealthWhileIncidentsStillOpenAndAreWrittenWhenSpaceReturns() throws Exception {
    AtomicInteger status = new AtomicInteger(200);
    try (FullDisk disk = FullDisk.mount(dir.resolve("small"), "2m");
        TestHttpServer app = new TestHttpServer(status::get);
        AgentHarness h = AgentHarness.start(dir, config(app),
            new Agent.Overrides(null, false, "sqlite:" + disk.dir().resolve("medic.db"), "127.0.0.1:0"))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> health(h).get("status").asText().equals("ok"));
      assertThat(get(h, "/metrics").body()).contains("medic_store_writable 1.0").contains("medic_store_backlog 0.0");

      disk.fill();
      status.set(500);

      // The failure becomes an incident even though the store cannot write it.
      await().atMost(Duration.ofSeconds(15)).until(() -> health(h).get("open_incidents").asInt() == 1);
      JsonNode degraded = health(h);
      assertThat(degraded.get("status").asText()).isEqualTo("degraded");
      assertThat(degraded.get("problem").asText()).contains("store cannot write").contains("SQLITE_FULL");
      assertThat(degraded.get("store_writable").asBoolean()).isFalse();
      assertThat(degraded.get("store_backlog").asInt()).isPositive();
      JsonNode incidents = json.readTree(get(h, "/api/incidents?state=open").body());
      assertThat(incidents).singleElement().satisfies(i -> assertThat(i.get("target").asText()).isEqualTo("web"));
      long id = incidents.get(0).get("id").asLong();
      String metrics = get(h, "/metrics").body();
      assertThat(metrics).contains("medic_store_writable 0.0").containsPattern("medic_store_backlog [1-9]");

      disk.free();

      await().atMost(Duration.ofSeconds(15)).until(() -> health(h).get("status").asText().equals("ok"));
      assertThat(health(h).get("store_backlog").asInt()).isZero();
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + disk.dir().resolve("medic.db"));
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT target, state FROM incidents WHERE id = " + id)) {
        assertThat(rs.next()).as("incident %d written once space returned", id).isTrue();
        assertThat(rs.getString("target")).isEqualTo("web");
      }
    }
  }

  @Test
  void brokenAuditChainIsDegradedHealthButMedicRuns() throws Exception {
    Path db = dir.resolve("medic.db");
    try (SqliteStore store = SqliteStore.open(db)) {
      for (int i = 0; i < 3; i++) {
        store.audit().append(dev.medic.store.AuditEntry.of(Instant.now(), null, "web", "reload", null, "ok", "#" + i));
      }
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      s.executeUpdate("DROP TRIGGER audit_no_delete");
      s.executeUpdate("DELETE FROM audit WHERE id = 2");
    }
    try (TestHttpServer app = new TestHttpServer(() -> 200);
        AgentHarness h = AgentHarness.start(dir, config(app), new Agent.Overrides(null, false, null, "127.0.0.1:0"))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> health(h).get("status").asText().equals("degraded"));
      assertThat(health(h).get("problem").asText()).contains("audit chain broken at row 3");
      assertThat(json.readTree(get(h, "/api/targets").body())).isNotEmpty();
    }
  }
}
