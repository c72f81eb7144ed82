package dev.medic.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.config.Redactor;
import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import dev.medic.spi.TimelineEvent;
import dev.medic.store.AuditEntry;
import dev.medic.store.SqliteStore;
import dev.medic.support.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One incident per root cause, on a real SQLite store and a settable clock: web depends on api,
 * api on db. The book links incidents of dependents to the open incident upstream, keeps the links
 * across a restart, and hands back the symptoms that still hold when their root resolves.
 */
class RootCauseTest {

  private static final Map<String, List<String>> DEPENDS_ON = Map.of("web", List.of("api"), "api", List.of("db"));

  @TempDir Path dir;
  private final SettableClock clock = new SettableClock(Instant.parse("2026-11-01T10:00:00Z"));
  private final RecordingBus events = new RecordingBus();
  private SqliteStore store;
  private IncidentBook book;

  /** Hears every published event at once, in order. */
  private static final class RecordingBus implements EventBus {
    final List<IncidentEvent> published = new CopyOnWriteArrayList<>();

    @Override
    public void publish(IncidentEvent event) {
      published.add(event);
    }

    @Override
    public AutoCloseable subscribe(String name, Consumer<IncidentEvent> subscriber) {
      throw new UnsupportedOperationException("the test reads what was published");
    }

    List<String> names() {
      return published.stream().map(e -> e.getClass().getSimpleName() + " #" + e.incident().id()).toList();
    }
  }

  @BeforeEach
  void open() {
    store = SqliteStore.open(dir.resolve("medic.db"));
    book = newBook(DEPENDS_ON);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private IncidentBook newBook(Map<String, List<String>> dependsOn) {
    return new IncidentBook(store, clock, Redactor::none, events, t -> dependsOn.getOrDefault(t, List.of()));
  }

  private Incident down(String target, String condition) {
    clock.advance(Duration.ofSeconds(1));
    return book.raise(target, condition, Severity.CRITICAL, target + " is down").orElseThrow();
  }

  private List<String> timeline(Incident i) {
    return store.incidents().timeline(i.id()).stream().map(e -> e.event() + ": " + e.detail()).toList();
  }

  private List<String> audit(Incident i) {
    return store.audit().list(i.id(), 100).reversed().stream().map(a -> a.kind() + ": " + a.detail()).toList();
  }

  @Test
  void opensAsASymptomWhenItsDependencyIsAlreadyDown() {
    Incident db = down("db", "tcp_unreachable");
    Incident api = down("api", "http_error");

    assertThat(book.rootOf(api.id())).contains(db);
    assertThat(book.rootOf(db.id())).isEmpty();
    assertThat(book.symptomsOf(db.id())).containsExactly(api);
    assertThat(book.openIncidents()).hasSize(2);
    assertThat(timeline(api)).containsExactly("opened: api is down", "linked: symptom of #" + db.id() + " db tcp_unreachable");
    assertThat(timeline(db)).contains("symptom: #" + api.id() + " api http_error linked as a symptom");
    assertThat(audit(api)).containsExactly("opened: http_error: api is down",
        "linked: symptom of #" + db.id() + " db tcp_unreachable");
    assertThat(events.names()).containsExactly("Opened #" + db.id(), "Opened #" + api.id(), "Linked #" + api.id());
    assertThat(store.links().active()).singleElement().satisfies(l -> {
      assertThat(l.symptomId()).isEqualTo(api.id());
      assertThat(l.rootId()).isEqualTo(db.id());
      assertThat(l.linkedAt()).isEqualTo(clock.instant());
    });
  }

  @Test
  void aRootThatOpensLaterTakesInItsDependentsIncidentsAlreadyOpen() {
    Incident web = down("web", "http_error");
    Incident api = down("api", "http_error");
    // web already waits on api: api is its root until db turns out to be down too.
    assertThat(book.rootOf(web.id())).contains(api);

    Incident db = down("db", "tcp_unreachable");

    assertThat(book.rootOf(api.id())).contains(db);
    assertThat(book.rootOf(web.id())).as("links never chain: the root is the incident medic heals").contains(db);
    assertThat(book.symptomsOf(db.id())).containsExactly(web, api);
    assertThat(book.symptomsOf(api.id())).isEmpty();
    assertThat(store.links().active()).extracting(l -> l.symptomId() + "->" + l.rootId())
        .containsExactlyInAnyOrder(api.id() + "->" + db.id(), web.id() + "->" + db.id());
    assertThat(timeline(web)).containsSubsequence("linked: symptom of #" + api.id() + " api http_error",
        "linked: symptom of #" + db.id() + " db tcp_unreachable");
  }

  @Test
  void aTargetDownTheChainIsASymptomOfTheRootTwoHopsUp() {
    Incident db = down("db", "tcp_unreachable");
    Incident web = down("web", "http_error");

    assertThat(book.rootOf(web.id())).contains(db);
    assertThat(book.affectedTargets(db.id())).containsExactly("web");
  }

  @Test
  void aSymptomThatStillHoldsWhenTheRootResolvesBecomesAnIncidentOfItsOwn() {
    Incident db = down("db", "tcp_unreachable");
    Incident api = down("api", "http_error");
    Incident web = down("web", "http_error");
    events.published.clear();
    clock.advance(Duration.ofSeconds(30));

    book.clear("db", "tcp_unreachable", "condition cleared: connected");

    assertThat(book.openIncident(db.id())).isEmpty();
    assertThat(book.openIncident(api.id())).isPresent();
    assertThat(book.rootOf(api.id())).isEmpty();
    // web still fails while api does: api is its root now.
    assertThat(book.rootOf(web.id())).contains(book.openIncident(api.id()).orElseThrow());
    assertThat(timeline(api)).contains("unlinked: root #" + db.id() + " resolved; api http_error still holds");
    assertThat(audit(api)).contains("unlinked: root #" + db.id() + " resolved; api http_error still holds");
    assertThat(timeline(db)).contains("symptom_unlinked: #" + api.id() + " api http_error still holds");
    assertThat(events.names()).containsExactly("Resolved #" + db.id(), "Unlinked #" + api.id(),
        "Unlinked #" + web.id(), "Linked #" + web.id());
    assertThat(store.incidents().get(db.id()).orElseThrow().symptom()).isFalse();
    assertThat(store.links().ofRoot(db.id())).allSatisfy(l -> assertThat(l.unlinkedAt()).isEqualTo(clock.instant()));
    assertThat(book.affectedTargets(db.id())).containsExactly("api", "web");
  }

  @Test
  void aSymptomThatClearsClosesQuietlyAndTheRootsAllClearStillNamesIt() {
    Incident db = down("db", "tcp_unreachable");
    Incident api = down("api", "http_error");
    clock.advance(Duration.ofSeconds(10));

    book.clear("api", "http_error", "condition cleared: status 200");

    Incident closed = store.incidents().get(api.id()).orElseThrow();
    assertThat(closed.symptom()).as("no all-clear of its own").isTrue();
    assertThat(closed.resolutionDetails())
        .isEqualTo("condition cleared: status 200 (a symptom of #" + db.id() + " db; closed quietly)");
    assertThat(book.symptomsOf(db.id())).isEmpty();
    assertThat(store.links().active()).isEmpty();

    events.published.clear();
    book.clear("db", "tcp_unreachable", "condition cleared: connected");
    assertThat(events.names()).containsExactly("Resolved #" + db.id());
    assertThat(book.affectedTargets(db.id())).containsExactly("api");
    assertThat(book.linkedDuring(db.id())).extracting(Incident::id).containsExactly(api.id());
  }

  @Test
  void aSymptomThatWasPagedResolvesWithItsOwnAllClear() {
    Incident db = down("db", "tcp_unreachable");
    Incident api = down("api", "http_error");
    book.escalate(api.id(), "paged before the root was known");

    book.clear("api", "http_error", "condition cleared: status 200");

    assertThat(store.incidents().get(api.id()).orElseThrow().resolutionStatus()).isEqualTo(Incident.RESOLVED);
    assertThat(book.symptomsOf(db.id())).isEmpty();
  }

  @Test
  void linksAreReloadedWhenMedicRestarts() {
    Incident db = down("db", "tcp_unreachable");
    Incident api = down("api", "http_error");

    IncidentBook restarted = newBook(DEPENDS_ON);
    assertThat(restarted.rootOf(api.id())).isEmpty();
    restarted.resume();

    assertThat(restarted.rootOf(api.id())).hasValueSatisfying(r -> assertThat(r.id()).isEqualTo(db.id()));
    assertThat(restarted.symptomsOf(db.id())).extracting(Incident::id).containsExactly(api.id());
    events.published.clear();
    restarted.clear("db", "tcp_unreachable", "condition cleared: connected");
    assertThat(events.names()).containsExactly("Resolved #" + db.id(), "Unlinked #" + api.id());
    assertThat(restarted.rootOf(api.id())).isEmpty();
  }

  @Test
  void aTargetWithoutDependenciesKeepsItsIncidentsToItself() {
    Incident db = down("db", "tcp_unreachable");
    Incident cache = down("cache", "tcp_unreachable");

    assertThat(book.rootOf(cache.id())).isEmpty();
    assertThat(book.symptomsOf(db.id())).isEmpty();
    assertThat(store.links().active()).isEmpty();
  }

  @Test
  void aDependencyCycleIsWalkedOnceAndLinksStayOneLevelDeep() {
    book = newBook(Map.of("a", List.of("b"), "b", List.of("c"), "c", List.of("a")));
    Incident a = down("a", "http_error");
    Incident b = down("b", "http_error");
    Incident c = down("c", "http_error");

    assertThat(book.rootOf(a.id())).isEmpty();
    assertThat(book.rootOf(b.id())).contains(a);
    assertThat(book.rootOf(c.id())).contains(a);
  }

  @Test
  void flappingFoldsTheTargetsOtherConditionsLikeACrashLoop() {
    Incident error = down("web", "http_error");

    Incident flapping = down("web", "flapping");

    Incident folded = store.incidents().get(error.id()).orElseThrow();
    assertThat(folded.symptom()).isTrue();
    assertThat(folded.resolutionDetails()).isEqualTo("symptom of flapping incident #" + flapping.id());
    assertThat(timeline(flapping)).contains("symptom: incident #" + error.id() + " http_error folded into this flapping");
    // While it flaps, the target's other conditions are noted on it, not opened.
    assertThat(book.raise("web", "tcp_unreachable", Severity.WARNING, "refused")).isEmpty();
    assertThat(timeline(flapping)).contains("symptom: tcp_unreachable: refused");
    // Conditions that cover the whole target do not fold into each other.
    assertThat(book.raise("web", WholeTargetConditions.CRASH_LOOP, Severity.CRITICAL, "4 exits")).isPresent();
    assertThat(book.openIncidents("web")).extracting(Incident::condition)
        .containsExactlyInAnyOrder("flapping", "crash_loop");
  }

  @Test
  void aFoldedRootHandsItsSymptomsToTheIncidentThatFoldedIt() {
    Incident api = down("api", "http_error");
    Incident web = down("web", "http_error");
    assertThat(book.rootOf(web.id())).contains(api);

    Incident loop = down("api", WholeTargetConditions.CRASH_LOOP);

    assertThat(store.incidents().get(api.id()).orElseThrow().symptom()).isTrue();
    assertThat(book.rootOf(web.id())).contains(loop);
    assertThat(store.incidents().timeline(web.id())).extracting(TimelineEvent::event)
        .containsSubsequence("linked", "unlinked", "linked");
    assertThat(store.audit().list(web.id(), 100)).extracting(AuditEntry::kind).contains("linked", "unlinked");
  }
}
