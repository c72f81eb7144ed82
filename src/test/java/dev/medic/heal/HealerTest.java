package dev.medic.heal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.config.ConfigLoader;
import dev.medic.config.MedicConfig;
import dev.medic.incident.Incident;
import dev.medic.incident.IncidentBook;
import dev.medic.incident.Severity;
import dev.medic.notify.Escalator;
import dev.medic.store.SqliteStore;
import java.net.http.HttpClient;
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
    MedicConfig cfg = new ConfigLoader().parse("medic.yaml", """
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
    HttpClient http = HttpClient.newHttpClient();
    return new Healer(() -> cfg, book, store,
        new Guard(store, new CircuitBreaker(cfg.agent().breaker(), clock), clock), verifier,
        new Escalator(book, store, cfg::escalation, http, clock), null, http, clock,
        new ApprovalDesk(store, clock), (target, strategy, result) -> {});
  }

  @Test
  void healedAttemptResolvesItsOwnIncidentNeverALaterOneOfTheSameCondition() throws Exception {
    Incident first = book.raise("api", "http_error", Severity.WARNING, "status 500").orElseThrow();
    // While the action is verified the incident clears and the condition comes back at once: a new
    // incident, which the healed attempt on the first one must leave open.
    Healer healer = healer((incident, actedAt, timeout) -> {
      book.clear("api", "http_error", "condition cleared: status 200");
      book.raise("api", "http_error", Severity.WARNING, "status 500 again");
      return new Verifier.Result(true, 0, "condition cleared and every check healthy");
    });
    healer.take(first);
    await().atMost(Duration.ofSeconds(10)).until(() -> !healer.busy());

    assertThat(store.incident(first.id()).orElseThrow().resolutionDetails()).isEqualTo("condition cleared: status 200");
    assertThat(book.openIncident("api", "http_error")).hasValueSatisfying(i -> {
      assertThat(i.id()).isNotEqualTo(first.id());
      assertThat(i.message()).isEqualTo("status 500 again");
    });
  }
}
