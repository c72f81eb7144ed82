package dev.medic.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.spi.Observation;
import dev.medic.spi.Status;
import dev.medic.store.SqliteStore;
import dev.medic.support.SettableClock;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The history endpoints on a real server over a real SQLite store with two hours of runs. */
class HistoryRoutesTest {

  /** Runs end at noon; the roll-up and the requests come a few minutes later, once the last bucket is settled. */
  private static final Instant NOON = Instant.parse("2026-01-05T12:00:00Z");
  private static final Instant NOW = NOON.plus(Duration.ofMinutes(6));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @TempDir static Path dir;
  private static SqliteStore store;
  private static ApiServer server;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    store = SqliteStore.open(dir.resolve("medic.db"));
    // gateway: a run every 10 s for two hours, latency 10..109 ms, every tenth down.
    Instant from = NOON.minus(Duration.ofHours(2));
    for (int i = 0; i < 720; i++) {
      store.observations().record(new Observation(from.plusSeconds(i * 10L), "gateway", "http",
          i % 10 == 0 ? Status.DOWN : Status.UP, Duration.ofMillis(10 + i % 100), Map.of(), null, ""));
    }
    store.observations().flush();
    store.history().rollUp(NOW);
    server = new ApiServer(unused(ReadModel.class), unused(Controls.class), "127.0.0.1:0", new OpenAccess(),
        List.of(new HistoryRoutes(store.history(), new SettableClock(NOW), () -> Set.of("gateway", "db"))));
    server.start();
    base = "http://127.0.0.1:" + server.port();
  }

  /** The history routes need neither: any call to them would fail the test. */
  private static <T> T unused(Class<T> type) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
      throw new AssertionError(m.getName() + " was not expected");
    }));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop();
    }
    store.close();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode ok(String path) throws Exception {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  void healthHistoryGivesEveryTargetsUptimeBucketsAtAStepOfAtMostThreeHundredPoints() throws Exception {
    JsonNode body = ok("/api/health/history?hours=24");

    assertThat(body.get("hours").asInt()).isEqualTo(24);
    assertThat(body.get("step").asText()).isEqualTo("5m");
    JsonNode gateway = body.get("targets").get("gateway");
    assertThat(gateway.get("count").asLong()).isEqualTo(720);
    assertThat(gateway.get("uptime").asDouble()).isEqualTo(0.9);
    assertThat(gateway.get("buckets")).hasSize(24);
    JsonNode first = gateway.get("buckets").get(0);
    assertThat(first.get("start").asText()).isEqualTo("2026-01-05T10:00:00Z");
    assertThat(first.get("count").asLong()).isEqualTo(30);
    assertThat(first.get("failures").asLong()).isEqualTo(3);
    assertThat(first.get("uptime").asDouble()).isEqualTo(0.9);
    assertThat(body.get("targets").get("db").get("buckets")).isEmpty();
    assertThat(ok("/api/health/history?hours=8760&target=db").get("step").asText()).isEqualTo("2d");
    assertThat(ok("/api/health/history?target=gateway").get("targets").size()).isEqualTo(1);
  }

  @Test
  void metricsHistoryAnswersBucketsWithTheTierAndTheEffectiveStep() throws Exception {
    JsonNode raw = ok("/api/metrics/history?target=gateway&from=2026-01-05T11:00:00Z&to=2026-01-05T12:00:00Z&step=30s");
    assertThat(raw.get("tier").asText()).isEqualTo("raw");
    assertThat(raw.get("step").asText()).isEqualTo("30s");
    assertThat(raw.get("buckets")).hasSize(120);

    JsonNode hourly = ok("/api/metrics/history?target=gateway&check=http&from=2026-01-05&to=2026-01-05&step=1h");
    assertThat(hourly.get("tier").asText()).isEqualTo("1h");
    assertThat(hourly.get("to").asText()).isEqualTo("2026-01-06T00:00:00Z");
    assertThat(hourly.get("buckets")).hasSize(2);
    JsonNode hour = hourly.get("buckets").get(0);
    assertThat(hour.get("count").asLong()).isEqualTo(360);
    assertThat(hour.get("p50").asDouble()).isEqualTo(54.0); // 10..69 ms four times, 70..109 three times
    assertThat(hour.get("max").asDouble()).isEqualTo(109.0);

    JsonNode byDefault = ok("/api/metrics/history?target=gateway");
    assertThat(byDefault.get("from").asText()).isEqualTo("2026-01-04T12:06:00Z");
    assertThat(byDefault.get("step").asText()).isEqualTo("5m");
  }

  @Test
  void performanceGivesPercentilesPerTargetInTheSeedShape() throws Exception {
    JsonNode body = ok("/api/analytics/performance?window=24h");

    assertThat(body.get("window").asText()).isEqualTo("24h");
    JsonNode gateway = body.get("response_times").get("gateway");
    assertThat(gateway.get("count").asLong()).isEqualTo(720);
    assertThat(gateway.get("p50").asDouble()).isCloseTo(58.0, org.assertj.core.data.Percentage.withPercentage(3));
    assertThat(gateway.get("p99").asDouble()).isCloseTo(108.0, org.assertj.core.data.Percentage.withPercentage(3));
    assertThat(gateway.get("max").asDouble()).isEqualTo(109.0);
    assertThat(body.get("response_times").has("db")).isFalse();
    assertThat(ok("/api/analytics/performance").get("window").asText()).isEqualTo("24h");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "/api/health/history?hours=0|hours must be a whole number 1..8760, got '0'",
      "/api/health/history?hours=x|hours must be a whole number 1..8760, got 'x'",
      "/api/health/history?hours=8761|got '8761'",
      "/api/metrics/history|target is required",
      "/api/metrics/history?target=gateway&from=yesterday|from must be an ISO instant",
      "/api/metrics/history?target=gateway&to=2026-13-01|to must be an ISO instant",
      "/api/metrics/history?target=gateway&from=2026-01-05&to=2026-01-04|must be before to",
      "/api/metrics/history?target=gateway&step=fast|expected a duration like",
      "/api/metrics/history?target=gateway&step=500ms|step must be at least 1s, got '500ms'",
      "/api/metrics/history?target=gateway&from=2026-01-01&step=1s|step '1s' makes 389160 points",
      "/api/analytics/performance?window=2h|window must be one of 1h, 24h, 7d, 30d, got '2h'"})
  void eachBadParameterIsA400NamingIt(String path, String reason) throws Exception {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).get("error").asText()).contains(reason);
  }

  @ParameterizedTest
  @CsvSource({"/api/health/history?target=nope", "/api/metrics/history?target=nope"})
  void anUnknownTargetIsA404(String path) throws Exception {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("no target named 'nope'");
  }
}
