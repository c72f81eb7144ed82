package dev.medic.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.medic.runtime.Plugins;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code reports:} read from YAML: defaults, and each bad value named by file, line and field. */
class ReportConfigTest {

  private static final String HEAD = """
      targets:
        - name: web
          labels: {env: staging}
          checks: [{type: tcp, host: 127.0.0.1, port: 1}]
      escalation:
        channels:
          - {type: webhook, name: hook, url: "http://127.0.0.1:9/in"}
          - {type: pagerduty, name: pager, routing_key: "0123456789abcdef0123456789abcdef"}
      reports:
      """;

  private static MedicConfig load(String reports) throws ConfigException {
    return new ConfigLoader(Plugins.registry(), name -> null).parse("medic.yaml", HEAD + reports);
  }

  private static List<String> problems(String reports) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(reports));
    assertThat(e).as("expected the config to be rejected").isNotNull();
    return e.problems().stream().map(ConfigException.Problem::toString).toList();
  }

  @Test
  void readsAReportWithItsDefaults() throws Exception {
    MedicConfig cfg = load("""
          - name: staging
            schedule: "15 3,10 * * *"
            channels: [hook]
        """);

    ReportConfig r = cfg.report("staging").orElseThrow();
    assertThat(r.zoneId()).isEqualTo(ZoneId.of("UTC"));
    assertThat(r.hours()).isEqualTo(12);
    assertThat(r.labels()).isEmpty();
    assertThat(r.sendWhen()).isEqualTo("always");
    assertThat(r.sends(true)).isTrue();
  }

  @Test
  void readsEveryField() throws Exception {
    ReportConfig r = load("""
          - name: staging
            schedule: "0 9 * * 1-5"
            zone: Europe/Amsterdam
            hours: 4
            channels: [hook]
            labels: {env: staging}
            send_when: not_all_good
        """).reports().getFirst();

    assertThat(r).isEqualTo(new ReportConfig("staging", "0 9 * * 1-5", "Europe/Amsterdam", 4, List.of("hook"),
        Map.of("env", "staging"), "not_all_good"));
    assertThat(r.sends(true)).isFalse();
    assertThat(r.sends(false)).isTrue();
  }

  @Test
  void aBadCronExpressionNamesFileLineFieldAndTheExpectedForm() {
    assertThat(problems("""
          - name: staging
            schedule: "15 3 * *"
            channels: [hook]
        """)).singleElement().asString().startsWith("medic.yaml:11:")
        .contains("reports[0].schedule: schedule must be a 5-field cron expression (minute hour day-of-month month"
            + " day-of-week, like '15 3,10 * * *'), got '15 3 * *'");
  }

  @Test
  void aBadZoneHoursOrSendWhenIsNamedWithItsLine() {
    assertThat(problems("""
          - name: a
            schedule: "15 3 * * *"
            zone: Mars/Olympus
            channels: [hook]
          - name: b
            schedule: "15 3 * * *"
            hours: 0
            channels: [hook]
          - name: c
            schedule: "15 3 * * *"
            send_when: sometimes
            channels: [hook]
        """)).containsExactly(
        "medic.yaml:12:5: reports[0].zone: zone must be a time zone like UTC or Europe/Amsterdam, got 'Mars/Olympus'",
        "medic.yaml:16:5: reports[1].hours: hours must be 1..720, got 0",
        "medic.yaml:20:5: reports[2].send_when: send_when must be always or not_all_good, got 'sometimes'");
  }

  @Test
  void aChannelThatCannotCarryReportsIsAnErrorNamingTheReportTheChannelAndWhatCan() {
    assertThat(problems("""
          - name: staging
            schedule: "15 3 * * *"
            channels: [hook, pager]
        """)).containsExactly("medic.yaml:12:22: reports[0].channels[1]: report 'staging' names channel 'pager', which"
        + " cannot carry reports (pagerduty, opsgenie, twilio, alertmanager and cdevents page about incidents only;"
        + " telegram, slack, discord, teams, ntfy, email and webhook can; here: hook)");
  }

  @Test
  void anUnknownChannelMissingChannelsAndLabelsThatPickNoTargetAreErrors() {
    assertThat(problems("""
          - name: staging
            schedule: "15 3 * * *"
            channels: [hoook]
            labels: {env: prod}
          - name: staging
            schedule: "15 3 * * *"
        """)).containsExactly(
        "medic.yaml:12:16: reports[0].channels[0]: report 'staging' names unknown channel 'hoook', did you mean 'hook'?"
            + " (expected one of: hook, pager)",
        "medic.yaml:13:5: reports[0].labels: report 'staging' selects no target: no target carries all of the labels"
            + " {env=prod} (expected labels some target has)",
        "medic.yaml:14:5: reports[1].name: duplicate report name 'staging' (also reports[0])",
        "medic.yaml:14:5: reports[1]: report 'staging' needs channels: (names from escalation.channels that can carry"
            + " reports; here: hook)");
  }
}
