package dev.medic.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.medic.runtime.Plugins;
import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Escalation policies as written in a config file: what binds, and what is refused with which words. */
class EscalationPolicyConfigTest {

  private static final String HEAD = """
      targets:
        - name: db
          labels: {team: dba}
          checks: [{type: tcp, port: 5432}]
      escalation:
        channels:
          - {type: webhook, name: oncall, url: "http://127.0.0.1:9/oncall"}
          - {type: webhook, name: senior, url: "http://127.0.0.1:9/senior"}
        policies:
      """;

  private static MedicConfig parse(String yaml) throws ConfigException {
    return new ConfigLoader(Plugins.registry(), name -> null).parse("medic.yaml", yaml);
  }

  private static List<ConfigException.Problem> problems(String policies) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(HEAD + policies));
    assertThat(e).as("expected the config to be rejected:\n" + policies).isNotNull();
    return e.problems();
  }

  @Test
  void bindsTheSeedLadderWithMatchesAndReminders() throws Exception {
    MedicConfig config = parse(HEAD + """
          - name: critical-db
            match: {severity: [critical], targets: ["db*"], conditions: ["tcp_*"], labels: {team: dba}}
            remind_every: 1h
            steps:
              - {after_attempts: 2, log: warning}
              - {after_attempts: 3, notify: [oncall]}
              - {on: escalated, notify: [senior]}
              - {after: 30m, notify: [senior], log: error}
        """);

    EscalationPolicy p = config.escalation().policies().getFirst();
    assertThat(p.name()).isEqualTo("critical-db");
    assertThat(p.match()).isEqualTo(new IncidentMatch(List.of(Severity.CRITICAL), List.of("db*"), List.of("tcp_*"),
        Map.of("team", "dba")));
    assertThat(p.remindEvery()).isEqualTo(Duration.ofHours(1));
    assertThat(p.steps()).containsExactly(
        new EscalationStep(null, 2, null, List.of(), "warning"),
        new EscalationStep(null, 3, null, List.of("oncall"), null),
        new EscalationStep("escalated", null, null, List.of("senior"), null),
        new EscalationStep(null, null, Duration.ofMinutes(30), List.of("senior"), "error"));
    assertThat(p.channels()).containsExactly("oncall", "senior");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      unknown channel     | '  - {name: p, steps: [{on: escalated, notify: [pager]}]}'          | escalation.policies[0].steps[0].notify[0] | unknown channel 'pager'
      two triggers        | '  - {name: p, steps: [{on: opened, after: 5m, notify: [oncall]}]}' | escalation.policies[0]                    | a step needs exactly one of on (opened | escalated), after_attempts (a number >= 1) or after (a duration), got 2
      no trigger          | '  - {name: p, steps: [{notify: [oncall]}]}'                        | escalation.policies[0]                    | got 0
      unknown event       | '  - {name: p, steps: [{on: fixed, notify: [oncall]}]}'             | escalation.policies[0]                    | on must be 'opened' or 'escalated', got 'fixed'
      step does nothing   | '  - {name: p, steps: [{on: opened}]}'                              | escalation.policies[0]                    | a step must notify channels, log or analyze; it does none of these
      bad log level       | '  - {name: p, steps: [{on: opened, log: loud}]}'                   | escalation.policies[0]                    | log must be one of [info, warning, error], got 'loud'
      attempts below one  | '  - {name: p, steps: [{after_attempts: 0, log: info}]}'            | escalation.policies[0]                    | after_attempts must be >= 1, got 0
      no steps            | '  - {name: p, steps: []}'                                          | escalation.policies[0]                    | steps must list at least one step
      reminders too often | '  - {name: p, remind_every: 10s, steps: [{on: opened, log: info}]}' | escalation.policies[0]                   | remind_every must be at least 1m, got 10s
      """)
  void refusesABadPolicyNamingWhereAndWhatWasExpected(String what, String policy, String field, String message) {
    List<ConfigException.Problem> problems = problems(policy + "\n");

    assertThat(problems).as(what).hasSize(1);
    assertThat(problems.getFirst().field()).as(what).startsWith(field);
    assertThat(problems.getFirst().message()).as(what).contains(message);
    assertThat(problems.getFirst().line()).as(what).isEqualTo(10);
  }

  @Test
  void refusesTwoPoliciesOfOneName() {
    List<ConfigException.Problem> problems = problems("""
          - {name: p, steps: [{on: opened, log: info}]}
          - {name: p, steps: [{on: escalated, log: info}]}
        """);

    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo("escalation.policies[1].name");
      assertThat(p.message()).contains("duplicate policy name 'p' (also escalation.policies[0])");
    });
  }

  @Test
  void withNeitherPoliciesNorChannelsOnlyTheLogHearsOfAnIncident() throws Exception {
    MedicConfig config = parse("""
        targets:
          - {name: db, checks: [{type: tcp, port: 5432}]}
        """);
    Incident incident = Incident.open("db", "tcp_unreachable", Severity.CRITICAL, "refused", Instant.EPOCH);

    assertThat(config.escalation().policyFor(incident, Map.of())).isEmpty();
  }

  @Test
  void withChannelsButNoPolicyEveryChannelIsPagedOnceMedicCouldNotFixIt() throws Exception {
    MedicConfig config = parse(HEAD.replace("    policies:\n", ""));
    Incident incident = Incident.open("db", "tcp_unreachable", Severity.WARNING, "refused", Instant.EPOCH);

    EscalationPolicy policy = config.escalation().policyFor(incident, Map.of()).orElseThrow();
    assertThat(policy.steps()).containsExactly(new EscalationStep("escalated", null, null, List.of("oncall", "senior"), null));
  }
}
