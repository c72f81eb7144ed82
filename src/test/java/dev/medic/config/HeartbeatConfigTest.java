package dev.medic.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.medic.runtime.Plugins;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HeartbeatConfigTest {

  private static MedicConfig load(String yaml) throws ConfigException {
    return new ConfigLoader(Plugins.registry(), name -> name.equals("HC_UUID") ? "0f6e8c3a-5b1d-4a55" : null)
        .parse("medic.yaml", yaml);
  }

  private static ConfigException.Problem problem(String yaml) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(yaml));
    assertThat(e).as("expected the config to be rejected").isNotNull();
    assertThat(e.problems()).hasSize(1);
    return e.problems().getFirst();
  }

  private static final String TARGETS = """
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
        """ + TARGETS);
    assertThat(cfg.agent().heartbeat()).isEqualTo(new AgentSettings.Heartbeat(
        "https://hc-ping.com/0f6e8c3a-5b1d-4a55", Duration.ofSeconds(60), "GET", Duration.ofSeconds(10)));
    assertThat(load(TARGETS).agent().heartbeat()).isNull();
  }

  @Test
  void takesMethodIntervalAndTimeout() throws ConfigException {
    MedicConfig cfg = load("""
        agent:
          heartbeat: {url: "http://alertmanager:9093/ping", interval: 15s, method: POST, timeout: 3s}
        """ + TARGETS);
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
        """ + TARGETS);
    assertThat(p.field()).startsWith("agent.heartbeat");
    assertThat(p.line()).isBetween(2, 4);
    assertThat(p.message()).contains("heartbeat.method must be GET or POST, got 'PUT'");
  }

  @Test
  void aMissingOrNonHttpUrlIsRefusedWithoutShowingItsPath() {
    assertThat(problem("agent:\n  heartbeat: {interval: 30s}\n" + TARGETS).message())
        .contains("heartbeat.url is required, e.g. https://hc-ping.com/<uuid>");
    ConfigException.Problem p = problem("agent:\n  heartbeat: {url: \"ftp://hc-ping.com/${HC_UUID}\"}\n" + TARGETS);
    assertThat(p.message()).contains("heartbeat.url must be an http:// or https:// URL with a host, got ftp://hc-ping.com/***");
    assertThat(p.toString()).doesNotContain("0f6e8c3a");
  }

  @Test
  void aZeroIntervalIsRefused() {
    assertThat(problem("agent:\n  heartbeat: {url: \"https://hc-ping.com/x\", interval: 0s}\n" + TARGETS).message())
        .contains("heartbeat.interval must be more than 0, got 0s");
  }
}
