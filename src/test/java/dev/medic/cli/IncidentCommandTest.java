package dev.medic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.spi.Incident;
import dev.medic.spi.Observation;
import dev.medic.spi.Severity;
import dev.medic.spi.Status;
import dev.medic.spi.TimelineEvent;
import dev.medic.store.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code medic incident bundle ID} on a store and a config, as an operator runs it beside medic. */
class IncidentCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REDIS_PASSWORD = "hunter2-redis-pass";
  private static final String DB_PASSWORD = "pg-pass-7731";

  @TempDir Path dir;
  private String store;
  private Path config;
  private long incident;

  @BeforeEach
  void record() throws Exception {
    config = dir.resolve("medic.yaml");
    Files.writeString(config, """
        agent:
          store: sqlite:%s
        targets:
          - name: cache
            checks: [{ type: tcp, port: 6379 }]
          - name: api
            checks: [{ type: http, url: "http://127.0.0.1:8081/health" }]
            depends_on: [cache]
        strategies:
          - name: flush
            conditions: [tcp_unreachable]
            targets: [cache]
            action: { type: redis_flushdb, url: "redis://127.0.0.1:6379/0", password: "%s" }
        """.formatted(dir.resolve("medic.db"), REDIS_PASSWORD));
    Instant t0 = Instant.now().minus(Duration.ofMinutes(5));
    try (SqliteStore s = SqliteStore.open(dir.resolve("medic.db"))) {
      s.observations().record(new Observation(t0.minusSeconds(30), "cache", "tcp", Status.DOWN, null, Map.of(),
          "tcp_unreachable", "connection refused; AUTH " + REDIS_PASSWORD + " failed"));
      s.observations().flush();
      Incident i = s.incidents().insert(Incident.open("cache", "tcp_unreachable", Severity.CRITICAL,
          "connection refused by postgres://app:" + DB_PASSWORD + "@db", t0));
      s.incidents().appendTimeline(new TimelineEvent(i.id(), t0, "opened", "tcp_unreachable: connection refused"));
      incident = i.id();
    }
    store = "sqlite:" + dir.resolve("medic.db");
  }

  @Test
  void printsTheBundleAsJsonWithTheConfigsPartsAndNoSecret() throws Exception {
    CliTest.Run run = CliTest.medic("incident", "bundle", String.valueOf(incident), "-c", config.toString());

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode bundle = JSON.readTree(run.out());
    assertThat(bundle.get("version").asInt()).isEqualTo(1);
    assertThat(bundle.at("/incident/id").asLong()).isEqualTo(incident);
    assertThat(bundle.at("/timeline/0/event").asText()).isEqualTo("opened");
    assertThat(bundle.at("/observations/0/condition").asText()).isEqualTo("tcp_unreachable");
    assertThat(bundle.at("/target_config/checks/0/type").asText()).isEqualTo("tcp");
    assertThat(bundle.at("/strategies/0/name").asText()).isEqualTo("flush");
    assertThat(bundle.at("/strategies/0/action").asText()).isEqualTo("redis_flushdb");
    assertThat(bundle.at("/strategies/0/destructive").asBoolean()).isTrue();
    assertThat(bundle.at("/neighbourhood/dependents/0/target").asText()).isEqualTo("api");
    assertThat(bundle.at("/incident/message").asText()).isEqualTo("connection refused by postgres://app:***@db");
    assertThat(bundle.at("/observations/0/message").asText()).isEqualTo("connection refused; AUTH *** failed");
    assertThat(run.out()).doesNotContain(DB_PASSWORD).doesNotContain(REDIS_PASSWORD);
    assertThat(run.err()).isEmpty();
  }

  @Test
  void printsMarkdownOnAsking() {
    CliTest.Run run = CliTest.medic("incident", "bundle", String.valueOf(incident), "--markdown", "-c",
        config.toString());

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("# Incident #" + incident + ": cache tcp_unreachable\n")
        .contains("## Log lines").contains("| flush | redis_flushdb | yes | tcp_unreachable |");
  }

  @Test
  void withoutAConfigLeavesItsPartsOutAndSaysSo() throws Exception {
    CliTest.Run run = CliTest.medic("incident", "bundle", String.valueOf(incident), "--store", store, "-c",
        dir.resolve("absent.yaml").toString());

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode bundle = JSON.readTree(run.out());
    assertThat(bundle.get("target_config").isEmpty()).isTrue();
    assertThat(bundle.get("strategies").isEmpty()).isTrue();
    assertThat(bundle.at("/incident/message").asText()).doesNotContain(DB_PASSWORD);
    assertThat(run.err()).contains("no config at").contains("absent.yaml").contains("left out");
  }

  @Test
  void anUnknownIdIsAClearErrorAndExitOne() {
    CliTest.Run run = CliTest.medic("incident", "bundle", "424242", "--store", store, "-c", config.toString());

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("medic bundle: no incident #424242 in the store\n");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void anIdThatIsNoNumberIsAClearErrorAndExitOne() {
    CliTest.Run run = CliTest.medic("incident", "bundle", "web", "--store", store, "-c", config.toString());

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("ID must be an incident's number, got 'web'");
  }
}
