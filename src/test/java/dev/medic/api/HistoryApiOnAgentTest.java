package dev.medic.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.runtime.Agent;
import dev.medic.support.AgentHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running medic serves the history endpoints over its store and knows its configured targets. */
class HistoryApiOnAgentTest {

  @TempDir Path dir;

  @Test
  void aRunningMedicAnswersHistoryForItsTargetsAndRefusesOthers() throws Exception {
    try (AgentHarness harness = AgentHarness.start(dir, """
        targets:
          - name: web
            checks: [{type: tcp, host: 127.0.0.1, port: 1, interval: 1s}]
        """, new Agent.Overrides(null, false, null, "127.0.0.1:0"))) {
      String base = "http://127.0.0.1:" + harness.agent.port();
      HttpClient client = HttpClient.newHttpClient();

      HttpResponse<String> history = client.send(HttpRequest.newBuilder(URI.create(base + "/api/health/history?hours=1"))
          .build(), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> unknown = client.send(HttpRequest.newBuilder(URI.create(base
          + "/api/metrics/history?target=nope")).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(history.statusCode()).isEqualTo(200);
      JsonNode body = new ObjectMapper().readTree(history.body());
      assertThat(body.get("targets").has("web")).isTrue();
      assertThat(body.get("step").asText()).isEqualTo("1m");
      assertThat(unknown.statusCode()).isEqualTo(404);
    }
  }
}
