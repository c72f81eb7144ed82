package dev.medic.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.config.ConfigLoader;
import dev.medic.config.MedicConfig;
import dev.medic.incident.IncidentBook;
import dev.medic.runtime.Plugins;
import dev.medic.spi.Incident;
import dev.medic.spi.Observation;
import dev.medic.spi.Report;
import dev.medic.spi.Report.Verdict;
import dev.medic.spi.Severity;
import dev.medic.spi.Status;
import dev.medic.store.AuditEntry;
import dev.medic.store.SqliteStore;
import dev.medic.support.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports made from a real SQLite store that the real incident book and store ports filled: each
 * verdict rule, the figures, the window and the label filter.
 */
class ReportBuilderTest {

  static final Instant START = Instant.parse("2026-03-01T06:00:00Z");

  @TempDir Path dir;
  private final SettableClock clock = new SettableClock(START);
  private SqliteStore store;
  private IncidentBook book;
  private MedicConfig config;
  private List<String> silences = List.of();

  @BeforeEach
  void open() throws Exception {
    store = SqliteStore.open(dir.resolve("medic.db"));
    book = new IncidentBook(store, clock);
    config = new ConfigLoader(Plugins.registry()).parse("medic.yaml", """
        targets:
          - name: api
            labels: {env: production}
            checks: [{type: tcp, host: 127.0.0.1, port: 1}]
          - name: stage-web
            labels: {env: staging}
            checks: [{type: tcp, host: 127.0.0.1, port: 1}]
        """);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private Report report(int hours) {
    return report(hours, Map.of());
  }

  private Report report(int hours, Map<String, String> labels) {
    return new ReportBuilder(store, clock, now -> silences).build(config, "ops", hours, labels, null);
  }

  /** One observation per minute for {@code minutes} minutes up to now, the last {@code downLast} of them down. */
  private void observe(String target, int minutes, int downLast) {
    Instant now = clock.instant();
    for (int m = minutes - 1; m >= 0; m--) {
      Status s = m < downLast ? Status.DOWN : Status.UP;
      store.observations().record(new Observation(now.minus(Duration.ofMinutes(m)), target, "tcp", s,
          Duration.ofMillis(3), Map.of(), s == Status.UP ? null : "connection_refused", ""));
    }
    store.observations().flush();
  }

  private void healthy() {
    observe("api", 240, 0);
    observe("stage-web", 240, 0);
  }

  private Incident raise(String target, String condition) {
    return book.raise(target, condition, Severity.CRITICAL, condition + " on " + target).orElseThrow();
  }

  private void attempt(Incident i, String result) {
    store.audit().append(AuditEntry.of(clock.instant(), i.id(), i.target(), "attempt", "restart", result,
        "restart attempt 1/3"));
  }

  @Test
  void isAllGoodWithoutReasonsWhenEveryTargetIsUpAndNothingHappened() {
    clock.advance(Duration.ofHours(4));
    healthy();

    Report r = report(4);

    assertThat(r.verdict()).isEqualTo(Verdict.ALL_GOOD);
    assertThat(r.reasons()).isEmpty();
    assertThat(r.targets()).extracting(Report.TargetLine::name, Report.TargetLine::status, Report.TargetLine::uptimePercent)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("api", Status.UP, 100.0),
            org.assertj.core.groups.Tuple.tuple("stage-web", Status.UP, 100.0));
    assertThat(r.incidents()).isEqualTo(new Report.Counts(0, 0, 0, 0, 0, 0));
    assertThat(r.healSuccessRate()).isNull();
    assertThat(r.mttrSeconds()).isNull();
  }

  @Test
  void findsErrorsWhenATargetIsDownNow() {
    clock.advance(Duration.ofHours(4));
    observe("api", 240, 1);
    observe("stage-web", 240, 0);

    Report r = report(4);

    assertThat(r.verdict()).isEqualTo(Verdict.ERRORS_INVESTIGATE);
    assertThat(r.reasons()).contains("api is down now");
    assertThat(r.targets().getFirst().status()).isEqualTo(Status.DOWN);
  }

  @Test
  void findsErrorsWhenAnOpenIncidentIsEscalated() {
    Incident i = raise("api", "connection_refused");
    book.escalate(i.id(), "nothing left to try");
    clock.advance(Duration.ofHours(5)); // opened and escalated before the window
    healthy();

    Report r = report(4);

    assertThat(r.verdict()).isEqualTo(Verdict.ERRORS_INVESTIGATE);
    assertThat(r.reasons()).containsExactly("incident #" + i.id() + " (api connection_refused) is open and escalated");
    assertThat(r.targets().getFirst().openIncident()).isEqualTo(i.id());
    assertThat(r.incidents().escalated()).isZero();
  }

  @Test
  void findsErrorsWhenAnIncidentWasEscalatedInTheWindowEvenIfItResolvedSince() {
    clock.advance(Duration.ofHours(1));
    Incident i = raise("api", "connection_refused");
    book.escalate(i.id(), "nothing left to try");
    book.clear("api", "connection_refused", "port answers again");
    clock.advance(Duration.ofHours(1));
    healthy();

    Report r = report(4);

    assertThat(r.verdict()).isEqualTo(Verdict.ERRORS_INVESTIGATE);
    assertThat(r.reasons()).contains("1 incident escalated in the last 4h");
    assertThat(r.incidents().escalated()).isEqualTo(1);
  }

  @Test
  void isSuspiciousWhenAnIncidentOpenedInTheWindowEvenThoughItHealed() {
    clock.advance(Duration.ofHours(2));
    Incident i = raise("stage-web", "connection_refused");
    book.attempt(i.id(), "restart", "restart attempt 1/3");
    attempt(i, "ok");
    clock.advance(Duration.ofMinutes(3));
    book.resolve(book.openIncident(i.id()).orElseThrow(), "healed by restart");
    clock.advance(Duration.ofHours(1));
    healthy();

    Report r = report(4);

    assertThat(r.verdict()).isEqualTo(Verdict.SUSPICIOUS_INVESTIGATE);
    assertThat(r.reasons()).containsExactly("1 incident opened in the last 4h (1 healed)");
    assertThat(r.incidents()).isEqualTo(new Report.Counts(1, 1, 1, 0, 1, 0));
    assertThat(r.healSuccessRate()).isEqualTo(1.0);
    assertThat(r.mttrSeconds()).isEqualTo(180);
  }

  @Test
  void isSuspiciousWhenUptimeInTheWindowIsBelowNinetyNinePercentThoughTheTargetIsUpNow() {
    clock.advance(Duration.ofHours(4));
    observe("api", 100, 0);
    // 3 of 100 down, then up again: 97 %.
    store.observations().record(new Observation(clock.instant().minus(Duration.ofMinutes(150)), "api", "tcp",
        Status.DOWN, Duration.ofMillis(1), Map.of(), "connection_refused", ""));
    store.observations().record(new Observation(clock.instant().minus(Duration.ofMinutes(151)), "api", "tcp",
        Status.DOWN, Duration.ofMillis(1), Map.of(), "connection_refused", ""));
    store.observations().record(new Observation(clock.instant().minus(Duration.ofMinutes(152)), "api", "tcp",
        Status.DOWN, Duration.ofMillis(1), Map.of(), "connection_refused", ""));
    store.observations().flush();
    observe("stage-web", 240, 0);

    Report r = report(4);

    assertThat(r.targets().getFirst().uptimePercent()).isCloseTo(100.0 * 100 / 103, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(r.targets().getFirst().status()).isEqualTo(Status.UP);
    assertThat(r.verdict()).isEqualTo(Verdict.SUSPICIOUS_INVESTIGATE);
    assertThat(r.reasons()).containsExactly("api uptime 97.09% in the last 4h (below 99.00%)");
  }

  @Test
  void isSuspiciousWhenAHealingAttemptFailedAndCountsTheSuccessRate() {
    Incident i = raise("api", "connection_refused"); // before the window: not counted as opened
    clock.advance(Duration.ofHours(5));
    attempt(i, "failed");
    attempt(i, "ok");
    attempt(i, "no_effect");
    book.resolve(book.openIncident(i.id()).orElseThrow(), "healed");
    healthy();

    Report r = report(4);

    assertThat(r.verdict()).isEqualTo(Verdict.SUSPICIOUS_INVESTIGATE);
    assertThat(r.reasons()).containsExactly("1 healing attempt failed in the last 4h");
    assertThat(r.incidents().healAttempts()).isEqualTo(2);
    assertThat(r.healSuccessRate()).isEqualTo(0.5);
    assertThat(r.mttrSeconds()).isEqualTo(Duration.ofHours(5).toSeconds());
  }

  @Test
  void leavesOutWhatHappenedBeforeTheWindow() {
    Incident i = raise("api", "connection_refused");
    book.escalate(i.id(), "nothing left to try");
    attempt(i, "failed");
    book.clear("api", "connection_refused", "answers again");
    clock.advance(Duration.ofHours(4).plusSeconds(1));
    healthy();

    Report r = report(4);

    assertThat(r.verdict()).isEqualTo(Verdict.ALL_GOOD);
    assertThat(r.incidents()).isEqualTo(new Report.Counts(0, 0, 0, 0, 0, 0));
  }

  @Test
  void coversOnlyTheTargetsCarryingTheLabelsAndTheirIncidents() {
    clock.advance(Duration.ofHours(1));
    raise("api", "connection_refused");
    clock.advance(Duration.ofHours(1));
    observe("api", 240, 5);
    observe("stage-web", 240, 0);

    Report staging = report(4, Map.of("env", "staging"));
    Report production = report(4, Map.of("env", "production"));

    assertThat(staging.targets()).extracting(Report.TargetLine::name).containsExactly("stage-web");
    assertThat(staging.verdict()).isEqualTo(Verdict.ALL_GOOD);
    assertThat(staging.labels()).isEqualTo(Map.of("env", "staging"));
    assertThat(production.targets()).extracting(Report.TargetLine::name).containsExactly("api");
    assertThat(production.verdict()).isEqualTo(Verdict.ERRORS_INVESTIGATE);
    assertThat(production.incidents().opened()).isEqualTo(1);
  }

  @Test
  void groupsIncidentsOfLogConditionsAndListsActiveSilences() {
    silences = List.of("stage-web until 07:00 (deploy)");
    clock.advance(Duration.ofHours(1));
    raise("api", "log_error");
    book.clear("api", "log_error", "quiet again");
    raise("api", "log_error");
    raise("stage-web", "log_timeout");
    raise("stage-web", "connection_refused");
    healthy();

    Report r = report(4);

    assertThat(r.logPatterns()).containsExactly(Map.entry("log_error", 2), Map.entry("log_timeout", 1));
    assertThat(r.silences()).containsExactly("stage-web until 07:00 (deploy)");
    assertThat(r.incidents().opened()).isEqualTo(4);
  }

  @Test
  void aTargetWithoutObservationsIsUnknownWithoutUptimeAndDoesNotMakeTheReportSuspicious() {
    clock.advance(Duration.ofHours(4));
    observe("api", 240, 0);

    Report r = report(4);

    assertThat(r.targets().get(1).status()).isEqualTo(Status.UNKNOWN);
    assertThat(r.targets().get(1).uptimePercent()).isNull();
    assertThat(r.verdict()).isEqualTo(Verdict.ALL_GOOD);
  }
}
