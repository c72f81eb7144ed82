package dev.medic.notify.cdevents;

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

/** The cdevents channel as users write it in YAML. */
class CdEventsConfigTest {

  private static final String URL = "https://broker.example.com/events?token=s3cr3t";

  private static MedicConfig load(String yaml) throws ConfigException {
    return new ConfigLoader(Plugins.registry(), Map.of("EVENTS_URL", URL)::get).parse("medic.yaml", yaml);
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
            - type: cdevents
              name: receivers
              url: ${EVENTS_URL}
              source: medic/prod-eu
              environment: production
              timeout: 3s
              min_severity: critical
        """);

    CdEventsChannel am = (CdEventsChannel) cfg.escalation().channels().getFirst();
    assertThat(am).isEqualTo(new CdEventsChannel("receivers", URI.create(URL), "medic/prod-eu", "production",
        Duration.ofSeconds(3), Severity.CRITICAL));
    assertThat(am.accepts(Severity.WARNING)).isFalse();
    assertThat(am.destination()).doesNotContain("s3cr3t");
  }

  @Test
  void aMissingUrlIsReportedOnTheChannelsLine() {
    ConfigException.Problem p = problem("""
        escalation:
          channels:
            - type: cdevents
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
            - type: cdevents
              url: ftp://broker.example.com/events
        """);

    assertThat(p.line()).isEqualTo(4);
    assertThat(p.message()).startsWith("URL must start with http:// or https://");
  }

  @Test
  void aBlankEnvironmentIsReportedOnItsLine() {
    ConfigException.Problem p = problem("""
        escalation:
          channels:
            - type: cdevents
              url: http://127.0.0.1:8080/events
              environment: " "
        """);

    assertThat(p.line()).isEqualTo(5);
    assertThat(p.message()).startsWith("environment cannot be blank");
  }

  @Test
  void anUnknownSeverityIsReportedOnItsLine() {
    ConfigException.Problem p = problem("""
        escalation:
          channels:
            - type: cdevents
              url: http://127.0.0.1:9095/hook
              min_severity: high
        """);

    assertThat(p.line()).isEqualTo(5);
    assertThat(p.message()).contains("high");
  }
}
