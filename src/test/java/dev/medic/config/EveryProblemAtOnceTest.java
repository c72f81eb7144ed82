package dev.medic.config;

import dev.medic.runtime.Plugins;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code validate} reports every problem of a file in one run, each with file:line:column: field. */
class EveryProblemAtOnceTest {

  private static List<String> problems(String yaml) {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> new ConfigLoader(Plugins.registry(), name -> null).parse("medic.yaml", yaml));
    assertThat(e).as("expected the config to be rejected").isNotNull();
    return e.problems().stream().map(ConfigException.Problem::toString).toList();
  }

  @Test
  void sevenMistakesInOneFileAreSevenProblemsInFileOrder() {
    List<String> all = problems("""
        agent:
          interval: soon
          api: "localhost:eighty"
        targets:
          - name: web
            checks:
              - type: http
                url: http://127.0.0.1/health
                intervall: 5s
                timout: 2s
          - name: db
            checks:
              - type: tcp
                port: eighty
          - name: cache
            checks:
              - type: tpc
                port: 6379
        strategies:
          - name: fix
            conditions: [http_error]
            targets: [wbe]
            action: {type: command, command: [/bin/true]}
        escalation:
          enabled: maybe
        """);

    assertThat(all).containsExactly(
        "medic.yaml:2:13: agent.interval: expected a duration like 500ms, 30s, 5m, 1h or 7d, got 'soon'",
        "medic.yaml:9:9: targets[0].checks[0].intervall: unknown key 'intervall', did you mean 'interval'?"
            + all.get(1).substring(all.get(1).indexOf(" (expected one of")),
        "medic.yaml:10:9: targets[0].checks[0].timout: unknown key 'timout', did you mean 'timeout'?"
            + all.get(2).substring(all.get(2).indexOf(" (expected one of")),
        "medic.yaml:14:15: targets[1].checks[0].port: expected a whole number, got the string 'eighty'",
        "medic.yaml:17:15: targets[2].checks[0].type: unknown type 'tpc' (expected one of command, dns, docker, host, http, log, mysql,"
            + " postgres, process, rabbitmq, redis, sql, tcp, tls)",
        "medic.yaml:22:15: strategies[0].targets[0]: unknown target 'wbe', did you mean 'web'? (expected one of:"
            + " cache, db, web)",
        "medic.yaml:25:12: escalation.enabled: expected true or false, got the string 'maybe'");
  }

  @Test
  void twoBadChecksInOneTargetAreTwoProblems() {
    List<String> all = problems("""
        targets:
          - name: web
            checks:
              - type: tcp
                port: eighty
              - type: http
                url: http://127.0.0.1/
                interval: soon
              - type: tcp
                port: 70000
        """);

    assertThat(all).containsExactly(
        "medic.yaml:5:15: targets[0].checks[0].port: expected a whole number, got the string 'eighty'",
        "medic.yaml:8:19: targets[0].checks[1].interval: expected a duration like 500ms, 30s, 5m, 1h or 7d, got 'soon'",
        "medic.yaml:10:9: targets[0].checks[2].port: port must be 1..65535, got 70000");
  }
}
