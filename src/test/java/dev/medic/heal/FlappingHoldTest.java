package dev.medic.heal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.config.ConfigLoader;
import dev.medic.config.MedicConfig;
import dev.medic.incident.IncidentBook;
import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import dev.medic.store.SqliteStore;
import dev.medic.support.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Guard holds actions on a flapping target, over a real store and incident book, on a clock the test moves. */
class FlappingHoldTest {

  @TempDir Path dir;
  private SqliteStore store;
  private IncidentBook book;
  private Guard guard;
  private MedicConfig cfg;
  private final SettableClock clock = new SettableClock(Instant.parse("2026-11-01T10:00:00Z"));

  @BeforeEach
  void open() throws Exception {
    store = SqliteStore.open(dir.resolve("medic.db"));
    book = new IncidentBook(store, clock);
    guard = new Guard(store.ledger(), new CircuitBreaker(config().agent().breaker(), clock),
        clock, List.of(new FlappingHold(book, Duration.ofSeconds(30))));
  }

  private MedicConfig config() throws Exception {
    cfg = new ConfigLoader(dev.medic.runtime.Plugins.registry()).parse("medic.yaml", """
        targets:
          - name: web
            checks: [{type: http, url: "http://127.0.0.1:1/health"}]
          - name: db
            checks: [{type: http, url: "http://127.0.0.1:2/health"}]
        strategies:
          - name: restart
            conditions: [http_error, flapping]
            action: { type: command, command: ["/bin/true"] }
        """);
    return cfg;
  }

  @AfterEach
  void close() {
    store.close();
  }

  private Guard.Decision check(Incident incident) {
    return guard.check(incident, cfg.strategies().getFirst(), cfg.target(incident.target()).orElseThrow(), cfg.agent());
  }

  private Incident raise(String target, String condition) {
    return book.raise(target, condition, Severity.WARNING, "seen").orElseThrow();
  }

  @Test
  void actionsOnAFlappingTargetWaitAndAreAskedAgainShortlyUntilItSettles() {
    Incident down = raise("web", "http_error");
    assertThat(check(down).allowed()).isTrue();

    Incident flapping = raise("web", "flapping");
    Guard.Decision held = check(down);
    assertThat(held.allowed()).isFalse();
    assertThat(held.waitable()).as("a hold waits, it does not hand the incident to people").isTrue();
    assertThat(held.retryAt()).isEqualTo(clock.instant().plusSeconds(30));
    assertThat(held.reason()).isEqualTo("web is flapping (incident #" + flapping.id() + "): healing waits until it settles");

    clock.advance(Duration.ofSeconds(30));
    assertThat(check(down).retryAt()).as("asked again, still flapping").isEqualTo(clock.instant().plusSeconds(30));

    book.clear("web", "flapping", "settled");
    assertThat(check(down).allowed()).isTrue();
  }

  @Test
  void holdsOnlyTheFlappingTargetAndNotTheFlappingIncidentItself() {
    Incident flapping = raise("web", "flapping");
    assertThat(check(raise("db", "http_error")).allowed()).as("another target").isTrue();
    assertThat(check(flapping).allowed()).as("a strategy bound to flapping itself").isTrue();
  }
}
