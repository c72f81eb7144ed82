package dev.medic.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.config.ConfigLoader;
import dev.medic.config.EscalationPolicy;
import dev.medic.config.EscalationStep;
import dev.medic.config.MedicConfig;
import dev.medic.runtime.Plugins;
import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Seed 000's Tier 2 as the website-monitor example writes it: who hands off to Claude Code, and when. */
class WebsiteMonitorExampleTest {

  private final MedicConfig config;

  WebsiteMonitorExampleTest() throws Exception {
    config = new ConfigLoader(Plugins.registry(), name -> null).load(Path.of("examples/website-monitor.yaml"));
  }

  @Test
  void claudeCodeReadsTheBundleOnStdinWithinTheSeedsLimits() {
    AgentHandoffSpec agent = (AgentHandoffSpec) config.escalation().analyst("claude-code").orElseThrow();

    assertThat(agent.command()).startsWith("claude", "-p").contains("--output-format", "json");
    assertThat(agent.bundle()).isEqualTo(BundleDelivery.STDIN);
    assertThat(agent.perHour()).isEqualTo(10);
    assertThat(agent.timeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(agent.passEnv()).containsExactly("PATH", "HOME", "ANTHROPIC_API_KEY");
    assertThat(agent.problems()).isEmpty();
  }

  @Test
  void dataCorruptionAndUnknownErrorsHandOffAsSoonAsTheyOpen() {
    for (String condition : List.of("cache_corruption", "log_critical")) {
      EscalationPolicy p = policyFor("spartan-web", condition, Severity.CRITICAL);
      assertThat(p.steps()).as(condition).contains(
          new EscalationStep(EscalationStep.OPENED, null, null, List.of(), null, List.of("claude-code")));
    }
  }

  @Test
  void aCriticalIncidentIsPagedAndHandedOffAtTheThirdHealingAttempt() {
    EscalationPolicy p = policyFor("spartan-web", "http_timeout", Severity.CRITICAL);

    assertThat(p.name()).isEqualTo("critical-after-three-attempts");
    assertThat(p.steps()).containsExactly(
        new EscalationStep(null, 3, null, List.of("on-call"), null, List.of()),
        new EscalationStep(null, 3, null, List.of(), null, List.of("claude-code")),
        new EscalationStep(EscalationStep.ESCALATED, null, null, List.of("on-call"), null, List.of()));
  }

  private EscalationPolicy policyFor(String target, String condition, Severity severity) {
    Incident incident = Incident.open(target, condition, severity, "", Instant.EPOCH);
    return config.escalation().policyFor(incident, Map.of()).orElseThrow();
  }
}
