package dev.medic.notify.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.medic.config.ConfigException;
import dev.medic.config.ConfigLoader;
import dev.medic.config.MedicConfig;
import dev.medic.runtime.Plugins;
import dev.medic.spi.Severity;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The slack channel as written in medic.yaml. */
class SlackConfigTest {

  private static final Map<String, String> ENV =
      Map.of("SLACK_WEBHOOK", "https://hooks.slack.com/services/T000/B000/XXXXsecretXXXX",
          "FTP_WEBHOOK", "ftp://hooks.slack.com/services/T000/B000/XXXXsecretXXXX");

  private static MedicConfig load(String yaml) throws ConfigException {
    return new ConfigLoader(Plugins.registry(), ENV::get).parse("medic.yaml", yaml);
  }

  @Test
  void bindsFromYamlWithTheWebhookFromTheEnvironment() throws Exception {
    MedicConfig cfg = load("""
        escalation:
          channels:
            - type: slack
              name: ops-chat
              url: ${SLACK_WEBHOOK}
              timeout: 3s
              min_severity: critical
        """);

    assertThat(cfg.escalation().channels()).containsExactly(new SlackChannel("ops-chat",
        URI.create("https://hooks.slack.com/services/T000/B000/XXXXsecretXXXX"), Duration.ofSeconds(3),
        Severity.CRITICAL));
    assertThat(cfg.escalation().channels().getFirst().accepts(Severity.WARNING)).isFalse();
  }

  @Test
  void defaultsToItsTypeAsNameTenSecondsAndEverySeverity() throws Exception {
    MedicConfig cfg = load("escalation:\n  channels:\n    - {type: slack, url: \"${SLACK_WEBHOOK}\"}\n");

    SlackChannel slack = (SlackChannel) cfg.escalation().channels().getFirst();
    assertThat(slack.name()).isEqualTo("slack");
    assertThat(slack.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(slack.accepts(Severity.WARNING)).isTrue();
  }

  @Test
  void aMissingUrlIsReportedAtTheChannelsLine() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("""
        escalation:
          channels:
            - type: slack
              timeout: 3s
        """));

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(3);
      assertThat(p.message()).startsWith("url is required");
    });
  }

  @Test
  void aUrlThatIsNotHttpIsReportedAtItsLineWithoutTheSecret() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("""
        escalation:
          channels:
            - type: slack
              url: ${FTP_WEBHOOK}
        """));

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(4);
      assertThat(p.field()).isEqualTo("escalation.channels[0].url");
      assertThat(p.message()).startsWith("URL must start with http:// or https://").doesNotContain("secret");
    });
  }

  @Test
  void anUnknownSeverityIsReportedAtItsLine() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("""
        escalation:
          channels:
            - type: slack
              url: ${SLACK_WEBHOOK}
              min_severity: urgent
        """));

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(5);
      assertThat(p.field()).isEqualTo("escalation.channels[0].min_severity");
    });
  }
}
