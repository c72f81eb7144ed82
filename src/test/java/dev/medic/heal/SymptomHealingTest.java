package dev.medic.heal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.config.ConfigLoader;
import dev.medic.config.MedicConfig;
import dev.medic.config.Redactor;
import dev.medic.config.TargetConfig;
import dev.medic.incident.IncidentBook;
import dev.medic.incident.IncidentEvent;
import dev.medic.incident.QueuedEventBus;
import dev.medic.runtime.Plugins;
import dev.medic.spi.Bindings;
import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import dev.medic.spi.TimelineEvent;
import dev.medic.store.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * api depends on db: while db has an open incident, api's incident is its symptom and the healer
 * leaves it alone, unless api sets {@code heal_symptoms}; once db resolves with api still failing,
 * api is healed like any incident.
 */
class SymptomHealingTest {

  @TempDir Path dir;
  private final Clock clock = Clock.systemUTC();
  private final QueuedEventBus events = new QueuedEventBus();
  private SqliteStore store;
  private MedicConfig cfg;
  private IncidentBook book;

  @BeforeEach
  void open() {
    store = SqliteStore.open(dir.resolve("medic.db"));
  }

  @AfterEach
  void close() {
    events.close();
    store.close();
  }

  private Healer healer(String apiSettings) throws Exception {
    cfg = new ConfigLoader(Plugins.registry()).parse("medic.yaml", """
        targets:
          - name: db
            checks: [{type: tcp, host: 127.0.0.1, port: 1}]
          - name: api
            checks: [{type: http, url: "http://127.0.0.1:1/health"}]
            depends_on: [db]
        %s
        strategies:
          - name: poke
            conditions: [http_error]
            action: { type: command, command: ["/bin/true"] }
            max_attempts: 1
            cooldown: 0s
        """.formatted(apiSettings));
    book = new IncidentBook(store, clock, Redactor::none, events,
        t -> cfg.target(t).map(TargetConfig::dependsOn).orElse(List.of()));
    return new Healer(() -> cfg, book,
        new Guard(store.ledger(), new CircuitBreaker(cfg.agent().breaker(), clock), clock),
        new ActionRunner(book, store, (incident, actedAt, timeout) -> new Verifier.Result(true, 0, "healthy"),
            Bindings.none(), clock, (target, strategy, result) -> {}),
        new ApprovalDesk(store, clock));
  }

  private List<String> timeline(Incident i) {
    return store.incidents().timeline(i.id()).stream().map(e -> e.event() + ": " + e.detail()).toList();
  }

  @Test
  void aSymptomWaitsForItsRootAndIsHealedOnceTheRootResolvesWhileItStillHolds() throws Exception {
    Healer healer = healer("");
    events.subscribe("healer", e -> {
      if (e instanceof IncidentEvent.Unlinked u) {
        healer.take(u.symptom());
      }
    });
    Incident db = book.raise("db", "tcp_unreachable", Severity.CRITICAL, "refused").orElseThrow();
    Incident api = book.raise("api", "http_error", Severity.WARNING, "status 500").orElseThrow();

    healer.take(api);

    assertThat(healer.busy()).isFalse();
    assertThat(timeline(api)).contains("healing_skipped: symptom of #" + db.id() + " on db; healing the root");
    assertThat(store.ledger().attempts(api.id(), "poke")).isZero();

    book.clear("db", "tcp_unreachable", "condition cleared: connected");

    await().atMost(Duration.ofSeconds(10)).until(() -> book.openIncident(api.id()).isEmpty());
    assertThat(store.ledger().attempts(api.id(), "poke")).isEqualTo(1);
    assertThat(store.incidents().get(api.id()).orElseThrow().resolutionDetails()).startsWith("healed by poke");
    assertThat(store.incidents().timeline(api.id())).extracting(TimelineEvent::event)
        .containsSubsequence("linked", "healing_skipped", "unlinked", "healing", "resolved");
  }

  @Test
  void aTargetThatHealsItsSymptomsIsHealedWhileItsRootIsStillOpen() throws Exception {
    Healer healer = healer("    heal_symptoms: true");
    Incident db = book.raise("db", "tcp_unreachable", Severity.CRITICAL, "refused").orElseThrow();
    Incident api = book.raise("api", "http_error", Severity.WARNING, "status 500").orElseThrow();
    assertThat(book.rootOf(api.id())).contains(db);

    healer.take(api);

    await().atMost(Duration.ofSeconds(10)).until(() -> book.openIncident(api.id()).isEmpty());
    assertThat(store.ledger().attempts(api.id(), "poke")).isEqualTo(1);
    assertThat(timeline(api)).noneMatch(e -> e.startsWith("healing_skipped"));
    // Healed, not closed quietly: an action touched it.
    assertThat(store.incidents().get(api.id()).orElseThrow().resolutionStatus()).isEqualTo(Incident.RESOLVED);
  }
}
