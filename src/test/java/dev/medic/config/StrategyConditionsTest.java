package dev.medic.config;

import dev.medic.runtime.Plugins;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A strategy may only name conditions that the config's checks and rules can raise. */
class StrategyConditionsTest {

  private static MedicConfig load(String yaml) throws ConfigException {
    return new ConfigLoader(Plugins.registry(), name -> null).parse("medic.yaml", yaml);
  }

  private static List<ConfigException.Problem> problems(String yaml) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(yaml));
    assertThat(e).as("expected the config to be rejected").isNotNull();
    return e.problems();
  }

  private static final String TARGETS = """
      targets:
        - name: web
          process: {command: [/bin/sleep, "100"]}
          checks:
            - type: http
              url: http://127.0.0.1:8080/health
            - type: process
          detect:
            thresholds: ["latency_ms > 2000 for 1m as slow_pages"]
      """;

  @Test
  void misspeltConditionsAreErrorsWithTheirLineAndADidYouMean() {
    List<ConfigException.Problem> all = problems(TARGETS + """
        strategies:
          - name: fix
            conditions: [proces_exited, http_eror]
            action: {type: restart}
        """);

    assertThat(all).hasSize(2);
    assertThat(all.get(0).toString()).startsWith("medic.yaml:12:18: strategies[0].conditions[0]: unknown condition 'proces_exited'")
        .contains("did you mean 'process_exited'?");
    assertThat(all.get(1).toString()).startsWith("medic.yaml:12:33: strategies[0].conditions[1]: unknown condition 'http_eror'")
        .contains("did you mean 'http_error'?");
  }

  @Test
  void everyConditionAConfigCanRaiseIsAccepted() throws Exception {
    MedicConfig cfg = load(TARGETS + """
        strategies:
          - name: fix
            conditions: [process_exited, http_error, http_timeout, http_slow, crash_loop, slow_pages,
                         check_timeout, check_error, persistent_failure]
            action: {type: restart}
        """);

    assertThat(cfg.strategies().getFirst().conditions()).contains("slow_pages", "crash_loop");
  }

  @Test
  void aConditionOfYourOwnIsDeclaredByAThresholdRuleAndAnUndeclaredOneSaysHow() {
    List<ConfigException.Problem> all = problems(TARGETS + """
        strategies:
          - name: fix
            conditions: [cache_corruption]
            action: {type: restart}
        """);

    assertThat(all).singleElement().extracting(ConfigException.Problem::message).asString()
        .contains("unknown condition 'cache_corruption': no target raises it")
        .contains("declare it in a threshold rule");
  }

  @Test
  void aStrategyLimitedToTargetsIsCheckedAgainstWhatThoseTargetsRaise() {
    List<ConfigException.Problem> all = problems(TARGETS + """
          - name: cache
            checks: [{type: tcp, port: 6379}]
        strategies:
          - name: fix
            targets: [cache]
            conditions: [http_error]
            action: {type: command, command: [/bin/true]}
        """);

    assertThat(all).singleElement().extracting(ConfigException.Problem::message).asString()
        .contains("unknown condition 'http_error': target cache never raises it");
  }

  @Test
  void thresholdConditionNamesInMappingFormAreValidatedLikeTheOneLineForm() {
    List<ConfigException.Problem> all = problems("""
        targets:
          - name: web
            checks: [{type: tcp, port: 80}]
            detect:
              thresholds:
                - {metric: latency_ms, op: ">", value: 5, condition: "Slow Pages!"}
        """);

    assertThat(all).singleElement().extracting(ConfigException.Problem::message).asString()
        .contains("condition must be a name like high_latency, got 'Slow Pages!'");
  }
}
