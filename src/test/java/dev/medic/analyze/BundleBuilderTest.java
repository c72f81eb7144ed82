package dev.medic.analyze;

import static dev.medic.analyze.BundleFixture.API_TOKEN;
import static dev.medic.analyze.BundleFixture.DB_PASSWORD;
import static dev.medic.analyze.BundleFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.runtime.Plugins;
import dev.medic.spi.IncidentBundle;
import dev.medic.spi.IncidentBundle.ActionTaken;
import dev.medic.spi.IncidentBundle.Neighbour;
import dev.medic.spi.Status;
import dev.medic.support.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleBuilderTest {

  @TempDir Path dir;

  private BundleFixture f;
  private final SettableClock clock = new SettableClock(T0.plus(Duration.ofMinutes(3)));

  @BeforeEach
  void record() throws Exception {
    f = new BundleFixture(dir).record();
  }

  @AfterEach
  void close() {
    f.store.close();
  }

  private IncidentBundle bundleOfApi() {
    return new BundleBuilder(f.store, () -> f.config, t -> null, clock, Plugins.registry()).bundle(f.api.id())
        .orElseThrow();
  }

  @Test
  void anUnknownIncidentHasNoBundle() {
    assertThat(new BundleBuilder(f.store, () -> f.config, t -> null, clock).bundle(999_999)).isEmpty();
  }

  @Test
  void holdsTheIncidentItsTimelineAndTheTargetsRunsFromTenMinutesBeforeItOpened() {
    IncidentBundle b = bundleOfApi();

    assertThat(b.version()).isEqualTo(IncidentBundle.VERSION);
    assertThat(b.generatedAt()).isEqualTo(clock.instant());
    assertThat(b.incident().id()).isEqualTo(f.api.id());
    assertThat(b.timeline()).extracting(e -> e.event()).containsExactly("opened", "process_output");
    // Runs began 12 minutes before; only those from 10 minutes before the opening are in.
    assertThat(b.observations()).allMatch(o -> !o.at().isBefore(T0.minus(Duration.ofMinutes(10))));
    assertThat(b.observations().getFirst().at()).isEqualTo(T0.minus(Duration.ofMinutes(10)));
    assertThat(b.observations()).hasSize(20 - 4 + 2);
    assertThat(b.observations().getLast().status()).isEqualTo(Status.DOWN);
    assertThat(b.observations().getLast().latencyMs()).isEqualTo(3.0);
    assertThat(b.observations().getLast().metrics()).containsEntry("http_status", 500.0);
  }

  @Test
  void collectsTheProcessOutputAndTheFailingRunsAsLogLinesOnceEachWithSecretsHidden() {
    IncidentBundle b = bundleOfApi();

    assertThat(b.logLines()).containsExactly(
        T0.minusSeconds(20) + " http down: 500: could not connect to postgres://app:***@127.0.0.1/app",
        T0.plusSeconds(5) + " process: exited with code 1; last 2 lines of output:",
        T0.plusSeconds(5) + " process output: FATAL: password authentication failed for ***",
        T0.plusSeconds(5) + " process output: shutting down",
        T0.plusSeconds(10) + " http down: 500 Internal Server Error");
    assertThat(b.timeline().get(1).detail()).doesNotContain(DB_PASSWORD).contains("failed for ***");
    assertThat(b.observations()).noneMatch(o -> o.message().contains(DB_PASSWORD));
  }

  @Test
  void listsEachActionWithItsEffect() {
    IncidentBundle b = bundleOfApi();

    assertThat(b.actions()).extracting(ActionTaken::strategy, ActionTaken::action, ActionTaken::outcome,
        ActionTaken::detail).containsExactly(
            org.assertj.core.groups.Tuple.tuple("restart", "restart api", "ok", "restarted (pid 4242)"),
            org.assertj.core.groups.Tuple.tuple("restart", "", "verify_failed", "http still failing: 500"),
            org.assertj.core.groups.Tuple.tuple("restart", "restart api", "not_healed", "restart attempt 1/3: restart api"));
  }

  @Test
  void givesTheTargetsConfigAsWrittenWithItsSecretsHidden() throws Exception {
    IncidentBundle b = bundleOfApi();

    String json = new ObjectMapper().writeValueAsString(b.targetConfig());
    assertThat(json).doesNotContain(DB_PASSWORD).doesNotContain(API_TOKEN);
    JsonNode config = new ObjectMapper().valueToTree(b.targetConfig());
    assertThat(config.get("name").asText()).isEqualTo("api");
    assertThat(config.at("/depends_on/0").asText()).isEqualTo("db");
    assertThat(config.at("/checks/0/type").asText()).isEqualTo("http");
    assertThat(config.at("/checks/0/url").asText()).isEqualTo("http://127.0.0.1:8081/health");
    assertThat(config.at("/checks/0/timeout").asText()).isEqualTo("2s");
    assertThat(config.at("/checks/0/headers/Authorization").asText()).isEqualTo("***");
    assertThat(config.at("/process/env/DATABASE_URL").asText()).isEqualTo("postgres://app:***@127.0.0.1/app");
    assertThat(config.at("/process/env/LOG_LEVEL").asText()).isEqualTo("info");
  }

  @Test
  void offersOnlyTheStrategiesTheTargetAllowsWithTheirActionTypes() {
    IncidentBundle b = bundleOfApi();

    assertThat(b.strategies()).extracting(s -> s.name() + " " + s.action() + " " + s.destructive() + " " + s.conditions())
        .containsExactly("restart restart false [http_error, http_timeout]",
            "flush_cache redis_flushdb true [http_error]");
  }

  @Test
  void walksTheDependencyChainBothWaysWithEachNeighboursStateAndOpenIncidents() {
    IncidentBundle b = new BundleBuilder(f.store, () -> f.config, t -> t.equals("web") ? Status.DEGRADED : null,
        clock).bundle(f.web.id()).orElseThrow();

    assertThat(b.neighbourhood().dependents()).isEmpty();
    List<Neighbour> up = b.neighbourhood().dependsOn();
    assertThat(up).extracting(Neighbour::target, Neighbour::distance, Neighbour::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("api", 1, "down"),
            org.assertj.core.groups.Tuple.tuple("db", 2, "down"));
    assertThat(up.get(0).dependsOn()).containsExactly("db");
    assertThat(up.get(1).openIncidents()).extracting(i -> i.id()).containsExactly(f.db.id());

    IncidentBundle ofDb = new BundleBuilder(f.store, () -> f.config, t -> t.equals("web") ? Status.DEGRADED : null,
        clock).bundle(f.db.id()).orElseThrow();
    assertThat(ofDb.neighbourhood().dependents()).extracting(Neighbour::target, Neighbour::distance, Neighbour::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("api", 1, "down"),
            org.assertj.core.groups.Tuple.tuple("web", 2, "degraded"));
  }

  @Test
  void relatesIncidentsOnOtherTargetsOpenNowOrOpenedCloseToIt() {
    IncidentBundle b = bundleOfApi();

    assertThat(b.related()).extracting(i -> i.target()).containsExactly("web", "db", "batch");
    assertThat(b.related()).noneMatch(i -> i.target().equals("api"));
  }

  @Test
  void anIncidentOpenForHoursStillShowsTheRunThatBeganIt() {
    java.time.Instant opened = T0.minus(Duration.ofHours(3));
    dev.medic.spi.Incident longOne = f.store.incidents().insert(dev.medic.spi.Incident.open("queue", "queue_stalled",
        dev.medic.spi.Severity.WARNING, "stalled", opened));
    for (int s = 0; s < 3 * 3600; s++) {
      f.store.observations().record(new dev.medic.spi.Observation(opened.plusSeconds(s), "queue", "depth",
          Status.DOWN, Duration.ofMillis(2), Map.of(), "queue_stalled", s == 0 ? "first stalled run" : "still stalled"));
    }
    f.store.observations().flush();

    IncidentBundle b = new BundleBuilder(f.store, () -> f.config, t -> null, clock, Plugins.registry())
        .bundle(longOne.id()).orElseThrow();

    assertThat(b.observations()).hasSize(BundleBuilder.MAX_OBSERVATIONS);
    assertThat(b.observations().getFirst().message()).isEqualTo("first stalled run");
    assertThat(b.observations().getLast().at()).isEqualTo(opened.plusSeconds(3 * 3600 - 1));
  }

  @Test
  void relatesADependencysIncidentThatBeganLongBeforeAndClearedSince() {
    dev.medic.spi.Incident disk = f.store.incidents().insert(dev.medic.spi.Incident.open("db", "disk_full",
        dev.medic.spi.Severity.CRITICAL, "disk 100% full", T0.minus(Duration.ofMinutes(40))));
    f.store.incidents().update(disk.resolvedAt("condition cleared", T0.plus(Duration.ofMinutes(1))));
    dev.medic.spi.Incident longGone = f.store.incidents().insert(dev.medic.spi.Incident.open("db", "cpu_high",
        dev.medic.spi.Severity.WARNING, "cpu 99%", T0.minus(Duration.ofMinutes(50))));
    f.store.incidents().update(longGone.resolvedAt("condition cleared", T0.minus(Duration.ofMinutes(30))));

    IncidentBundle b = bundleOfApi();

    assertThat(b.related()).extracting(i -> i.id()).contains(disk.id()).doesNotContain(longGone.id());
  }

  @Test
  void namesWhatEndedEachSimilarPastIncidentNewestFirst() {
    IncidentBundle b = bundleOfApi();

    assertThat(b.similar()).extracting(p -> p.incident().id(), p -> p.resolvedBy()).containsExactly(
        org.assertj.core.groups.Tuple.tuple(f.pastCleared.id(), "cleared"),
        org.assertj.core.groups.Tuple.tuple(f.pastHealed.id(), "restart"));
  }

  @Test
  void withoutAConfigTheConfigPartsAreEmpty() {
    IncidentBundle b = new BundleBuilder(f.store, () -> null, t -> null, clock).bundle(f.api.id()).orElseThrow();

    assertThat(b.targetConfig()).isEmpty();
    assertThat(b.strategies()).isEmpty();
    assertThat(b.neighbourhood().dependsOn()).isEmpty();
    assertThat(b.timeline()).hasSize(2);
  }

  @Test
  void writesSnakeCaseJsonWithIsoInstantsAndNoSecret() throws Exception {
    String json = new BundleJson().json(bundleOfApi());

    JsonNode tree = new ObjectMapper().readTree(json);
    assertThat(tree.get("version").asInt()).isEqualTo(1);
    assertThat(tree.get("generated_at").asText()).isEqualTo(clock.instant().toString());
    assertThat(tree.at("/incident/opened_at").asText()).isEqualTo(T0.toString());
    assertThat(tree.at("/observations/0/latency_ms").isNumber()).isTrue();
    assertThat(tree.at("/neighbourhood/depends_on/0/target").asText()).isEqualTo("db");
    assertThat(tree.at("/similar/0/resolved_by").asText()).isEqualTo("cleared");
    assertThat(tree.has("log_lines")).isTrue();
    assertThat(json).doesNotContain(DB_PASSWORD).doesNotContain(API_TOKEN).contains("\n  \"");
  }

  @Test
  void keepsTheFirstFailingRunWhenTheRunsAreCapped() {
    for (int s = 0; s < 300; s++) {
      f.store.observations().record(new dev.medic.spi.Observation(T0.plusSeconds(11).plusMillis(s * 100L), "api",
          "http", Status.DOWN, Duration.ofMillis(2), Map.of(), "http_error", "500 Internal Server Error"));
    }
    f.store.observations().flush();

    IncidentBundle b = bundleOfApi();

    assertThat(b.observations()).hasSize(BundleBuilder.MAX_OBSERVATIONS);
    assertThat(b.observations().getFirst().at()).isEqualTo(T0.minusSeconds(20));
    assertThat(b.observations().getFirst().message()).contains("could not connect");
    assertThat(b.observations().getLast().at()).isEqualTo(T0.plusSeconds(11).plusMillis(299 * 100L));
  }
}
