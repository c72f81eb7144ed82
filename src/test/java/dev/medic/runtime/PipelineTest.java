package dev.medic.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.api.Metrics;
import dev.medic.config.ConfigLoader;
import dev.medic.config.MedicConfig;
import dev.medic.incident.IncidentBook;
import dev.medic.spi.Observation;
import dev.medic.spi.ProbeResult;
import dev.medic.store.SqliteStore;
import dev.medic.support.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineTest {

  @TempDir Path dir;

  private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private SqliteStore store;
  private IncidentBook book;
  private Pipeline pipeline;

  @BeforeEach
  void wire() throws Exception {
    MedicConfig config = new ConfigLoader(Plugins.registry()).parse("medic.yaml", """
        agent: {failures: 2}
        targets:
          - name: web
            checks: [{type: http, url: "http://127.0.0.1:1/health"}]
        """);
    store = SqliteStore.open(dir.resolve("medic.db"));
    book = new IncidentBook(store, clock);
    TargetRuntimes runtimes = new TargetRuntimes(Plugins.registry(), clock);
    runtimes.replaceAll(Map.of("web", runtimes.create(config.targets().getFirst(), config.agent())));
    pipeline = new Pipeline(runtimes, store, new Metrics(() -> 0), book, () -> config);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private Observation failed() {
    clock.advance(Duration.ofSeconds(1));
    return Observation.of(clock.instant(), "web", "http", ProbeResult.down(null, Map.of(), "http_error", "refused"));
  }

  @Test
  void failuresSeenAsAnActionsAftermathAreRecordedButOpenNoIncident() {
    pipeline.observe(failed(), false);
    pipeline.observe(failed(), false);
    pipeline.observe(failed(), false);

    assertThat(book.openIncidents()).isEmpty();
    store.observations().flush();
    assertThat(store.observations().list("web", 10)).hasSize(3);
  }

  @Test
  void theSameFailuresSeenAsUsualOpenTheIncident() {
    pipeline.observe(failed());
    pipeline.observe(failed());

    assertThat(book.openIncidents()).singleElement()
        .satisfies(i -> assertThat(i.condition()).isEqualTo("http_error"));
  }
}
