package dev.medic.notify.discord;

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

/** The discord channel as written in medic.yaml. */
class DiscordConfigTest {

  private static final Map<String, String> ENV =
      Map.of("DISCORD_WEBHOOK", "https://discord.com/api/webhooks/123456/XXXXsecretXXXX",
          "FTP_WEBHOOK", "ftp://discord.com/api/webhooks/123456/XXXXsecretXXXX");

  private static MedicConfig load(String yaml) throws ConfigException {
    return new ConfigLoader(Plugins.registry(), ENV::get).parse("medic.yaml", yaml);
  }

  @Test
  void bindsFromYamlWithTheWebhookFromTheEnvironment() throws Exception {
    MedicConfig cfg = load("""
        escalation:
          channels:
            - type: discord
              name: ops-chat
              url: ${DISCORD_WEBHOOK}
              timeout: 3s
              min_severity: critical
              username: medic
        """);

    assertThat(cfg.escalation().channels()).containsExactly(new DiscordChannel("ops-chat",
        URI.create("https://discord.com/api/webhooks/123456/XXXXsecretXXXX"), Duration.ofSeconds(3),
        Severity.CRITICAL, "medic"));
    assertThat(cfg.escalation().channels().getFirst().accepts(Severity.WARNING)).isFalse();
  }

  @Test
  void defaultsToItsTypeAsNameTenSecondsEverySeverityAndTheWebhooksOwnName() throws Exception {
    MedicConfig cfg = load("escalation:\n  channels:\n    - {type: discord, url: \"${DISCORD_WEBHOOK}\"}\n");

    DiscordChannel discord = (DiscordChannel) cfg.escalation().channels().getFirst();
    assertThat(discord.name()).isEqualTo("discord");
    assertThat(discord.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(discord.username()).isNull();
    assertThat(discord.accepts(Severity.WARNING)).isTrue();
  }

  @Test
  void aUsernameDiscordRefusesIsReportedAtItsLine() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("""
        escalation:
          channels:
            - type: discord
              url: ${DISCORD_WEBHOOK}
              username: Discord Alerts
        """));

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(5);
      assertThat(p.message()).contains("username cannot contain 'discord' or 'clyde', got 'Discord Alerts'");
    });
  }

  @Test
  void aUrlThatIsNotHttpIsReportedAtItsLineWithoutTheSecret() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("""
        escalation:
          channels:
            - type: discord
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
            - type: discord
              url: ${DISCORD_WEBHOOK}
              min_severity: urgent
        """));

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(5);
      assertThat(p.field()).isEqualTo("escalation.channels[0].min_severity");
    });
  }
}
