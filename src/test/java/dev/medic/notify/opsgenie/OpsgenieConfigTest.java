package dev.medic.notify.opsgenie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.medic.config.ConfigException;
import dev.medic.config.ConfigLoader;
import dev.medic.config.MedicConfig;
import dev.medic.runtime.Plugins;
import dev.medic.spi.Severity;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The opsgenie channel as users write it in YAML. */
class OpsgenieConfigTest {

  private static final String KEY = "eb243592-faa2-4ba2-a551q-1afdf565c889";

  private static MedicConfig load(String yaml) throws ConfigException {
    return new ConfigLoader(Plugins.registry(), Map.of("GENIE_KEY", KEY)::get).parse("medic.yaml", yaml);
  }

  private static ConfigException.Problem problem(String yaml) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(yaml));
    assertThat(e).as("expected the config to be rejected").isNotNull();
    assertThat(e.problems()).hasSize(1);
    return e.problems().getFirst();
  }

  @Test
  void everyKeyBindsWithTheApiKeyFromTheEnvironment() throws ConfigException {
    MedicConfig cfg = load("""
        escalation:
          channels:
            - type: opsgenie
              name: genie
              api_key: ${GENIE_KEY}
              url: https://api.eu.opsgenie.com
              timeout: 4s
              min_severity: critical
              responders:
                - {type: team, name: ops}
                - {type: user, username: ana@example.com}
              tags: [medic, prod]
        """);

    OpsgenieChannel genie = (OpsgenieChannel) cfg.escalation().channels().getFirst();
    assertThat(genie).isEqualTo(new OpsgenieChannel("genie", KEY, URI.create("https://api.eu.opsgenie.com"),
        Duration.ofSeconds(4), Severity.CRITICAL,
        List.of(Map.of("type", "team", "name", "ops"), Map.of("type", "user", "username", "ana@example.com")),
        List.of("medic", "prod")));
    assertThat(genie.accepts(Severity.WARNING)).isFalse();
    assertThat(genie.toString()).doesNotContain(KEY);
  }

  @Test
  void aMissingApiKeyIsReported() {
    ConfigException.Problem p = problem("""
        escalation:
          channels:
            - type: opsgenie
              api_key: ""
        """);

    assertThat(p.line()).isEqualTo(4);
    assertThat(p.message()).startsWith("api_key is required");
  }

  @Test
  void aResponderOfAnUnknownTypeIsReportedOnItsLine() {
    ConfigException.Problem p = problem("""
        escalation:
          channels:
            - type: opsgenie
              api_key: ${GENIE_KEY}
              responders:
                - {type: team, name: ops}
                - {type: squad, name: night}
        """);

    assertThat(p.line()).isEqualTo(7);
    assertThat(p.message()).isEqualTo("type must be team, user, escalation or schedule, got 'squad'");
  }

  @Test
  void aUrlThatCannotWorkIsReportedOnItsLine() {
    ConfigException.Problem p = problem("""
        escalation:
          channels:
            - type: opsgenie
              api_key: ${GENIE_KEY}
              url: api.opsgenie.com
        """);

    assertThat(p.line()).isEqualTo(5);
    assertThat(p.message()).startsWith("URL must start with http:// or https://");
  }

  @Test
  void moreTagsThanOpsgenieTakesAreReported() {
    ConfigException.Problem p = problem("""
        escalation:
          channels:
            - type: opsgenie
              api_key: ${GENIE_KEY}
              tags: [t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14, t15, t16, t17, t18, t19, t20, t21]
        """);

    assertThat(p.line()).isEqualTo(5);
    assertThat(p.message()).isEqualTo("Opsgenie takes at most 20 tags, got 21");
  }
}
