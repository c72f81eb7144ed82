package dev.medic.notify.pagerduty;

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

/** The pagerduty channel as users write it in YAML. */
class PagerDutyConfigTest {

  private static final String KEY = "R0ut1ngK3yR0ut1ngK3yR0ut1ngK3y12";

  private static MedicConfig load(String yaml) throws ConfigException {
    return new ConfigLoader(Plugins.registry(), Map.of("PD_KEY", KEY)::get).parse("medic.yaml", yaml);
  }

  private static ConfigException.Problem problem(String yaml) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(yaml));
    assertThat(e).as("expected the config to be rejected").isNotNull();
    assertThat(e.problems()).hasSize(1);
    return e.problems().getFirst();
  }

  @Test
  void everyKeyBindsWithTheRoutingKeyFromTheEnvironment() throws ConfigException {
    MedicConfig cfg = load("""
        escalation:
          channels:
            - type: pagerduty
              name: oncall
              routing_key: ${PD_KEY}
              url: https://events.eu.pagerduty.com/v2/enqueue
              timeout: 3s
              min_severity: critical
        """);

    PagerDutyChannel pd = (PagerDutyChannel) cfg.escalation().channels().getFirst();
    assertThat(pd).isEqualTo(new PagerDutyChannel("oncall", KEY,
        URI.create("https://events.eu.pagerduty.com/v2/enqueue"), Duration.ofSeconds(3), Severity.CRITICAL));
    assertThat(pd.accepts(Severity.WARNING)).isFalse();
  }

  @Test
  void aBlankRoutingKeyIsReportedOnItsLine() {
    ConfigException.Problem p = problem("""
        escalation:
          channels:
            - type: pagerduty
              routing_key: "  "
        """);

    assertThat(p.line()).isEqualTo(4);
    assertThat(p.message()).startsWith("routing_key is required");
  }

  @Test
  void aUrlThatCannotWorkIsReportedOnItsLine() {
    ConfigException.Problem p = problem("""
        escalation:
          channels:
            - type: pagerduty
              routing_key: ${PD_KEY}
              url: ftp://events.pagerduty.com/v2/enqueue
        """);

    assertThat(p.line()).isEqualTo(5);
    assertThat(p.message()).startsWith("URL must start with http:// or https://");
  }

  @Test
  void anUnknownSeverityIsReportedOnItsLine() {
    ConfigException.Problem p = problem("""
        escalation:
          channels:
            - type: pagerduty
              routing_key: ${PD_KEY}
              min_severity: high
        """);

    assertThat(p.line()).isEqualTo(5);
    assertThat(p.message()).contains("high");
  }
}
