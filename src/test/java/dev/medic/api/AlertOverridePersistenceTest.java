package dev.medic.api;

import static dev.medic.api.AlertApiTest.json;
import static dev.medic.api.AlertApiTest.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.medic.runtime.Agent;
import dev.medic.support.AgentHarness;
import dev.medic.support.TestTokens;
import dev.medic.support.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detection overrides live in the store: they outlive a restart and a reload; debug endpoints are off by default. */
class AlertOverridePersistenceTest {

  @TempDir Path dir;

  private static final String CONFIG = """
      agent:
        interval: 1s
      targets:
        - name: web
          checks:
            - type: tcp
              host: 127.0.0.1
              port: %d
      """ + TestTokens.access("none");

  @Test
  void anOverrideOutlivesARestartAndAReloadAndAConfigWithoutItsTargetIgnoresIt() throws Exception {
    String yaml = CONFIG.formatted(TestServices.freePort());
    Agent.Overrides api = new Agent.Overrides(null, false, null, "127.0.0.1:0");
    try (AgentHarness first = AgentHarness.start(dir, yaml, api)) {
      json(send(root(first), "PUT", "/api/alerts/config", "{\"targets\": {\"web\": {\"successes\": 4}}}", null), 200);
    }
    try (AgentHarness second = AgentHarness.start(dir, yaml, api)) {
      assertThat(second.agent.config().target("web").orElseThrow().detect().successes()).isEqualTo(4);
      JsonNode web = json(send(root(second), "GET", "/api/alerts/config", null, null), 200).path("targets").path("web");
      assertThat(web.path("successes").asInt()).isEqualTo(4);
      assertThat(web.path("source").asText()).isEqualTo("override");

      json(send(root(second), "POST", "/api/reload", null, null), 200);
      assertThat(second.agent.config().target("web").orElseThrow().detect().successes()).isEqualTo(4);

      Files.writeString(second.configFile, yaml.replace("name: web", "name: api2"));
      json(send(root(second), "POST", "/api/reload", null, null), 200);
      assertThat(second.agent.config().target("api2")).isPresent();
      assertThat(json(send(root(second), "GET", "/api/alerts/config", null, null), 200).path("targets").has("web"))
          .isFalse();
    }
  }

  @Test
  void debugEndpointsAnswer404WhileOff() throws Exception {
    try (AgentHarness agent = AgentHarness.start(dir, CONFIG.formatted(TestServices.freePort()),
        new Agent.Overrides(null, false, null, "127.0.0.1:0"))) {
      for (String path : new String[] {"/api/debug/simulate-failure", "/api/debug/test-alert"}) {
        assertThat(json(send(root(agent), "POST", path, "{\"target\": \"web\"}", null), 404).path("error").asText())
            .isEqualTo("debug endpoints are off (access.debug_endpoints)");
      }
      assertThat(json(send(root(agent), "GET", "/api/debug/collection-status", null, null), 404).path("error").asText())
          .isEqualTo("debug endpoints are off (access.debug_endpoints)");
      assertThat(agent.audit()).noneMatch(a -> a.kind().equals("simulate_failure"));
    }
  }

  private static String root(AgentHarness harness) {
    return "http://127.0.0.1:" + harness.agent.port();
  }
}
