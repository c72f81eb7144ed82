package dev.medic.notify.teams;

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

/** The teams channel as written in medic.yaml. */
class TeamsConfigTest {

  private static final String WEBHOOK =
      "https://prod-12.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=XXXXsecretXXXX";
  private static final Map<String, String> ENV =
      Map.of("TEAMS_WEBHOOK", WEBHOOK, "FTP_WEBHOOK", "ftp://example.com/workflows/abc?sig=XXXXsecretXXXX");

  private static MedicConfig load(String yaml) throws ConfigException {
    return new ConfigLoader(Plugins.registry(), ENV::get).parse("medic.yaml", yaml);
  }

  @Test
  void bindsFromYamlWithTheWebhookFromTheEnvironment() throws Exception {
    MedicConfig cfg = load("""
        escalation:
          channels:
            - type: teams
              name: ops-chat
              url: ${TEAMS_WEBHOOK}
              timeout: 3s
              min_severity: critical
        """);

    assertThat(cfg.escalation().channels()).containsExactly(
        new TeamsChannel("ops-chat", URI.create(WEBHOOK), Duration.ofSeconds(3), Severity.CRITICAL));
    assertThat(cfg.escalation().channels().getFirst().accepts(Severity.WARNING)).isFalse();
  }

  @Test
  void defaultsToItsTypeAsNameTenSecondsAndEverySeverity() throws Exception {
    MedicConfig cfg = load("escalation:\n  channels:\n    - {type: teams, url: \"${TEAMS_WEBHOOK}\"}\n");

    TeamsChannel teams = (TeamsChannel) cfg.escalation().channels().getFirst();
    assertThat(teams.name()).isEqualTo("teams");
    assertThat(teams.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(teams.accepts(Severity.WARNING)).isTrue();
  }

  @Test
  void aMissingUrlIsReportedAtTheChannelsLine() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("""
        escalation:
          channels:
            - type: teams
              timeout: 3s
        """));

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(3);
      assertThat(p.message()).contains("url is required");
    });
  }

  @Test
  void aUrlThatIsNotHttpIsReportedAtItsLineWithoutTheSecret() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("""
        escalation:
          channels:
            - type: teams
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
            - type: teams
              url: ${TEAMS_WEBHOOK}
              min_severity: urgent
        """));

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(5);
      assertThat(p.field()).isEqualTo("escalation.channels[0].min_severity");
    });
  }
}
