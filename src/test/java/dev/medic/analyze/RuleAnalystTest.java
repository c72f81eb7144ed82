package dev.medic.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.spi.Analysis;
import dev.medic.spi.Incident;
import dev.medic.spi.IncidentBundle;
import dev.medic.spi.IncidentBundle.ActionTaken;
import dev.medic.spi.IncidentBundle.Neighbour;
import dev.medic.spi.IncidentBundle.Neighbourhood;
import dev.medic.spi.IncidentBundle.PastIncident;
import dev.medic.spi.IncidentBundle.StrategyOption;
import dev.medic.spi.Severity;
import dev.medic.spi.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleAnalystTest {

  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
  private final Clock clock = Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC);
  private final RuleAnalyst analyst = new RuleAnalyst(clock);

  private static Incident incident(long id, String target, String condition, long openedSecond) {
    return Incident.open(target, condition, Severity.CRITICAL, condition, T0.plusSeconds(openedSecond)).withId(id);
  }

  private static Neighbour neighbour(String target, String status, int distance, List<String> dependsOn,
      Incident... open) {
    return new Neighbour(target, status, distance, dependsOn, List.of(open));
  }

  private static IncidentBundle bundle(Incident incident, List<Neighbour> dependsOn, List<Neighbour> dependents,
      List<Incident> related, List<StrategyOption> strategies, List<ActionTaken> actions, List<PastIncident> similar) {
    return new IncidentBundle(1, T0.plusSeconds(300), incident, List.of(), List.of(), List.of(), actions,
        Map.of("name", incident.target()), strategies, new Neighbourhood(dependsOn, dependents), related, similar);
  }

  private static final StrategyOption RESTART = new StrategyOption("restart_app", "process_restart", false,
      List.of("http_error", "process_exited", "memory_leak"));

  @Test
  void namesTheDeepestFailingDependencyOfAChain() {
    Incident db = incident(1, "db", "db_connection_error", 0);
    Incident api = incident(2, "api", "http_error", 8);
    Incident web = incident(3, "web", "http_error", 15);

    Analysis a = analyst.analyze(bundle(web,
        List.of(neighbour("api", "down", 1, List.of("db"), api), neighbour("db", "down", 2, List.of(), db)),
        List.of(), List.of(db, api), List.of(RESTART), List.of(), List.of()));

    assertThat(a.analyst()).isEqualTo("rules");
    assertThat(a.at()).isEqualTo(clock.instant());
    assertThat(a.incidentId()).isEqualTo(3);
    assertThat(a.rootTarget()).isEqualTo("db");
    assertThat(a.rootCondition()).isEqualTo("db_connection_error");
    assertThat(a.rootIncidentId()).isEqualTo(1L);
    assertThat(a.verdict()).isEqualTo(Verdict.ERRORS_INVESTIGATE);
    assertThat(a.confidence()).isEqualTo(0.9);
    assertThat(a.evidence()).contains("web depends on api, which depends on db",
        "db (db_connection_error, #1) went down at 2026-11-30T10:00:00Z, 15 s before web (#3)",
        "db has no failing dependency of its own", "between them, failing too: api (http_error, #2)");
    assertThat(a.suggestedActions()).as("web's remedies would treat a symptom").isEmpty();
  }

  @Test
  void namesTheDependencyEvenWhenTheDependentWasDetectedFirst() {
    Incident web = incident(1, "web", "http_error", 0);
    Incident api = incident(2, "api", "http_error", 20);
    Incident db = incident(3, "db", "db_connection_error", 45);

    Analysis a = analyst.analyze(bundle(web,
        List.of(neighbour("api", "down", 1, List.of("db"), api), neighbour("db", "down", 2, List.of(), db)),
        List.of(), List.of(api, db), List.of(), List.of(), List.of()));

    assertThat(a.rootTarget()).isEqualTo("db");
    assertThat(a.confidence()).isEqualTo(0.85);
    assertThat(a.evidence()).anyMatch(e -> e.contains("45 s after web was detected: detection order is not causality"));
  }

  @Test
  void ofTwoIndependentFaultsAtOnceTheHarderIsTheRootAndConfidenceDrops() {
    Incident db = incident(1, "db", "db_connection_error", 5);
    Incident cache = incident(2, "cache", "redis_error", 0);
    Incident web = incident(3, "web", "http_error", 14);

    Analysis a = analyst.analyze(bundle(web,
        List.of(neighbour("cache", "degraded", 1, List.of(), cache), neighbour("db", "down", 1, List.of(), db)),
        List.of(), List.of(db, cache), List.of(), List.of(), List.of()));

    assertThat(a.rootTarget()).isEqualTo("db");
    assertThat(a.confidence()).isLessThan(0.9);
    assertThat(a.evidence()).anyMatch(e -> e.contains("cache (redis_error, #2)") && e.contains("the harder one"));
    assertThat(a.verdict()).isEqualTo(Verdict.ERRORS_INVESTIGATE);
  }

  @Test
  void aFaultWithHealthyDependenciesIsItsOwnWithLowerConfidenceAndANoisyNeighbourIsOnlyNoted() {
    Incident web = incident(1, "web", "http_error", 0);
    Incident batch = incident(2, "batch", "cpu_high", -20);

    Analysis a = analyst.analyze(bundle(web, List.of(neighbour("api", "up", 1, List.of())), List.of(),
        List.of(batch), List.of(RESTART), List.of(), List.of()));

    assertThat(a.rootTarget()).isEqualTo("web");
    assertThat(a.rootCondition()).isEqualTo("http_error");
    assertThat(a.rootIncidentId()).isEqualTo(1L);
    assertThat(a.confidence()).isEqualTo(0.7);
    assertThat(a.evidence()).contains("web's dependencies look well: api up")
        .anyMatch(e -> e.contains("off web's dependency path") && e.contains("batch (cpu_high)"));
  }

  @Test
  void withNoDependenciesAtAllTheTargetIsItsOwnRootAtLowConfidence() {
    Incident api = incident(1, "api", "http_error", 0);

    Analysis a = analyst.analyze(bundle(api, List.of(), List.of(), List.of(), List.of(), List.of(), List.of()));

    assertThat(a.rootTarget()).isEqualTo("api");
    assertThat(a.confidence()).isEqualTo(0.6);
    assertThat(a.evidence()).contains("api depends on nothing medic watches: its own condition is the only lead");
  }

  @Test
  void isAllGoodOnceAHealingActionResolvedItAndNothingRelatedIsOpen() {
    Incident api = incident(1, "api", "process_exited", 0).withAttempt("restart_app", T0.plusSeconds(5))
        .resolvedAt("healed by restart_app", T0.plusSeconds(40));

    Analysis a = analyst.analyze(bundle(api, List.of(neighbour("db", "up", 1, List.of())), List.of(), List.of(),
        List.of(RESTART), List.of(new ActionTaken(T0.plusSeconds(5), "restart_app", "process_restart", "healed", "")),
        List.of()));

    assertThat(a.verdict()).isEqualTo(Verdict.ALL_GOOD);
    assertThat(a.evidence()).contains("resolved by its healing action; nothing related is open");
  }

  /** The rows a real audit gives one clean heal: the action, its verify, the attempt's verdict, an analysis. */
  @Test
  void isAllGoodForACleanHealAsTheAuditRecordsIt() {
    Incident api = incident(1, "api", "process_exited", 0).withAttempt("restart_app", T0.plusSeconds(5))
        .resolvedAt("healed by restart_app", T0.plusSeconds(40));
    List<ActionTaken> audit = List.of(
        new ActionTaken(T0.plusSeconds(5), "restart_app", "restart api", "ok", "restarted pid 4242"),
        new ActionTaken(T0.plusSeconds(9), "restart_app", "", "verified", "every check healthy"),
        new ActionTaken(T0.plusSeconds(9), "restart_app", "restart api", "healed", ""),
        new ActionTaken(T0.plusSeconds(10), "rules", "", "analysis_ERRORS_INVESTIGATE", "verdict ..."),
        new ActionTaken(T0.plusSeconds(11), "flushdb", "", "refused", "not a strategy target api allows"));

    Analysis a = analyst.analyze(bundle(api, List.of(neighbour("db", "up", 1, List.of())), List.of(), List.of(),
        List.of(RESTART), audit, List.of()));

    assertThat(a.verdict()).isEqualTo(Verdict.ALL_GOOD);
  }

  @Test
  void healedOnlyAfterRetriesIsWorthALook() {
    Incident api = incident(1, "api", "process_exited", 0).withAttempt("restart_app", T0.plusSeconds(5))
        .withAttempt("restart_app", T0.plusSeconds(30)).resolvedAt("healed", T0.plusSeconds(60));

    Analysis a = analyst.analyze(bundle(api, List.of(), List.of(), List.of(), List.of(RESTART),
        List.of(new ActionTaken(T0.plusSeconds(5), "restart_app", "process_restart", "no_effect", ""),
            new ActionTaken(T0.plusSeconds(30), "restart_app", "process_restart", "healed", "")),
        List.of()));

    assertThat(a.verdict()).isEqualTo(Verdict.SUSPICIOUS_INVESTIGATE);
    assertThat(a.evidence()).contains("healed only after 2 attempts");
  }

  @Test
  void suggestsOnlyAllowedStrategiesThatEndedSimilarIncidentsOfThisCondition() {
    Incident api = incident(5, "api", "memory_leak", 0);
    List<PastIncident> similar = List.of(
        new PastIncident(incident(4, "api", "memory_leak", -86400), "restart_app"),
        new PastIncident(incident(3, "api", "memory_leak", -172800), "restart_app"),
        new PastIncident(incident(2, "api", "memory_leak", -259200), "flush_everything"),
        new PastIncident(incident(1, "api", "memory_leak", -345600), "escalated"));
    StrategyOption notThisCondition = new StrategyOption("scale_up", "command", false, List.of("cpu_high"));

    Analysis a = analyst.analyze(bundle(api, List.of(neighbour("db", "up", 1, List.of())), List.of(), List.of(),
        List.of(RESTART, notThisCondition), List.of(), similar));

    assertThat(a.rootTarget()).isEqualTo("api");
    assertThat(a.suggestedActions()).containsExactly("restart_app");
    assertThat(a.evidence())
        .contains("4 similar incidents before; ended by restart_app 2×, flush_everything 1×, escalated 1×");
  }

  @Test
  void aCertificateThatExpiredIsItsTargetsOwnFaultWhateverItsDependenciesDo() {
    Incident web = incident(2, "web", "cert_expired", 0);
    Incident api = incident(1, "api", "http_slow", -30);

    Analysis a = analyst.analyze(bundle(web, List.of(neighbour("api", "degraded", 1, List.of(), api)), List.of(),
        List.of(api), List.of(), List.of(), List.of()));

    assertThat(a.rootTarget()).isEqualTo("web");
    assertThat(a.rootCondition()).isEqualTo("cert_expired");
  }

  @Test
  void aDependencyThatFailedLongAfterTheIncidentOpenedDidNotCauseIt() {
    Incident api = incident(1, "api", "http_error", 0);
    Incident db = incident(2, "db", "db_connection_error", 1500);

    Analysis a = analyst.analyze(bundle(api, List.of(neighbour("db", "down", 1, List.of(), db)), List.of(),
        List.of(db), List.of(), List.of(), List.of()));

    assertThat(a.rootTarget()).isEqualTo("api");
    assertThat(a.evidence()).anyMatch(e -> e.startsWith("db (db_connection_error, #2) began failing 25 min after"));
  }
}
