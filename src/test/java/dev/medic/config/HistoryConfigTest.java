package dev.medic.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.medic.runtime.Plugins;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** agent.history: tiers' retention, defaults, retention as the raw tier's other name, and refusals. */
class HistoryConfigTest {

  private static AgentSettings agent(String yaml) throws ConfigException {
    return new ConfigLoader(Plugins.registry(), name -> null).parse("medic.yaml", yaml + "targets: []\n").agent();
  }

  private static String problem(String yaml) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> agent(yaml));
    assertThat(e).as("expected the config to be rejected").isNotNull();
    assertThat(e.problems()).hasSize(1);
    return e.getMessage();
  }

  @Test
  void keepsRawSevenDaysFiveMinuteRowsThirtyAndHourlyRowsFourHundredByDefault() throws ConfigException {
    AgentSettings a = agent("");
    assertThat(a.history()).isEqualTo(new HistorySettings(Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(400)));
    assertThat(a.retention()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void retentionAndHistoryRawAreOneSetting() throws ConfigException {
    assertThat(agent("agent:\n  retention: 3d\n").history().raw()).isEqualTo(Duration.ofDays(3));
    AgentSettings a = agent("agent:\n  history: {raw: 2d, five_minute: 10d}\n");
    assertThat(a.retention()).isEqualTo(Duration.ofDays(2));
    assertThat(a.history()).isEqualTo(new HistorySettings(Duration.ofDays(2), Duration.ofDays(10), Duration.ofDays(400)));
    assertThat(agent("agent:\n  retention: 2d\n  history: {raw: 2d}\n").retention()).isEqualTo(Duration.ofDays(2));
    assertThat(agent("agent:\n  retention: 2d\n  history: {hourly: 90d}\n").history().raw()).isEqualTo(Duration.ofDays(2));
  }

  @Test
  void retentionAndHistoryRawThatDisagreeAreRefused() {
    assertThat(problem("agent:\n  retention: 3d\n  history: {raw: 2d}\n"))
        .contains("retention (3d)").contains("history.raw (2d)");
  }

  @Test
  void eachTierMustBeKeptAtLeastAsLongAsTheFinerOne() {
    assertThat(problem("agent:\n  history: {raw: 30m}\n")).contains("history.raw must be at least 1h, got 30m");
    assertThat(problem("agent:\n  history: {raw: 7d, five_minute: 1d}\n"))
        .contains("history.five_minute must be at least history.raw (7d), got 1d");
    assertThat(problem("agent:\n  history: {five_minute: 30d, hourly: 20d}\n"))
        .contains("history.hourly must be at least history.five_minute (30d), got 20d");
    assertThat(problem("agent:\n  retention: 40d\n")).contains("history.five_minute must be at least history.raw (40d)");
  }
}
