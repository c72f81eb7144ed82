package dev.medic.notify.alertmanager;

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

/** The alertmanager channel as users write it in YAML. */
class AlertmanagerConfigTest {

  private static final String URL = "https://hooks.example.com/alerts?token=s3cr3t";

  private static MedicConfig load(String yaml) throws ConfigException {
    return new ConfigLoader(Plugins.registry(), Map.of("AM_HOOK", URL)::get).parse("medic.yaml", yaml);
  }

  private static ConfigException.Problem problem(String yaml) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(yaml));
    assertThat(e).as("expected the config to be rejected").isNotNull();
    assertThat(e.problems()).hasSize(1);
    return e.problems().getFirst();
  }

  @Test
  void everyKeyBindsWithTheUrlFromTheEnvironment() throws ConfigException {
    MedicConfig cfg = load("""
        escalation:
          channels:
            - type: alertmanager
              name: receivers
              url: ${AM_HOOK}
              external_url: https://medic.example.com
              timeout: 3s
              min_severity: critical
        """);

    AlertmanagerChannel am = (AlertmanagerChannel) cfg.escalation().channels().getFirst();
    assertThat(am).isEqualTo(new AlertmanagerChannel("receivers", URI.create(URL), "https://medic.example.com",
        Duration.ofSeconds(3), Severity.CRITICAL));
    assertThat(am.accepts(Severity.WARNING)).isFalse();
    assertThat(am.destination()).doesNotContain("s3cr3t");
  }

  @Test
  void aMissingUrlIsReportedOnTheChannelsLine() {
    ConfigException.Problem p = problem("""
        escalation:
          channels:
            - type: alertmanager
              name: receivers
        """);

    assertThat(p.line()).isEqualTo(3);
    assertThat(p.message()).startsWith("url is required");
  }

  @Test
  void aUrlThatCannotWorkIsReportedOnItsLine() {
    ConfigException.Problem p = problem("""
        escalation:
          channels:
            - type: alertmanager
              url: ftp://hooks.example.com/alerts
        """);

    assertThat(p.line()).isEqualTo(4);
    assertThat(p.message()).startsWith("URL must start with http:// or https://");
  }

  @Test
  void anUnknownSeverityIsReportedOnItsLine() {
    ConfigException.Problem p = problem("""
        escalation:
          channels:
            - type: alertmanager
              url: http://127.0.0.1:9095/hook
              min_severity: high
        """);

    assertThat(p.line()).isEqualTo(5);
    assertThat(p.message()).contains("high");
  }
}
