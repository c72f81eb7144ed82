package dev.medic.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.config.ConfigLoader;
import dev.medic.config.MedicConfig;
import dev.medic.runtime.Agent;
import dev.medic.runtime.Plugins;
import dev.medic.support.SettableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real medic stopped and started again on its store: the time between shows in /health and /metrics. */
class DowntimeApiTest {

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private final SettableClock clock = new SettableClock(Instant.parse("2026-11-30T08:00:00Z"));

  private Agent start() throws Exception {
    Path file = dir.resolve("medic.yaml");
    Files.writeString(file, """
        agent:
          interval: 1h
        targets:
          - name: web
            checks:
              - type: tcp
                host: 127.0.0.1
                port: 1
        """);
    MedicConfig cfg = new ConfigLoader(Plugins.registry()).load(file);
    Agent agent = new Agent(file, cfg,
        new Agent.Overrides(null, false, "sqlite:" + dir.resolve("medic.db"), "127.0.0.1:0"), clock);
    agent.start();
    return agent;
  }

  private String get(Agent agent, String path) throws Exception {
    HttpResponse<String> r = http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  @Test
  void aPlannedRestartShowsItsDowntimeInHealthAndMetrics() throws Exception {
    try (Agent first = start()) {
      JsonNode health = new ObjectMapper().readTree(get(first, "/health"));
      assertThat(health.has("last_downtime")).isTrue();
      assertThat(health.get("last_downtime").isNull()).as("first start ever").isTrue();
      assertThat(get(first, "/metrics")).contains("medic_downtime_seconds_last 0.0");
    }
    clock.advance(Duration.ofMinutes(10));

    try (Agent second = start()) {
      JsonNode down = new ObjectMapper().readTree(get(second, "/health")).get("last_downtime");
      assertThat(down.get("from").asText()).isEqualTo("2026-11-30T08:00:00Z");
      assertThat(down.get("until").asText()).isEqualTo("2026-11-30T08:10:00Z");
      assertThat(down.get("seconds").asLong()).isEqualTo(600);
      assertThat(down.get("clean_stop").asBoolean()).isTrue();
      assertThat(get(second, "/metrics")).contains("medic_downtime_seconds_last 600.0");
      assertThat(second.store().audit().list(null, 100))
          .anySatisfy(a -> assertThat(a.detail()).startsWith("medic stopped cleanly at 2026-11-30T08:00:00Z, down 10m"));
    }
  }
}
