package dev.medic.silence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medic.config.ConfigLoader;
import dev.medic.config.LabelMatcher;
import dev.medic.config.MedicConfig;
import dev.medic.heal.CircuitBreaker;
import dev.medic.heal.Guard;
import dev.medic.heal.Hold;
import dev.medic.runtime.Plugins;
import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import dev.medic.store.AuditEntry;
import dev.medic.store.Silence;
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

/** What the book holds and mutes, on a settable clock over a real store. */
class SilenceBookTest {

  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

  @TempDir Path dir;
  private final SettableClock clock = new SettableClock(T0);
  private SqliteStore store;
  private MedicConfig cfg;
  private SilenceBook book;
  private SilenceDesk desk;

  @BeforeEach
  void open() throws Exception {
    store = SqliteStore.open(dir.resolve("medic.db"));
    cfg = config("");
    book = new SilenceBook(store, () -> cfg, clock);
    desk = new SilenceDesk(store, clock, book::refresh);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static MedicConfig config(String maintenance) throws Exception {
    return new ConfigLoader(Plugins.registry(), name -> null).parse("medic.yaml", """
        targets:
          - name: db-1
            labels: {team: data, tier: primary}
            checks: [{type: http, url: "http://127.0.0.1:1/health"}]
          - name: db-2
            labels: {team: data}
            checks: [{type: http, url: "http://127.0.0.1:1/health"}]
          - name: web
            checks: [{type: http, url: "http://127.0.0.1:1/health"}]
        strategies:
          - name: poke
            conditions: [http_error]
            action: { type: command, command: ["/bin/true"] }
            cooldown: 0s
        """ + maintenance);
  }

  private static Incident incident(String target, String condition) {
    return Incident.open(target, condition, Severity.WARNING, "status 500", T0);
  }

  private Silence silence(Duration length, boolean allowHealing, String... matchers) {
    return desk.create(new SilenceRequest(List.of(matchers).stream().map(LabelMatcher::parse).toList(), null, null,
        length, "disk swap", "alice", allowHealing));
  }

  private Guard.Decision guard(Incident incident) {
    Guard guard = new Guard(store.ledger(), new CircuitBreaker(cfg.agent().breaker(), clock), clock, List.of(book));
    return guard.check(incident, cfg.strategies().getFirst(), cfg.target(incident.target()).orElseThrow(),
        cfg.agent());
  }

  @Test
  void suppressesExactlyTheIncidentsItsMatchersSelect() {
    Silence s = silence(Duration.ofHours(1), false, "team=data", "tier!=replica", "condition=~http_.*");

    assertThat(book.on(incident("db-1", "http_error"), T0)).contains(
        new Hold.Held("held by silence " + s.id() + " until 2026-11-30T11:00:00Z: disk swap", T0.plusSeconds(3600)));
    assertThat(book.mutes(incident("db-2", "http_error"), T0)).contains(
        "silenced by silence " + s.id() + " until 2026-11-30T11:00:00Z: disk swap");
    // Another label, another condition, a target without the label: none held, none muted.
    assertThat(book.on(incident("web", "http_error"), T0)).isEmpty();
    assertThat(book.mutes(incident("web", "http_error"), T0)).isEmpty();
    assertThat(book.on(incident("db-1", "process_exited"), T0)).isEmpty();
    assertThat(book.mutes(incident("db-1", "process_exited"), T0)).isEmpty();
  }

  @Test
  void aNegativeMatcherSelectsTargetsThatLackTheLabel() {
    silence(Duration.ofHours(1), false, "team!=data");

    assertThat(book.on(incident("web", "http_error"), T0)).isPresent();
    assertThat(book.on(incident("db-1", "http_error"), T0)).isEmpty();
  }

  @Test
  void theGuardWaitsUntilTheSilenceEndsAndAllowsFromThen() {
    Silence s = silence(Duration.ofMinutes(30), false, "target=db-1");
    Incident db = incident("db-1", "http_error");

    Guard.Decision held = guard(db);
    assertThat(held.allowed()).isFalse();
    assertThat(held.reason()).isEqualTo("held by silence " + s.id() + " until 2026-11-30T10:30:00Z: disk swap");
    assertThat(held.retryAt()).isEqualTo(T0.plus(Duration.ofMinutes(30)));
    assertThat(guard(incident("db-2", "http_error")).allowed()).isTrue();

    clock.set(T0.plus(Duration.ofMinutes(30)).minusMillis(1));
    assertThat(guard(db).allowed()).isFalse();
    clock.set(T0.plus(Duration.ofMinutes(30)));
    assertThat(guard(db).allowed()).isTrue();
    assertThat(book.mutes(db, clock.instant())).isEmpty();
    assertThat(book.active(clock.instant())).isEmpty();
  }

  @Test
  void allowHealingLetsTheGuardActWhileMessagesStayMuted() {
    silence(Duration.ofHours(1), true, "target=db-1");
    Incident db = incident("db-1", "http_error");

    assertThat(guard(db).allowed()).isTrue();
    assertThat(book.on(db, T0)).isEmpty();
    assertThat(book.mutes(db, T0)).isPresent();
  }

  @Test
  void expiringEarlyEndsItAtOnceAndTheAuditNamesWhoMadeAndWhoEndedIt() {
    Silence s = silence(Duration.ofHours(1), false, "target=db-1");
    clock.advance(Duration.ofMinutes(10));

    Silence expired = desk.expire(s.id(), "bob").orElseThrow();

    assertThat(expired.endsAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
    assertThat(book.on(incident("db-1", "http_error"), clock.instant())).isEmpty();
    assertThat(guard(incident("db-1", "http_error")).allowed()).isTrue();
    assertThat(desk.expire(s.id() + 1, "bob")).isEmpty();
    assertThatThrownBy(() -> desk.expire(s.id(), "bob")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ended already");
    List<AuditEntry> rows = store.audit().list(null, 10).stream()
        .filter(a -> a.kind().equals(SilenceDesk.AUDIT_KIND)).toList().reversed();
    assertThat(rows).extracting(AuditEntry::result, AuditEntry::actor)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("created", "alice"),
            org.assertj.core.groups.Tuple.tuple("expired", "bob"));
    assertThat(rows.getFirst().detail()).isEqualTo("silence " + s.id()
        + " on target=\"db-1\" until 2026-11-30T11:00:00Z: disk swap (alice)");
  }

  @Test
  void aSilenceThatStartsLaterHoldsNothingBeforeItsStart() {
    desk.create(new SilenceRequest(List.of(LabelMatcher.parse("target=db-1")), T0.plus(Duration.ofHours(1)),
        T0.plus(Duration.ofHours(2)), null, "upgrade", "alice", false));
    Incident db = incident("db-1", "http_error");

    assertThat(book.on(db, T0)).isEmpty();
    clock.set(T0.plus(Duration.ofHours(1)));
    assertThat(book.on(db, clock.instant())).map(Hold.Held::until).contains(T0.plus(Duration.ofHours(2)));
  }

  @Test
  void badRequestsNameTheFieldThatIsWrong() {
    List<LabelMatcher> db = List.of(LabelMatcher.parse("target=db-1"));
    assertThatThrownBy(() -> desk.create(new SilenceRequest(List.of(), null, null, Duration.ofHours(1), "c", "a",
        false))).hasMessageStartingWith("matchers must list at least one matcher");
    assertThatThrownBy(() -> desk.create(new SilenceRequest(db, null, null, Duration.ofHours(1), " ", "a", false)))
        .hasMessageStartingWith("comment is required");
    assertThatThrownBy(() -> desk.create(new SilenceRequest(db, null, null, Duration.ofHours(1), "c", null, false)))
        .hasMessageStartingWith("author is required");
    assertThatThrownBy(() -> desk.create(new SilenceRequest(db, null, null, null, "c", "a", false)))
        .hasMessageStartingWith("ends_at or duration is required");
    assertThatThrownBy(() -> desk.create(new SilenceRequest(db, null, T0.plusSeconds(60), Duration.ofHours(1), "c",
        "a", false))).hasMessageStartingWith("ends_at and duration: give one of them");
    assertThatThrownBy(() -> desk.create(new SilenceRequest(db, null, T0.minusSeconds(60), null, "c", "a", false)))
        .hasMessageStartingWith("ends_at must be after starts_at");
    assertThatThrownBy(() -> desk.create(new SilenceRequest(db, T0.minusSeconds(120), T0.minusSeconds(60), null,
        "c", "a", false))).hasMessageStartingWith("ends_at must be in the future");
    assertThatThrownBy(() -> desk.create(new SilenceRequest(db, null, null, Duration.ZERO, "c", "a", false)))
        .hasMessageStartingWith("duration must be more than 0");
    assertThat(store.silences().list(T0, true)).isEmpty();
  }

  @Test
  void aSilenceWrittenByAnotherProcessCountsWithinASecond() {
    Incident db = incident("db-1", "http_error");
    assertThat(book.on(db, T0)).isEmpty();
    try (SqliteStore cli = SqliteStore.open(dir.resolve("medic.db"))) {
      new SilenceDesk(cli, clock, () -> {}).create(new SilenceRequest(List.of(LabelMatcher.parse("target=db-1")),
          null, null, Duration.ofHours(1), "from the command line", "carol", false));
    }

    clock.advance(Duration.ofMillis(999));
    assertThat(book.on(db, clock.instant())).as("read less than a second ago").isEmpty();
    clock.advance(Duration.ofMillis(1));
    assertThat(book.on(db, clock.instant())).map(Hold.Held::reason).hasValueSatisfying(r ->
        assertThat(r).contains("from the command line"));
  }

  @Test
  void aOneOffWindowFromTheConfigHoldsOnlyBetweenItsStartAndEnd() throws Exception {
    cfg = config("""
        maintenance:
          - name: disk-swap
            matchers: [{name: team, value: data}]
            start: 2026-11-30T12:00:00+01:00
            end: 2026-11-30T13:00:00+01:00
            comment: new disks
        """);
    Incident db = incident("db-2", "http_error");

    assertThat(book.on(db, T0.plusSeconds(3600).minusMillis(1))).isEmpty();
    assertThat(book.on(db, T0.plusSeconds(3600))).contains(new Hold.Held(
        "held by maintenance window 'disk-swap' until 2026-11-30T12:00:00Z: new disks", T0.plusSeconds(7200)));
    assertThat(book.on(incident("web", "http_error"), T0.plusSeconds(3600))).isEmpty();
    assertThat(book.on(db, T0.plusSeconds(7200))).isEmpty();
  }

  @Test
  void aRecurringWindowFollowsItsCronInItsZoneAcrossTheChangeToSummerTime() throws Exception {
    // 01:00 to 03:00 Berlin time every night: 00:00Z-02:00Z in winter, 23:00Z-01:00Z in summer.
    // Summer time starts on 2026-03-29 at 02:00 local.
    cfg = config("""
        maintenance:
          - name: nightly
            matchers: [{name: target, value: db-1}]
            schedule: "0 1 * * *"
            duration: 2h
            zone: Europe/Berlin
        """);
    Incident db = incident("db-1", "http_error");

    assertThat(book.on(db, Instant.parse("2026-03-28T00:00:00Z"))).map(Hold.Held::until)
        .contains(Instant.parse("2026-03-28T02:00:00Z"));
    assertThat(book.on(db, Instant.parse("2026-03-28T01:59:59Z"))).isPresent();
    assertThat(book.on(db, Instant.parse("2026-03-28T02:00:00Z"))).isEmpty();
    assertThat(book.on(db, Instant.parse("2026-03-28T23:30:00Z"))).as("00:30 local, before the window").isEmpty();
    // The night of the change: 01:00 CET is 00:00Z, and the two hours end at 02:00Z (04:00 CEST).
    assertThat(book.on(db, Instant.parse("2026-03-29T01:30:00Z"))).map(Hold.Held::until)
        .contains(Instant.parse("2026-03-29T02:00:00Z"));
    // The first summer night: 01:00 CEST is 23:00Z the evening before.
    assertThat(book.on(db, Instant.parse("2026-03-29T22:59:59Z"))).isEmpty();
    assertThat(book.on(db, Instant.parse("2026-03-29T23:00:00Z"))).map(Hold.Held::until)
        .contains(Instant.parse("2026-03-30T01:00:00Z"));
    assertThat(book.on(db, Instant.parse("2026-03-30T00:59:59Z"))).isPresent();
    assertThat(book.on(db, Instant.parse("2026-03-30T01:00:00Z"))).isEmpty();
    assertThat(book.on(incident("db-2", "http_error"), Instant.parse("2026-03-29T23:30:00Z"))).isEmpty();
  }

  @Test
  void activeListsEachSilenceAndWindowOnALineWithWhatItMatchesUntilWhenWhyAndWho() throws Exception {
    cfg = config("""
        maintenance:
          - name: hourly-vacuum
            matchers: [{name: team, operator: "=~", value: "data|cache"}]
            schedule: "0 * * * *"
            duration: 15m
            comment: vacuum
            allow_healing: true
        """);
    Silence s = silence(Duration.ofHours(1), false, "target=db-1", "condition!=process_exited");

    assertThat(book.active(T0.plusSeconds(60))).extracting(Suppression::line).containsExactly(
        "silence " + s.id() + " on target=\"db-1\", condition!=\"process_exited\" until 2026-11-30T11:00:00Z:"
            + " disk swap (alice)",
        "maintenance window 'hourly-vacuum' on team=~\"data|cache\" until 2026-11-30T10:15:00Z (healing allowed):"
            + " vacuum (config)");
    assertThat(book.active(T0.plus(Duration.ofMinutes(20)))).hasSize(1);
  }
}
