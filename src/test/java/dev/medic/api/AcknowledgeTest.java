package dev.medic.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.cli.Main;
import dev.medic.runtime.Agent;
import dev.medic.spi.Incident;
import dev.medic.support.AgentHarness;
import dev.medic.support.TestHttpServer;
import dev.medic.support.TestServices;
import dev.medic.support.TestTokens;
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
import picocli.CommandLine;

/**
 * Acknowledging an escalated incident on a running medic, through the API and through {@code medic
 * ack}: the paged channel hears it once, the audit names who, and wrong requests get a JSON reason.
 */
class AcknowledgeTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @TempDir Path dir;
  private TestHttpServer pager;
  private AgentHarness harness;
  private String base;

  @BeforeEach
  void start() throws Exception {
    pager = new TestHttpServer(() -> 200);
    harness = AgentHarness.start(dir, """
        agent:
          interval: 250ms
          failures: 1
        targets:
          - name: ledger
            critical: true
            checks:
              - {type: tcp, host: 127.0.0.1, port: %d}
        escalation:
          channels:
            - {type: webhook, name: pager, url: "%s"}
        """.formatted(TestServices.freePort(), pager.url("/page")) + TestTokens.people("alice", "carol"), new Agent.Overrides(null, false, null, "127.0.0.1:0"));
    base = "http://127.0.0.1:" + harness.agent.port();
  }

  @AfterEach
  void stop() {
    harness.close();
    pager.close();
  }

  private Incident escalated() {
    await().atMost(Duration.ofSeconds(20)).until(() -> pager.requests().size() == 1);
    return harness.incidents().stream().filter(Incident::isOpen).findFirst().orElseThrow();
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create(base + path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
        .header("Authorization", TestTokens.bearer(TestTokens.of("alice"))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void acknowledgingThroughTheApiTellsThePagedChannelAndAuditsWho() throws Exception {
    Incident i = escalated();

    HttpResponse<String> ok = post("/api/incidents/" + i.id() + "/ack", "{\"by\":\"alice\",\"comment\":\"on it\"}");
    assertThat(ok.statusCode()).isEqualTo(200);
    JsonNode answer = JSON.readTree(ok.body());
    assertThat(answer.at("/acknowledgement/by").asText()).isEqualTo("alice");
    assertThat(answer.at("/acknowledgement/comment").asText()).isEqualTo("on it");
    assertThat(answer.at("/incident/id").asLong()).isEqualTo(i.id());

    await().atMost(Duration.ofSeconds(10)).until(() -> pager.requests().size() == 2);
    JsonNode message = JSON.readTree(pager.requests().get(1).body());
    assertThat(message.get("event").asText()).isEqualTo("acknowledged");
    assertThat(message.get("reason").asText()).isEqualTo("acknowledged by alice: on it");
    assertThat(harness.audit()).anyMatch(a -> a.kind().equals("acknowledged") && a.actor().equals("alice")
        && a.incidentId() == i.id());

    HttpResponse<String> again = post("/api/incidents/" + i.id() + "/ack", "{\"by\":\"bob\"}");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(again.body()).get("error").asText())
        .startsWith("incident " + i.id() + " was already acknowledged by alice at ");
  }

  @Test
  void wrongRequestsGetAJsonReason() throws Exception {
    Incident i = escalated();

    HttpResponse<String> unknown = post("/api/incidents/999/ack", "{}");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(unknown.body()).get("error").asText()).isEqualTo("no incident 999");

    HttpResponse<String> notJson = post("/api/incidents/" + i.id() + "/ack", "by alice");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(notJson.body()).get("error").asText()).startsWith("body must be JSON");

    HttpResponse<String> nobody = post("/api/incidents/" + i.id() + "/ack", "{\"by\":\"  \"}");
    assertThat(nobody.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(nobody.body()).get("error").asText()).isEqualTo("by must name who acknowledges, got an empty text");
    assertThat(harness.auditKinds(i.id())).doesNotContain("acknowledged");
  }

  @Test
  void medicAckAcknowledgesOnTheRunningMedicAndRefusesTwice() throws Exception {
    Incident i = escalated();
    String api = "127.0.0.1:" + harness.agent.port();

    int first = new CommandLine(new Main()).execute("ack", Long.toString(i.id()), "--api", api, "--by", "carol",
        "--token", TestTokens.of("carol"),
        "--comment", "db restarted by hand");
    int second = new CommandLine(new Main()).execute("ack", Long.toString(i.id()), "--api", api, "--by", "dave",
        "--token", TestTokens.of("carol"));
    int withoutToken = new CommandLine(new Main()).execute("ack", Long.toString(i.id()), "--api", api, "--by", "erin");
    int unreachable = new CommandLine(new Main()).execute("ack", "1", "--api", "127.0.0.1:" + TestServices.freePort());

    assertThat(first).isZero();
    assertThat(second).isEqualTo(1);
    assertThat(withoutToken).as("anonymous callers read but cannot acknowledge").isEqualTo(1);
    assertThat(unreachable).isEqualTo(2);
    assertThat(harness.audit()).filteredOn(a -> a.kind().equals("acknowledged"))
        .singleElement().satisfies(a -> {
          assertThat(a.actor()).isEqualTo("carol");
          assertThat(a.detail()).isEqualTo("by carol: db restarted by hand");
        });
  }
}
