package dev.medic.notify.ntfy;

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

/** The ntfy channel as written in medic.yaml. */
class NtfyConfigTest {

  private static final String TOKEN = "tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2";
  private static final Map<String, String> ENV = Map.of("NTFY_TOKEN", TOKEN);

  private static MedicConfig load(String yaml) throws ConfigException {
    return new ConfigLoader(Plugins.registry(), ENV::get).parse("medic.yaml", yaml);
  }

  @Test
  void bindsEveryKeyWithTheTokenFromTheEnvironment() throws Exception {
    MedicConfig cfg = load("""
        escalation:
          channels:
            - type: ntfy
              name: phones
              server: https://ntfy.example.com
              topic: medic-alerts
              token: ${NTFY_TOKEN}
              timeout: 5s
              min_severity: critical
        """);

    NtfyChannel c = (NtfyChannel) cfg.escalation().channels().getFirst();
    assertThat(c.name()).isEqualTo("phones");
    assertThat(c.server()).isEqualTo(URI.create("https://ntfy.example.com"));
    assertThat(c.topic()).isEqualTo("medic-alerts");
    assertThat(c.token()).isEqualTo(TOKEN);
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.minSeverity()).isEqualTo(Severity.CRITICAL);
    assertThat(c.accepts(Severity.WARNING)).isFalse();
    assertThat(cfg.redactor().redact("Bearer " + TOKEN)).doesNotContain(TOKEN);
  }

  @Test
  void onlyTheTopicIsNeeded() throws Exception {
    MedicConfig cfg = load("""
        escalation:
          channels: [{type: ntfy, topic: medic-alerts}]
        """);

    NtfyChannel c = (NtfyChannel) cfg.escalation().channels().getFirst();
    assertThat(c.name()).isEqualTo("ntfy");
    assertThat(c.server()).isEqualTo(URI.create("https://ntfy.sh"));
    assertThat(c.token()).isNull();
    assertThat(c.minSeverity()).isNull();
  }

  @Test
  void aBadTopicIsReportedAtItsLine() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("""
        agent:
          interval: 5s
        escalation:
          channels:
            - type: ntfy
              token: ${NTFY_TOKEN}
              topic: medic alerts
        """));

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(7);
      assertThat(p.field()).isEqualTo("escalation.channels[0].topic");
      assertThat(p.message()).isEqualTo("topic must be 1 to 64 letters, digits, - or _, got 'medic alerts'");
    });
  }

  @Test
  void aServerThatIsNotHttpIsReportedAtItsLine() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("""
        escalation:
          channels:
            - type: ntfy
              topic: medic-alerts
              server: ntfy.sh
        """));

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(5);
      assertThat(p.field()).isEqualTo("escalation.channels[0].server");
      assertThat(p.message()).startsWith("URL must start with http:// or https://");
    });
  }
}
