package dev.medic.silence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.config.ConfigLoader;
import dev.medic.config.LabelMatcher;
import dev.medic.config.MedicConfig;
import dev.medic.config.TargetConfig;
import dev.medic.incident.IncidentBook;
import dev.medic.notify.Escalator;
import dev.medic.notify.RootCauses;
import dev.medic.runtime.Plugins;
import dev.medic.spi.Bindings;
import dev.medic.spi.ChannelContext;
import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import dev.medic.store.Silence;
import dev.medic.store.SqliteStore;
import dev.medic.support.SettableClock;
import dev.medic.support.TestHttpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The book as the escalator's mute: a silenced target is not paged until its silence ends. */
class SilencedPagingTest {

  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

  @TempDir Path dir;
  private final SettableClock clock = new SettableClock(T0);
  private SqliteStore store;
  private IncidentBook book;
  private TestHttpServer oncall;
  private Escalator escalator;

  @BeforeEach
  void open() throws Exception {
    store = SqliteStore.open(dir.resolve("medic.db"));
    book = new IncidentBook(store, clock);
    oncall = new TestHttpServer(() -> 200);
  }

  @AfterEach
  void close() throws Exception {
    escalator.drain(Duration.ofSeconds(5));
    oncall.close();
    store.close();
  }

  @Test
  void pagesForASilencedTargetWaitUntilTheSilenceEndsWhileOtherTargetsArePagedAtOnce() throws Exception {
    MedicConfig cfg = new ConfigLoader(Plugins.registry(), name -> null).parse("medic.yaml", """
        targets:
          - name: api
            labels: {team: web}
            checks: [{type: http, url: "http://127.0.0.1:1/health"}]
          - name: db
            labels: {team: data}
            checks: [{type: http, url: "http://127.0.0.1:1/health"}]
        escalation:
          channels:
            - type: webhook
              url: %s
        """.formatted(oncall.url("/hook")));
    SilenceBook silences = new SilenceBook(store, () -> cfg, clock);
    Silence silence = new SilenceDesk(store, clock, silences::refresh).create(new SilenceRequest(
        List.of(LabelMatcher.parse("team=web")), null, null, Duration.ofMinutes(30), "deploy", "alice", false));
    escalator = new Escalator(book, store, store.outbox(), cfg::escalation,
        target -> cfg.target(target).map(TargetConfig::labels).orElse(Map.of()), silences, RootCauses.none(),
        new ChannelContext(Bindings.none()), clock);

    Incident api = book.raise("api", "http_error", Severity.CRITICAL, "status 500").orElseThrow();
    Incident db = book.raise("db", "http_error", Severity.CRITICAL, "status 500").orElseThrow();
    book.escalate(api.id(), "ladder exhausted");
    book.escalate(db.id(), "ladder exhausted");
    await().atMost(Duration.ofSeconds(5)).until(() -> oncall.requests().size() == 1);
    escalator.tick();

    assertThat(oncall.requests()).singleElement().satisfies(r -> assertThat(r.body())
        .contains("\"target\":\"db\""));
    assertThat(store.incidents().timeline(api.id())).filteredOn(e -> e.event().equals("page_held"))
        .singleElement().satisfies(e -> assertThat(e.detail()).isEqualTo("pages held back: silenced by silence "
            + silence.id() + " until 2026-11-30T10:30:00Z: deploy"));

    clock.set(silence.endsAt());
    escalator.tick();
    await().atMost(Duration.ofSeconds(5)).until(() -> oncall.requests().size() == 2);
    assertThat(oncall.requests().get(1).body()).contains("\"target\":\"api\"");
  }
}
