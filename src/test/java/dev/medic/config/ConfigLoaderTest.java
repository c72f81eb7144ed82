package dev.medic.config;

import dev.medic.spi.Durations;
import dev.medic.spi.ThresholdRule;
import dev.medic.runtime.Plugins;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.medic.process.CommandAction;
import dev.medic.process.CommandCheck;
import dev.medic.http.HttpCheck;
import dev.medic.tcp.TcpCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {

  private static final Map<String, String> ENV = Map.of("WEB_PORT", "8080", "TOKEN", "s3cret");

  private static MedicConfig load(String yaml) throws ConfigException {
    return new ConfigLoader(Plugins.registry(), ENV::get).parse("medic.yaml", yaml);
  }

  private static List<ConfigException.Problem> problems(String yaml) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(yaml));
    assertThat(e).as("expected the config to be rejected").isNotNull();
    return e.problems();
  }

  private static ConfigException.Problem problem(String yaml) {
    List<ConfigException.Problem> all = problems(yaml);
    assertThat(all).hasSize(1);
    return all.getFirst();
  }

  /** Sixteen lines of valid config: whatever a test appends starts on line 17. */
  private static final String SIXTEEN_LINES = """
      agent:
        interval: 5s
        timeout: 2s
      targets:
        - name: web
          critical: true
          checks:
            - type: http
              name: health
              url: http://127.0.0.1:8080/health
              expect_status: [200]
            - type: tcp
              name: port
              host: 127.0.0.1
              port: 8080
              timeout: 1s
      """;

  // ---- errors name file, line, field and what was expected --------------------------------

  @Test
  void badDurationInsideACheckNamesLine17TheFieldPathAndTheExpectedForm() {
    String yaml = SIXTEEN_LINES + "        interval: banana\n";

    ConfigException.Problem p = problem(yaml);

    assertThat(p.line()).isEqualTo(17);
    assertThat(p.column()).isEqualTo(19);
    assertThat(p.field()).isEqualTo("targets[0].checks[1].interval");
    assertThat(p.message()).contains("expected a duration like 500ms, 30s, 5m, 1h or 7d").contains("banana");
    assertThat(p.toString()).startsWith("medic.yaml:17:19: targets[0].checks[1].interval: ");
  }

  @Test
  void wrongTypeOnLine17NamesTheFieldAndTheExpectedType() {
    String yaml = SIXTEEN_LINES + "    auto_heal: maybe\n";

    ConfigException.Problem p = problem(yaml);

    assertThat(p.line()).isEqualTo(17);
    assertThat(p.column()).isEqualTo(16);
    assertThat(p.field()).isEqualTo("targets[0].auto_heal");
    assertThat(p.message()).isEqualTo("expected true or false, got the string 'maybe'");
  }

  @Test
  void wrongTypeInANestedMappingIsReportedOnTheLineItIsWritten() {
    String yaml = SIXTEEN_LINES + "    detect:\n      failures: many\n";

    ConfigException.Problem p = problem(yaml);

    assertThat(p.line()).isEqualTo(18);
    assertThat(p.field()).isEqualTo("targets[0].detect.failures");
    assertThat(p.message()).isEqualTo("expected a whole number, got the string 'many'");
  }

  @Test
  void misindentedKeyIsAYamlErrorOnItsLine() {
    String yaml = SIXTEEN_LINES + "  detect:\n    failures: 2\n";

    ConfigException.Problem p = problem(yaml);

    assertThat(p.line()).isEqualTo(17);
    assertThat(p.column()).isEqualTo(3);
    assertThat(p.message()).startsWith(
        "invalid YAML: this line's indentation does not line up with the block that starts on line 5");
  }

  @Test
  void fractionalNumberForAWholeNumberIsRejectedNotTruncated() {
    ConfigException.Problem p = problem("agent:\n  failures: 3.5\n");

    assertThat(p.line()).isEqualTo(2);
    assertThat(p.field()).isEqualTo("agent.failures");
    assertThat(p.message()).isEqualTo("expected a whole number, got 3.5");
  }

  @Test
  void quotedBooleanIsRejectedWithAHintToDropTheQuotes() {
    ConfigException.Problem p = problem("""
        targets:
          - name: web
            critical: "true"
            checks: [{type: process}]
        """);

    assertThat(p.line()).isEqualTo(3);
    assertThat(p.field()).isEqualTo("targets[0].critical");
    assertThat(p.message()).isEqualTo("expected true or false, got the string 'true' (write it without quotes)");
  }

  @Test
  void valueRejectedByARecordPointsAtItsOwnKeyNotTheEndOfTheMapping() {
    ConfigException.Problem p = problem("""
        agent:
          jitter: 2
          interval: 5s
        """);

    assertThat(p.line()).isEqualTo(2);
    assertThat(p.field()).isEqualTo("agent.jitter");
    assertThat(p.message()).isEqualTo("jitter must be between 0 and 1, got 2.0");
  }

  @Test
  void missingRequiredKeyIsNamedAtTheStartOfItsMapping() {
    ConfigException.Problem p = problem("""
        targets:
          - name: db
            checks:
              - type: tcp
                host: 127.0.0.1
        """);

    assertThat(p.line()).isEqualTo(4);
    assertThat(p.field()).isEqualTo("targets[0].checks[0].port");
    assertThat(p.message()).isEqualTo("'port' is required (expected a whole number)");
  }

  @Test
  void targetWithoutChecksIsReportedAtTheTarget() {
    ConfigException.Problem p = problem("""
        targets:
          - name: web
            critical: true
        """);

    assertThat(p.line()).isEqualTo(2);
    assertThat(p.field()).isEqualTo("targets[0]");
    assertThat(p.message()).isEqualTo("checks must list at least one check");
  }

  @Test
  void emptyListEntryIsReportedAsSuchInsteadOfNull() {
    ConfigException.Problem p = problem("""
        targets:
          - name: web
            checks:
              -
        """);

    assertThat(p.line()).isEqualTo(4);
    assertThat(p.field()).isEqualTo("targets[0].checks[0]");
    // Every registered kind is listed; new kinds must not break this test.
    assertThat(p.message()).startsWith("empty list entry (expected a mapping with type: ")
        .contains("command", "http", "process", "tcp");
  }

  @Test
  void commandWrittenAsOneStringSuggestsTheArgumentList() {
    ConfigException.Problem p = problem("""
        targets:
          - name: web
            checks:
              - type: command
                command: curl -fsS localhost
        """);

    assertThat(p.line()).isEqualTo(5);
    assertThat(p.field()).isEqualTo("targets[0].checks[0].command");
    assertThat(p.message()).isEqualTo(
        "expected a list, got the string 'curl -fsS localhost' (write the arguments as a list, e.g. [\"curl\", \"-fsS\", \"localhost\"])");
  }

  @Test
  void keyWrittenTwiceIsRejectedNamingBothLines() {
    ConfigException.Problem p = problem("""
        agent:
          interval: 5s
          timeout: 1s
          interval: 10s
        """);

    assertThat(p.line()).isEqualTo(4);
    assertThat(p.field()).isEqualTo("agent.interval");
    assertThat(p.message()).isEqualTo("key 'interval' appears twice (first on line 2); keep one");
  }

  @Test
  void yamlSyntaxErrorNamesTheLineOfTheProblem() {
    ConfigException.Problem p = problem("agent:\n\tinterval: 5s\n");

    assertThat(p.line()).isEqualTo(2);
    assertThat(p.column()).isEqualTo(1);
    assertThat(p.message()).startsWith("invalid YAML: ").contains("tab").doesNotContain("\n");
  }

  @Test
  void fileWithOnlyCommentsIsReportedAsEmpty() {
    ConfigException.Problem p = problem("# nothing yet\n\n");

    assertThat(p.message()).startsWith("file is empty");
  }

  @Test
  void missingFileIsReportedByName(@org.junit.jupiter.api.io.TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> new ConfigLoader(Plugins.registry(), ENV::get).load(missing));

    assertThat(e.problems().getFirst().file()).isEqualTo(missing.toString());
    assertThat(e.problems().getFirst().message()).isEqualTo("file not found");
  }

  // ---- unknown keys ------------------------------------------------------------------------

  @Test
  void unknownTopLevelKeySuggestsTheClosestKnownKey() {
    ConfigException.Problem p = problem("""
        agent:
          interval: 5s
        targts:
          - name: web
        """);

    assertThat(p.line()).isEqualTo(3);
    assertThat(p.field()).isEqualTo("targts");
    assertThat(p.message()).startsWith("unknown key 'targts', did you mean 'targets'?")
        .contains("expected one of: access, agent, escalation, maintenance, reports, strategies, targets");
  }

  @Test
  void unknownKeyInATargetIsReportedOnItsOwnLineWithAHint() {
    ConfigException.Problem p = problem("""
        targets:
          - name: web
            critcal: true
            checks:
              - type: process
            depends_on: []
        """);

    assertThat(p.line()).isEqualTo(3);
    assertThat(p.column()).isEqualTo(5);
    assertThat(p.field()).isEqualTo("targets[0].critcal");
    assertThat(p.message()).startsWith("unknown key 'critcal', did you mean 'critical'?");
  }

  @Test
  void unknownKeyInACheckIsJudgedAgainstThatCheckTypesKeys() {
    ConfigException.Problem p = problem("""
        targets:
          - name: db
            checks:
              - type: tcp
                hots: 127.0.0.1
                port: 5432
        """);

    assertThat(p.line()).isEqualTo(5);
    assertThat(p.field()).isEqualTo("targets[0].checks[0].hots");
    assertThat(p.message()).isEqualTo(
        "unknown key 'hots', did you mean 'host'? (expected one of: host, interval, name, port, timeout)");
  }

  @Test
  void keyOfAnotherCheckTypeIsUnknownInThisOne() {
    ConfigException.Problem p = problem("""
        targets:
          - name: db
            checks:
              - type: tcp
                port: 5432
                url: http://127.0.0.1/
        """);

    assertThat(p.line()).isEqualTo(6);
    assertThat(p.field()).isEqualTo("targets[0].checks[0].url");
    assertThat(p.message()).startsWith("unknown key 'url'").doesNotContain("did you mean");
  }

  @Test
  void misspelledMaxAttemptsInAStrategySuggestsMaxAttempts() {
    ConfigException.Problem p = problem("""
        targets:
          - name: web
            checks: [{type: process}]
        strategies:
          - name: restart_web
            conditions: [process_exited]
            action: {type: command, command: [/bin/true]}
            max_attempt: 3
        """);

    assertThat(p.line()).isEqualTo(8);
    assertThat(p.field()).isEqualTo("strategies[0].max_attempt");
    assertThat(p.message()).startsWith("unknown key 'max_attempt', did you mean 'max_attempts'?");
  }

  @Test
  void unknownKeyUnderASeedAliasIsReportedAsWritten() {
    ConfigException.Problem p = problem("""
        monitoring:
          interval_seconds: 30
          intervl: 5
        """);

    assertThat(p.line()).isEqualTo(3);
    assertThat(p.field()).isEqualTo("monitoring.intervl");
    assertThat(p.message()).startsWith("unknown key 'intervl', did you mean 'interval'?");
  }

  @Test
  void unknownCheckTypeNamesTheKnownTypes() {
    ConfigException.Problem p = problem("""
        targets:
          - name: web
            checks:
              - type: ping
                host: 127.0.0.1
        """);

    assertThat(p.line()).isEqualTo(4);
    assertThat(p.field()).isEqualTo("targets[0].checks[0].type");
    assertThat(p.message()).startsWith("unknown type 'ping' (expected one of ")
        .contains("command", "http", "process", "tcp");
  }

  @Test
  void checkWithoutTypeNamesTheKnownTypes() {
    ConfigException.Problem p = problem("""
        targets:
          - name: web
            checks:
              - url: http://127.0.0.1/
        """);

    assertThat(p.line()).isEqualTo(4);
    assertThat(p.field()).isEqualTo("targets[0].checks[0].type");
    assertThat(p.message()).startsWith("missing 'type:' (expected one of ")
        .contains("command", "http", "process", "tcp");
  }

  @Test
  void unknownActionTypeNamesTheKnownActions() {
    ConfigException.Problem p = problem("""
        targets:
          - name: web
            checks: [{type: process}]
        strategies:
          - name: fix
            conditions: [process_exited]
            action: {type: reboot}
        """);

    assertThat(p.line()).isEqualTo(7);
    assertThat(p.field()).isEqualTo("strategies[0].action.type");
    assertThat(p.message()).startsWith("unknown type 'reboot' (expected one of ")
        .contains("command", "http", "restart");
  }

  // ---- ${ENV} substitution -----------------------------------------------------------------

  @Test
  void substitutesVariablesAndDefaults() throws Exception {
    MedicConfig cfg = load("""
        targets:
          - name: web
            checks:
              - type: http
                url: http://127.0.0.1:${WEB_PORT}/health
                headers: {Authorization: "Bearer ${TOKEN}"}
              - type: tcp
                port: ${DB_PORT:-5432}
                host: ${DB_HOST:-}
        """);

    HttpCheck http = (HttpCheck) cfg.targets().getFirst().checks().get(0);
    TcpCheck tcp = (TcpCheck) cfg.targets().getFirst().checks().get(1);
    assertThat(http.url()).hasToString("http://127.0.0.1:8080/health");
    assertThat(http.headers()).containsEntry("Authorization", "Bearer s3cret");
    assertThat(tcp.port()).isEqualTo(5432);
    assertThat(tcp.host()).isEqualTo("127.0.0.1"); // empty default: YAML null, so the record default applies
  }

  @Test
  void setVariableWinsOverItsDefault() throws Exception {
    MedicConfig cfg = load("targets:\n  - name: web\n    checks: [{type: tcp, port: \"${WEB_PORT:-1}\"}]\n");

    assertThat(((TcpCheck) cfg.targets().getFirst().checks().getFirst()).port()).isEqualTo(8080);
  }

  @Test
  void unsetVariableWithoutDefaultNamesLineColumnAndVariable() {
    List<ConfigException.Problem> all = problems("""
        agent:
          interval: 5s
        escalation:
          channels:
            - type: webhook
              url: ${HOOK_URL}
              headers: {X-Key: "${HOOK_KEY}"}
        """);

    assertThat(all).hasSize(2);
    assertThat(all.get(0).line()).isEqualTo(6);
    assertThat(all.get(0).column()).isEqualTo(12);
    assertThat(all.get(0).message()).isEqualTo(
        "environment variable HOOK_URL is not set (write ${HOOK_URL:-default} to give a default)");
    assertThat(all.get(1).line()).isEqualTo(7);
    assertThat(all.get(1).message()).startsWith("environment variable HOOK_KEY is not set");
  }

  @Test
  void commentsAreNotSubstituted() throws Exception {
    MedicConfig cfg = load("""
        # ${UNSET_IN_A_FULL_LINE_COMMENT}
        agent:
          store: sqlite:/var/lib/medic/${TOKEN}.db   # ${UNSET_IN_A_TRAILING_COMMENT}
        """);

    assertThat(cfg.agent().store()).isEqualTo("sqlite:/var/lib/medic/s3cret.db");
  }

  @Test
  void hashInsideQuotesOrBlockScalarsIsTextAndIsSubstituted() throws Exception {
    MedicConfig cfg = load("""
        agent:
          store: "sqlite:/tmp/a #${TOKEN}.db"
        targets:
          - name: web
            checks:
              - type: command
                shell: true
                command:
                  - |
                    echo ${WEB_PORT} # port ${TOKEN}
        """);

    assertThat(cfg.agent().store()).isEqualTo("sqlite:/tmp/a #s3cret.db");
    CommandCheck check = (CommandCheck) cfg.targets().getFirst().checks().getFirst();
    assertThat(check.command().getFirst()).isEqualTo("echo 8080 # port s3cret\n");
  }

  // ---- durations ---------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource({
    "500ms, 500",
    "30s, 30000",
    "5m, 300000",
    "1h, 3600000",
    "7d, 604800000",
    "45, 45000",
    "1.5s, 1500",
    "0.25, 250",
  })
  void durationsAcceptMillisecondsSecondsMinutesHoursDaysAndPlainSeconds(String written, long millis)
      throws Exception {
    MedicConfig cfg = load("agent:\n  backoff: " + written + "\n");

    assertThat(cfg.agent().backoff()).isEqualTo(Duration.ofMillis(millis));
  }

  @Test
  void integerSecondsInYamlAreADuration() throws Exception {
    MedicConfig cfg = load("agent:\n  verify_timeout: 12\n");

    assertThat(cfg.agent().verifyTimeout()).isEqualTo(Duration.ofSeconds(12));
  }

  @ParameterizedTest
  @CsvSource({"5x", "-5s", "5 min", "1h30m", "[5s]"})
  void malformedDurationIsAnErrorWithLineAndField(String written) {
    ConfigException.Problem p = problem("agent:\n  mode: heal\n  backoff: " + written + "\n");

    assertThat(p.line()).isEqualTo(3);
    assertThat(p.field()).isEqualTo("agent.backoff");
    assertThat(p.message()).startsWith("expected a duration like 500ms, 30s, 5m, 1h or 7d");
  }

  @Test
  void absurdlyLongDurationIsRejectedBeforeItOverflows() {
    ConfigException.Problem p = problem("agent:\n  retention: 99999999999d\n");

    assertThat(p.line()).isEqualTo(2);
    assertThat(p.message()).contains("too long");
  }

  @Test
  void zeroIntervalIsRejectedBecauseTheSchedulerCannotRunIt() {
    ConfigException.Problem agent = problem("agent:\n  interval: 0s\n");
    ConfigException.Problem check = problem("""
        targets:
          - name: web
            checks:
              - type: tcp
                port: 80
                timeout: 0ms
        """);

    assertThat(agent.line()).isEqualTo(2);
    assertThat(agent.field()).isEqualTo("agent.interval");
    assertThat(agent.message()).isEqualTo("interval must be more than 0, got 0s");
    assertThat(check.line()).isEqualTo(6);
    assertThat(check.field()).isEqualTo("targets[0].checks[0].timeout");
    assertThat(check.message()).isEqualTo("timeout must be more than 0, got 0s");
  }

  @Test
  void durationsFormatToTheirShortestExactForm() {
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Durations.format(Duration.ofSeconds(30))).isEqualTo("30s");
    assertThat(Durations.format(Duration.ofMinutes(5))).isEqualTo("5m");
    assertThat(Durations.format(Duration.ofHours(1))).isEqualTo("1h");
    assertThat(Durations.format(Duration.ofDays(7))).isEqualTo("7d");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
  }

  // ---- the seed's key names ----------------------------------------------------------------

  @Test
  void seedKeyNamesLoadIntoMedicsSettings() throws Exception {
    MedicConfig cfg = load("""
        monitoring:
          interval_seconds: 30
          timeout_seconds: 10
          max_consecutive_failures: 3

        targets:
          - name: spartan-web
            critical: true
            auto_restart: true
            max_restarts_per_hour: 3
            checks:
              - type: http
                url: "http://localhost:8888/health"
          - name: spartan-data-preloader
            critical: true
            auto_restart: false
            checks:
              - type: command
                command: ["/bin/true"]

        healing_strategies:
          - name: restart_container
            conditions: ["command_failed", "http_timeout"]
            max_attempts: 3
            cooldown_seconds: 60
            action:
              type: command
              command: ["docker", "restart", "{target}"]
        """);

    assertThat(cfg.agent().interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(cfg.agent().timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(cfg.agent().failures()).isEqualTo(3);
    TargetConfig web = cfg.target("spartan-web").orElseThrow();
    assertThat(web.critical()).isTrue();
    assertThat(web.autoHeal()).isTrue();
    assertThat(web.maxHealsPerHour()).isEqualTo(3);
    TargetConfig preloader = cfg.target("spartan-data-preloader").orElseThrow();
    assertThat(preloader.autoHeal()).isFalse();
    assertThat(preloader.maxHealsPerHour()).isNull(); // falls back to agent.max_heals_per_hour
    StrategyConfig restart = cfg.strategies().getFirst();
    assertThat(restart.name()).isEqualTo("restart_container");
    assertThat(restart.conditions()).containsExactly("command_failed", "http_timeout");
    assertThat(restart.maxAttempts()).isEqualTo(3);
    assertThat(restart.cooldown()).isEqualTo(Duration.ofSeconds(60));
    assertThat(((CommandAction) restart.action()).command()).containsExactly("docker", "restart", "{target}");
  }

  @Test
  void seedAliasBesideItsCanonicalKeyIsRejectedInsteadOfOneSilentlyWinning() {
    ConfigException.Problem p = problem("""
        agent:
          interval: 5s
          interval_seconds: 30
        """);

    assertThat(p.line()).isEqualTo(3);
    assertThat(p.field()).isEqualTo("agent.interval_seconds");
    assertThat(p.message()).isEqualTo("'interval_seconds' and 'interval' (line 2) are the same setting; keep one");
  }

  @Test
  void agentAndMonitoringSectionsTogetherAreRejected() {
    ConfigException.Problem p = problem("agent:\n  interval: 5s\nmonitoring:\n  interval_seconds: 30\n");

    assertThat(p.line()).isEqualTo(3);
    assertThat(p.field()).isEqualTo("monitoring");
  }

  @Test
  void valueErrorUnderASeedAliasNamesTheKeyAsWritten() {
    ConfigException.Problem p = problem("monitoring:\n  interval_seconds: soon\n");

    assertThat(p.line()).isEqualTo(2);
    assertThat(p.field()).isEqualTo("monitoring.interval_seconds");
  }

  // ---- thresholds --------------------------------------------------------------------------

  @Test
  void thresholdRuleParsesMetricOperatorValueAndHold() throws Exception {
    MedicConfig cfg = load("""
        targets:
          - name: web
            checks: [{type: http, url: "http://127.0.0.1/"}]
            detect:
              thresholds:
                - latency_ms > 2000 for 5m
                - status_code >= 500 as server_errors
                - latency_ms<=1.5
        """);

    List<ThresholdRule> rules = cfg.targets().getFirst().detect().thresholds();
    assertThat(rules.get(0)).isEqualTo(new ThresholdRule("latency_ms", ">", 2000, Duration.ofMinutes(5), "latency_ms_threshold"));
    assertThat(rules.get(1)).isEqualTo(new ThresholdRule("status_code", ">=", 500, Duration.ZERO, "server_errors"));
    assertThat(rules.get(2)).isEqualTo(new ThresholdRule("latency_ms", "<=", 1.5, Duration.ZERO, "latency_ms_threshold"));
    assertThat(rules.get(0).breached(2001)).isTrue();
    assertThat(rules.get(0).breached(2000)).isFalse();
  }

  @Test
  void thresholdAsNamesTheCondition() {
    ThresholdRule rule = ThresholdRule.parse("latency_ms > 2000 for 5m as high_latency");

    assertThat(rule.condition()).isEqualTo("high_latency");
    assertThat(rule.holdFor()).isEqualTo(Duration.ofMinutes(5));
    assertThat(rule).hasToString("latency_ms > 2000 for 5m as high_latency");
  }

  @Test
  void malformedThresholdIsAnErrorWithLineAndTheExpectedForm() {
    ConfigException.Problem p = problem("""
        targets:
          - name: web
            checks: [{type: process}]
            detect:
              thresholds:
                - latency_ms > 2000 for 5m
                - latency_ms >> 2000
        """);

    assertThat(p.line()).isEqualTo(7);
    assertThat(p.field()).isEqualTo("targets[0].detect.thresholds[1]");
    assertThat(p.message()).startsWith("expected '<metric> <op> <number>[x baseline [over <duration>]] [for <duration>] [as <condition>]'")
        .endsWith("got 'latency_ms >> 2000'");
  }

  @Test
  void thresholdWithBadHoldDurationIsAnErrorWithLine() {
    ConfigException.Problem p = problem("""
        targets:
          - name: web
            checks: [{type: process}]
            detect:
              thresholds: [latency_ms > 2000 for soon]
        """);

    assertThat(p.line()).isEqualTo(5);
    assertThat(p.field()).isEqualTo("targets[0].detect.thresholds[0]");
    assertThat(p.message()).contains("expected a duration").contains("soon");
  }

  @Test
  void thresholdMayAlsoBeWrittenAsAMappingOfItsParts() throws Exception {
    MedicConfig cfg = load("""
        targets:
          - name: web
            checks: [{type: process}]
            detect:
              thresholds:
                - {metric: latency_ms, op: ">", value: 2000, hold_for: 5m}
        """);

    assertThat(cfg.targets().getFirst().detect().thresholds()).containsExactly(
        ThresholdRule.parse("latency_ms > 2000 for 5m"));
  }

  @Test
  void thresholdWrittenAsAMappingWithoutAnOperatorIsRejected() {
    ConfigException.Problem p = problem("""
        targets:
          - name: web
            checks: [{type: process}]
            detect:
              thresholds:
                - {metric: latency_ms, value: 2000}
        """);

    assertThat(p.line()).isEqualTo(6);
    assertThat(p.field()).isEqualTo("targets[0].detect.thresholds[0]");
    assertThat(p.message()).startsWith("op must be one of");
  }

  // ---- cross-checks ------------------------------------------------------------------------

  @Test
  void duplicateTargetNameIsReportedAtTheSecondTargetsName() {
    ConfigException.Problem p = problem("""
        targets:
          - name: api
            checks:
              - type: http
                name: api
                url: http://127.0.0.1/
          - name: api
            checks: [{type: process}]
        """);

    assertThat(p.line()).isEqualTo(7);
    assertThat(p.field()).isEqualTo("targets[1].name");
    assertThat(p.message()).isEqualTo("duplicate target name 'api' (also targets[0], line 2)");
  }

  @Test
  void duplicateCheckNamesWithinATargetAreReportedEvenWhenTheNameIsTheDefault() {
    ConfigException.Problem p = problem("""
        targets:
          - name: web
            checks:
              - type: http
                url: http://127.0.0.1/a
              - type: http
                url: http://127.0.0.1/b
        """);

    assertThat(p.line()).isEqualTo(6);
    assertThat(p.field()).isEqualTo("targets[0].checks[1].name");
    assertThat(p.message()).contains("two checks named 'http' in target web").contains("defaults to its type");
  }

  @Test
  void sameCheckNameInTwoTargetsIsFine() throws Exception {
    MedicConfig cfg = load("""
        targets:
          - name: a
            checks: [{type: process}]
          - name: b
            checks: [{type: process}]
        """);

    assertThat(cfg.targets()).hasSize(2);
  }

  @Test
  void dependsOnAnUnknownTargetIsReportedAtThatEntry() {
    ConfigException.Problem p = problem("""
        targets:
          - name: web
            checks: [{type: process}]
            depends_on: [database, cache]
          - name: database
            checks: [{type: tcp, port: 5432}]
        """);

    assertThat(p.line()).isEqualTo(4);
    assertThat(p.column()).isEqualTo(28);
    assertThat(p.field()).isEqualTo("targets[0].depends_on[1]");
    assertThat(p.message()).startsWith("unknown target 'cache'");
  }

  @Test
  void strategyNamingAnUnknownTargetIsReportedWithAHint() {
    ConfigException.Problem p = problem("""
        targets:
          - name: web
            checks: [{type: process}]
        healing_strategies:
          - name: fix
            conditions: [process_exited]
            targets:
              - wbe
            action: {type: command, command: [/bin/true]}
        """);

    assertThat(p.line()).isEqualTo(8);
    assertThat(p.field()).isEqualTo("healing_strategies[0].targets[0]");
    assertThat(p.message()).startsWith("unknown target 'wbe', did you mean 'web'?");
  }

  @Test
  void duplicateStrategyNameIsReported() {
    ConfigException.Problem p = problem("""
        targets:
          - name: web
            checks: [{type: process}]
        strategies:
          - name: fix
            conditions: [process_exited]
            action: {type: command, command: [/bin/true]}
          - name: fix
            conditions: [check_failed]
            action: {type: command, command: [/bin/true]}
        """);

    assertThat(p.line()).isEqualTo(8);
    assertThat(p.field()).isEqualTo("strategies[1].name");
  }

  @Test
  void restartAimedAtATargetWithoutAProcessIsReportedAtTheAction() {
    ConfigException.Problem p = problem("""
        targets:
          - name: web
            checks: [{type: process}]
        strategies:
          - name: restart_web
            conditions: [process_exited]
            targets: [web]
            action: {type: restart}
        """);

    assertThat(p.line()).isEqualTo(8);
    assertThat(p.field()).isEqualTo("strategies[0].action");
    assertThat(p.message()).contains("target 'web' has no 'process:' block");
  }

  @Test
  void everyCrossCheckProblemIsReportedAtOnce() {
    List<ConfigException.Problem> all = problems("""
        targets:
          - name: web
            checks: [{type: process}]
            depends_on: [nowhere]
          - name: web
            checks: [{type: process}]
        strategies:
          - name: fix
            conditions: [a]
            targets: [elsewhere]
            action: {type: command, command: [/bin/true]}
        """);

    assertThat(all).extracting(ConfigException.Problem::field)
        .containsExactlyInAnyOrder("targets[1].name", "targets[0].depends_on[0]", "strategies[0].targets[0]");
    assertThat(all).allSatisfy(p -> assertThat(p.line()).isPositive());
  }

  // ---- defaults, examples, YAML 1.1 --------------------------------------------------------

  @Test
  void omittedSectionsTakeTheirDocumentedDefaults() throws Exception {
    MedicConfig cfg = load("targets:\n  - name: web\n    checks: [{type: process}]\n");

    AgentSettings a = cfg.agent();
    assertThat(a.store()).isEqualTo("sqlite:./medic.db");
    assertThat(a.mode()).isEqualTo(Mode.HEAL);
    assertThat(a.dryRun()).isFalse();
    assertThat(a.api()).isEqualTo("127.0.0.1:8787");
    assertThat(a.interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(a.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(a.failures()).isEqualTo(3);
    assertThat(a.successes()).isEqualTo(1);
    assertThat(a.verifyTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(a.maxHealsPerHour()).isEqualTo(10);
    assertThat(a.backoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(a.backoffMax()).isEqualTo(Duration.ofMinutes(5));
    assertThat(a.backoffReset()).isEqualTo(Duration.ofMinutes(10));
    assertThat(a.retention()).isEqualTo(Duration.ofDays(7));
    assertThat(a.breaker()).isEqualTo(new AgentSettings.BreakerSettings(10, 50, 4, Duration.ofMinutes(5)));
    assertThat(a.maxConcurrentChecks()).isEqualTo(512);
    TargetConfig web = cfg.targets().getFirst();
    assertThat(web.critical()).isFalse();
    assertThat(web.autoHeal()).isTrue();
    assertThat(web.checks().getFirst().name()).isEqualTo("process");
    assertThat(cfg.escalation().enabled()).isTrue();
    assertThat(cfg.escalation().channels()).isEmpty();
  }

  static Stream<Path> examples() throws IOException {
    Stream<Path> files = Files.list(Path.of("examples"));
    return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExampleLoadsWithoutError(Path example) throws Exception {
    MedicConfig cfg = new ConfigLoader(Plugins.registry(), name -> null).load(example);

    assertThat(cfg.targets()).isNotEmpty();
  }

  @Test
  void thereIsAtLeastOneExample() throws IOException {
    assertThat(examples()).isNotEmpty();
  }

  @Test
  void yaml11BooleanWordsAreBooleansForBooleanKeys() throws Exception {
    MedicConfig cfg = load("""
        agent:
          dry_run: yes
        targets:
          - name: a
            critical: no
            auto_heal: off
            checks: [{type: process}]
          - name: b
            critical: on
            checks: [{type: process}]
        """);

    assertThat(cfg.agent().dryRun()).isTrue();
    assertThat(cfg.targets().get(0).critical()).isFalse();
    assertThat(cfg.targets().get(0).autoHeal()).isFalse();
    assertThat(cfg.targets().get(1).critical()).isTrue();
  }

  @Test
  void yaml11BooleanWordsStayTextForStringKeys() throws Exception {
    MedicConfig cfg = load("""
        agent:
          api: off
        targets:
          - name: no
            checks: [{type: process, name: yes}]
        """);

    assertThat(cfg.agent().api()).isEqualTo("off");
    assertThat(cfg.targets().getFirst().name()).isEqualTo("no");
    assertThat(cfg.targets().getFirst().checks().getFirst().name()).isEqualTo("yes");
  }

  @Test
  void numberIsNotABoolean() {
    ConfigException.Problem p = problem("""
        targets:
          - name: web
            critical: 1
            checks: [{type: process}]
        """);

    assertThat(p.line()).isEqualTo(3);
    assertThat(p.message()).isEqualTo("expected true or false, got 1");
  }

  @Test
  void modeAcceptsItsThreeNamesOnly() throws Exception {
    assertThat(load("agent:\n  mode: escalate-only\n").agent().mode()).isEqualTo(Mode.ESCALATE_ONLY);
    assertThat(load("agent:\n  mode: observe\n").agent().mode()).isEqualTo(Mode.OBSERVE);

    ConfigException.Problem p = problem("agent:\n  mode: off\n");
    assertThat(p.line()).isEqualTo(2);
    assertThat(p.field()).isEqualTo("agent.mode");
    assertThat(p.message()).isEqualTo("mode must be one of observe, escalate-only, heal, got 'off'");
  }
}
