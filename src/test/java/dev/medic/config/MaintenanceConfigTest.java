package dev.medic.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.medic.runtime.Plugins;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The top-level {@code maintenance:} list: what it binds to, and each mistake named by file, line and field. */
class MaintenanceConfigTest {

  private static final String TARGETS = """
      targets:
        - name: db
          labels: {team: data}
          checks: [{type: tcp, port: 5432}]
      maintenance:
      """;

  private static MedicConfig load(String yaml) throws ConfigException {
    return new ConfigLoader(Plugins.registry(), name -> null).parse("medic.yaml", yaml);
  }

  private static ConfigException.Problem problem(String maintenance) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(TARGETS + maintenance));
    assertThat(e).as("expected the config to be rejected").isNotNull();
    assertThat(e.problems()).hasSize(1);
    return e.problems().getFirst();
  }

  @Test
  void bindsOneOffAndRecurringWindowsWithTheirDefaults() throws Exception {
    MedicConfig cfg = load(TARGETS + """
          - name: disk-swap
            matchers: [{name: target, value: db}]
            start: 2026-12-01T02:00:00+01:00
            end: 2026-12-01T04:00:00+01:00
            comment: new disks
          - name: nightly-backup
            matchers:
              - {name: team, operator: "=~", value: "data|cache"}
              - {name: condition, operator: "!=", value: down}
            schedule: "30 1 * * *"
            duration: 90m
            zone: Europe/Berlin
            allow_healing: true
        """);

    MaintenanceWindow once = cfg.maintenance().get(0);
    assertThat(once.recurring()).isFalse();
    assertThat(once.startsAt()).isEqualTo(Instant.parse("2026-12-01T01:00:00Z"));
    assertThat(once.endsAt()).isEqualTo(Instant.parse("2026-12-01T03:00:00Z"));
    assertThat(once.allowHealing()).isFalse();
    assertThat(once.matchers()).containsExactly(new LabelMatcher("target", "=", "db"));
    MaintenanceWindow nightly = cfg.maintenance().get(1);
    assertThat(nightly.recurring()).isTrue();
    assertThat(nightly.duration()).isEqualTo(Duration.ofMinutes(90));
    assertThat(nightly.zoneId()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(nightly.allowHealing()).isTrue();
    assertThat(nightly.comment()).isEmpty();
    assertThat(nightly.matchers()).extracting(LabelMatcher::operator).containsExactly("=~", "!=");
  }

  @Test
  void zoneDefaultsToUtc() throws Exception {
    MedicConfig cfg = load(TARGETS + """
          - name: weekly
            matchers: [{name: target, value: db}]
            schedule: "0 3 * * 0"
            duration: 1h
        """);
    assertThat(cfg.maintenance().getFirst().zoneId()).isEqualTo(ZoneId.of("UTC"));
  }

  @Test
  void aBadCronIsReportedAtTheScheduleLine() {
    ConfigException.Problem p = problem("""
          - name: weekly
            matchers: [{name: target, value: db}]
            schedule: "0 3 * *"
            duration: 1h
        """);
    assertThat(p.toString()).startsWith("medic.yaml:8:").contains("maintenance[0].schedule")
        .contains("schedule must be a 5-field cron expression").contains("got '0 3 * *'");
  }

  @Test
  void aCronWithAnHourOutOfRangeIsRejected() {
    ConfigException.Problem p = problem("""
          - name: weekly
            matchers: [{name: target, value: db}]
            schedule: "0 25 * * *"
            duration: 1h
        """);
    assertThat(p.toString()).startsWith("medic.yaml:8:").contains("maintenance[0].schedule")
        .contains("got '0 25 * * *'");
  }

  @Test
  void anUnknownZoneIsReportedAtTheZoneLine() {
    ConfigException.Problem p = problem("""
          - name: weekly
            matchers: [{name: target, value: db}]
            schedule: "0 3 * * 0"
            duration: 1h
            zone: Europe/Atlantis
        """);
    assertThat(p.toString()).startsWith("medic.yaml:10:").contains("maintenance[0].zone")
        .contains("zone must be a time zone like UTC or Europe/Berlin, got 'Europe/Atlantis'");
  }

  @Test
  void anEndBeforeTheStartIsReportedAtTheEndLine() {
    ConfigException.Problem p = problem("""
          - name: swap
            matchers: [{name: target, value: db}]
            start: 2026-12-01T04:00:00+01:00
            end: 2026-12-01T03:00:00Z
        """);
    assertThat(p.toString()).startsWith("medic.yaml:9:").contains("maintenance[0].end")
        .contains("end must be after start");
  }

  @Test
  void aScheduleWithoutDurationIsRejected() {
    ConfigException.Problem p = problem("""
          - name: weekly
            matchers: [{name: target, value: db}]
            schedule: "0 3 * * 0"
        """);
    assertThat(p.toString()).startsWith("medic.yaml:").contains("maintenance[0]")
        .contains("duration is required with schedule");
  }

  @Test
  void aWindowWithoutMatchersIsRejectedAtItsMatchersLine() {
    ConfigException.Problem p = problem("""
          - name: weekly
            matchers: []
            schedule: "0 3 * * 0"
            duration: 1h
        """);
    assertThat(p.toString()).startsWith("medic.yaml:7:").contains("maintenance[0].matchers")
        .contains("matchers must list at least one matcher");
  }

  @Test
  void aTimeWithoutOffsetAndBothShapesAtOnceAreRejected() {
    assertThat(problem("""
          - name: swap
            matchers: [{name: target, value: db}]
            start: 2026-12-01T02:00:00
            end: 2026-12-01T04:00:00+01:00
        """).toString()).startsWith("medic.yaml:8:").contains("maintenance[0].start")
        .contains("start must be an ISO-8601 time with an offset");
    assertThat(problem("""
          - name: both
            matchers: [{name: target, value: db}]
            start: 2026-12-01T02:00:00Z
            end: 2026-12-01T04:00:00Z
            schedule: "0 3 * * 0"
            duration: 1h
        """).toString()).contains("maintenance[0].schedule").contains("not both");
  }

  @Test
  void aBadRegexInAMatcherIsReportedWithItsField() {
    List<ConfigException.Problem> all = catchThrowableOfType(ConfigException.class, () -> load(TARGETS + """
          - name: weekly
            matchers: [{name: team, operator: "=~", value: "(data"}]
            schedule: "0 3 * * 0"
            duration: 1h
        """)).problems();
    assertThat(all).singleElement().satisfies(p -> assertThat(p.toString()).startsWith("medic.yaml:7:")
        .contains("maintenance[0].matchers[0]").contains("not a valid regular expression"));
  }
}
