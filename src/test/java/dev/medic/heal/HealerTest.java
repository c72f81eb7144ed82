package dev.medic.heal;

import dev.medic.runtime.Plugins;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.config.ConfigLoader;
import dev.medic.config.MedicConfig;
import dev.medic.spi.Incident;
import dev.medic.incident.IncidentBook;
import dev.medic.spi.Severity;
import dev.medic.store.SqliteStore;
import dev.medic.spi.Bindings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The healer on its own: a real store and incident book, a verifier that the test plays. */
class HealerTest {

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

  private Healer healer(Verifier verifier) throws Exception {
    return healer(verifier, "");
  }

  private Healer healer(Verifier verifier, String agent) throws Exception {
    MedicConfig cfg = new ConfigLoader(Plugins.registry()).parse("medic.yaml", agent + """
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
    Bindings bindings = Bindings.none();
    return new Healer(() -> cfg, book,
        new Guard(store.ledger(), new CircuitBreaker(cfg.agent().breaker(), clock), clock),
        new ActionRunner(book, store, verifier, bindings, clock, (target, strategy, result) -> {}),
        new ApprovalDesk(store, clock));
  }

  @Test
  void conditionThatClearsAndComesBackDuringVerifyStaysOneIncident() throws Exception {
    Incident first = book.raise("api", "http_error", Severity.WARNING, "status 500").orElseThrow();
    // While the action is verified the condition clears and comes back at once: the clear is only
    // noted (the verify decides), and the comeback is the same incident, not a new one.
    Healer healer = healer((incident, actedAt, timeout) -> {
      book.clear("api", "http_error", "condition cleared: status 200");
      assertThat(book.raise("api", "http_error", Severity.WARNING, "status 500 again")).isEmpty();
      return new Verifier.Result(false, 1, "healthy for 300 ms, then http_error came back");
    });
    healer.take(first);
    await().atMost(Duration.ofSeconds(10)).until(() -> !healer.busy());

    assertThat(book.openIncidents()).singleElement().satisfies(i -> assertThat(i.id()).isEqualTo(first.id()));
    assertThat(store.incidents().timeline(first.id())).extracting(e -> e.event())
        .containsSubsequence("opened", "healing", "condition_cleared", "attempt_failed");
  }

  @Test
  void healedAttemptResolvesItsIncidentOnlyAfterTheVerify() throws Exception {
    Incident first = book.raise("api", "http_error", Severity.WARNING, "status 500").orElseThrow();
    Healer healer = healer((incident, actedAt, timeout) -> {
      book.clear("api", "http_error", "condition cleared: status 200");
      assertThat(book.openIncident(first.id())).isPresent();
      return new Verifier.Result(true, 0, "condition cleared and every check healthy");
    });
    healer.take(first);
    await().atMost(Duration.ofSeconds(10)).until(() -> !healer.busy());

    assertThat(store.incidents().get(first.id()).orElseThrow().resolutionDetails())
        .startsWith("healed by poke attempt 1/1");
  }

  @Test
  void failedAttemptStreakSurvivesARestartOfMedicAsBackoff() throws Exception {
    java.time.Instant now = clock.instant();
    for (int i = 3; i > 0; i--) {
      dev.medic.store.HealingLedger.Attempt earlier =
          store.ledger().begin(99L, "api", "poke", "command /bin/true", now.minusSeconds(i));
      store.ledger().finish(earlier, dev.medic.store.AttemptResult.FAILED, "earlier run", now.minusSeconds(i));
    }
    Healer healer = healer((incident, actedAt, timeout) -> new Verifier.Result(true, 0, "healed"), """
        agent: { backoff: 10ms, backoff_max: 1s }
        """);
    healer.recoverInterrupted();
    Incident incident = book.raise("api", "http_error", Severity.WARNING, "status 500").orElseThrow();
    healer.take(incident);
    await().atMost(Duration.ofSeconds(10)).until(() -> !healer.busy());

    assertThat(store.audit().list(incident.id(), 100)).anySatisfy(a -> {
      assertThat(a.kind()).isEqualTo("decision");
      assertThat(a.detail()).isEqualTo("backoff 40 ms before next attempt");
    });
  }
}
