package dev.medic.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.medic.runtime.Plugins;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** detect.flap and agent.heartbeat: defaults, forms, and each bad value named with its line. */
class FlapAndHeartbeatConfigTest {

  private static MedicConfig load(String yaml) throws ConfigException {
    return new ConfigLoader(Plugins.registry(), name -> name.equals("HC_UUID") ? "0f6e8c3a-5b1d-4a55" : null).parse("medic.yaml", yaml);
  }

  private static ConfigException.Problem problem(String yaml) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(yaml));
    assertThat(e).as("expected the config to be rejected").isNotNull();
    assertThat(e.problems()).hasSize(1);
    return e.problems().getFirst();
  }

  /** Six lines: the detect: line a test appends is line 7, its flap line 8. */
  private static final String TARGET = """
      targets:
        - name: web
          checks:
            - type: tcp
              host: 127.0.0.1
              port: 8080
      """;

  private static DetectSettings.Flap flap(String yaml) throws ConfigException {
    return load(TARGET + yaml).targets().getFirst().detect().flap();
  }

  @Test
  void flapDetectionIsOnWithTheNagiosDefaultsWhenNotMentioned() throws ConfigException {
    assertThat(load(TARGET).targets().getFirst().detect().flap())
        .isEqualTo(new DetectSettings.Flap(true, 21, 50, 25));
  }

  @Test
  void takesWindowAndThresholdsKeepingTheDefaultsOfKeysLeftOut() throws ConfigException {
    assertThat(flap("    detect:\n      flap: {window: 10, high: 60.5}\n"))
        .isEqualTo(new DetectSettings.Flap(true, 10, 60.5, 25));
  }

  @Test
  void flapFalseTurnsItOffAndFlappingIsThenNoConditionOfTheTarget() throws ConfigException {
    assertThat(flap("    detect:\n      flap: false\n").enabled()).isFalse();
    assertThat(flap("    detect:\n      flap: true\n")).isEqualTo(DetectSettings.Flap.DEFAULTS);
    ConfigException.Problem p = problem(TARGET + """
            detect:
              flap: false
        strategies:
          - name: calm
            conditions: [flapping]
            action: {type: command, command: [/bin/true]}
        """);
    assertThat(p.field()).isEqualTo("strategies[0].conditions[0]");
    assertThat(p.message()).startsWith("unknown condition 'flapping'");
  }

  @Test
  void aStrategyMayNameFlappingWhenDetectionIsOn() throws ConfigException {
    MedicConfig cfg = load(TARGET + """
        strategies:
          - name: calm
            conditions: [flapping]
            action: {type: command, command: [/bin/true]}
        """);
    assertThat(cfg.strategies()).hasSize(1);
  }

  @Test
  void aWindowOutside3To100IsRefusedAtItsLine() {
    ConfigException.Problem p = problem(TARGET + "    detect:\n      flap: {window: 2}\n");
    assertThat(p.line()).isEqualTo(8);
    assertThat(p.field()).startsWith("targets[0].detect.flap");
    assertThat(p.message()).contains("flap.window must be 3..100 runs, got 2");
    assertThat(problem(TARGET + "    detect:\n      flap: {window: 101}\n").message())
        .contains("flap.window must be 3..100 runs, got 101");
  }

  @Test
  void lowMustBeAboveZeroAndBelowHighWhichIsAtMost100() {
    for (String bad : List.of("{low: 0}", "{low: 50, high: 50}", "{high: 120}", "{low: 60}")) {
      ConfigException.Problem p = problem(TARGET + "    detect:\n      flap: " + bad + "\n");
      assertThat(p.line()).as(bad).isEqualTo(8);
      assertThat(p.message()).as(bad).contains("flap needs 0 < low < high <= 100 (percent), got low=");
    }
  }

  @Test
  void anUnknownKeyUnderFlapIsNamedWithADidYouMean() {
    ConfigException.Problem p = problem(TARGET + "    detect:\n      flap: {windw: 30}\n");
    assertThat(p.line()).isEqualTo(8);
    assertThat(p.field()).isEqualTo("targets[0].detect.flap.windw");
    assertThat(p.message()).startsWith("unknown key 'windw'").contains("window");
  }

  // ---- agent.heartbeat ------------------------------------------------------------------

  private static final String AGENT_TARGETS = """
      targets:
        - name: web
          checks: [{type: tcp, host: 127.0.0.1, port: 8080}]
      """;

  @Test
  void onlyTheUrlIsNeededTheRestHasDefaults() throws ConfigException {
    MedicConfig cfg = load("""
        agent:
          heartbeat:
            url: https://hc-ping.com/${HC_UUID}
        """ + AGENT_TARGETS);
    assertThat(cfg.agent().heartbeat()).isEqualTo(new AgentSettings.Heartbeat(
        "https://hc-ping.com/0f6e8c3a-5b1d-4a55", Duration.ofSeconds(60), "GET", Duration.ofSeconds(10)));
    assertThat(load(AGENT_TARGETS).agent().heartbeat()).isNull();
  }

  @Test
  void takesMethodIntervalAndTimeout() throws ConfigException {
    MedicConfig cfg = load("""
        agent:
          heartbeat: {url: "http://alertmanager:9093/ping", interval: 15s, method: POST, timeout: 3s}
        """ + AGENT_TARGETS);
    assertThat(cfg.agent().heartbeat()).isEqualTo(new AgentSettings.Heartbeat(
        "http://alertmanager:9093/ping", Duration.ofSeconds(15), "POST", Duration.ofSeconds(3)));
  }

  @Test
  void aMethodOtherThanGetOrPostIsRefusedAtItsLine() {
    ConfigException.Problem p = problem("""
        agent:
          heartbeat:
            url: https://hc-ping.com/abc
            method: PUT
        """ + AGENT_TARGETS);
    assertThat(p.field()).startsWith("agent.heartbeat");
    assertThat(p.line()).isBetween(2, 4);
    assertThat(p.message()).contains("heartbeat.method must be GET or POST, got 'PUT'");
  }

  @Test
  void aMissingOrNonHttpUrlIsRefusedWithoutShowingItsPath() {
    assertThat(problem("agent:\n  heartbeat: {interval: 30s}\n" + AGENT_TARGETS).message())
        .contains("heartbeat.url is required, e.g. https://hc-ping.com/<uuid>");
    ConfigException.Problem p = problem("agent:\n  heartbeat: {url: \"ftp://hc-ping.com/${HC_UUID}\"}\n" + AGENT_TARGETS);
    assertThat(p.message()).contains("heartbeat.url must be an http:// or https:// URL with a host, got ftp://hc-ping.com/***");
    assertThat(p.toString()).doesNotContain("0f6e8c3a");
  }

  @Test
  void aZeroIntervalIsRefused() {
    assertThat(problem("agent:\n  heartbeat: {url: \"https://hc-ping.com/x\", interval: 0s}\n" + AGENT_TARGETS).message())
        .contains("heartbeat.interval must be more than 0, got 0s");
  }
}
