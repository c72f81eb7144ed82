package dev.medic.silence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.config.ConfigLoader;
import dev.medic.config.LabelMatcher;
import dev.medic.config.MedicConfig;
import dev.medic.heal.ActionRunner;
import dev.medic.heal.ApprovalDesk;
import dev.medic.heal.CircuitBreaker;
import dev.medic.heal.Guard;
import dev.medic.heal.Healer;
import dev.medic.heal.Verifier;
import dev.medic.incident.IncidentBook;
import dev.medic.runtime.Plugins;
import dev.medic.spi.Bindings;
import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import dev.medic.store.AuditEntry;
import dev.medic.store.Silence;
import dev.medic.store.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real healer under a silence: it holds the action while the silence lasts and acts right after
 * it ends. The healer waits in real time for the moment the guard names, so this test runs on the
 * system clock with a silence of a second and a half.
 */
class SilencedHealingTest {

  @TempDir Path dir;
  private final Clock clock = Clock.systemUTC();
  private SqliteStore store;
  private IncidentBook book;

  @BeforeEach
  void open() {
    store = SqliteStore.open(dir.resolve("medic.db"));
    book = new IncidentBook(store, clock);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void holdsTheActionWhileTheSilenceLastsAndActsRightAfterItEnds() throws Exception {
    MedicConfig cfg = new ConfigLoader(Plugins.registry()).parse("medic.yaml", """
        targets:
          - name: api
            checks: [{type: http, url: "http://127.0.0.1:1/health"}]
        strategies:
          - name: poke
            conditions: [http_error]
            action: { type: command, command: ["/bin/true"] }
            max_attempts: 1
            cooldown: 0s
        """);
    SilenceBook silences = new SilenceBook(store, () -> cfg, clock);
    Silence silence = new SilenceDesk(store, clock, silences::refresh).create(new SilenceRequest(
        List.of(LabelMatcher.parse("target=api")), null, null, Duration.ofMillis(1500), "deploy", "alice", false));
    List<Instant> actedAt = new CopyOnWriteArrayList<>();
    Healer healer = new Healer(() -> cfg, book,
        new Guard(store.ledger(), new CircuitBreaker(cfg.agent().breaker(), clock), clock, List.of(silences)),
        new ActionRunner(book, store, (incident, at, timeout) -> {
          actedAt.add(at);
          return new Verifier.Result(true, 0, "healthy");
        }, Bindings.none(), clock, (target, strategy, result) -> {}),
        new ApprovalDesk(store, clock));

    Incident incident = book.raise("api", "http_error", Severity.WARNING, "status 500").orElseThrow();
    healer.take(incident);
    await().atMost(Duration.ofSeconds(10)).until(() -> !healer.busy());

    assertThat(actedAt).singleElement().satisfies(at -> {
      assertThat(at).isAfterOrEqualTo(silence.endsAt());
      assertThat(Duration.between(silence.endsAt(), at)).isLessThan(Duration.ofSeconds(1));
    });
    List<AuditEntry> audit = store.audit().list(incident.id(), 100).reversed();
    assertThat(audit).filteredOn(a -> a.kind().equals("skipped")).singleElement().satisfies(a -> {
      assertThat(a.detail()).isEqualTo("held by silence " + silence.id() + " until " + silence.endsAt() + ": deploy");
      assertThat(a.at()).isBefore(silence.endsAt());
    });
    assertThat(store.incidents().get(incident.id()).orElseThrow().resolutionDetails())
        .startsWith("healed by poke attempt 1/1");
  }
}
