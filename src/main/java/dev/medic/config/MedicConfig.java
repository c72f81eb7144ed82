package dev.medic.config;

import com.fasterxml.jackson.annotation.JsonAlias;
import java.util.List;
import java.util.Optional;

/** A whole medic configuration file. */
public record MedicConfig(
    @JsonAlias("monitoring") AgentSettings agent,
    List<TargetConfig> targets,
    @JsonAlias("healing_strategies") List<StrategyConfig> strategies,
    EscalationConfig escalation) {

  public MedicConfig {
    agent = agent == null ? AgentSettings.defaults() : agent;
    targets = targets == null ? List.of() : List.copyOf(targets);
    strategies = strategies == null ? List.of() : List.copyOf(strategies);
    escalation = escalation == null ? EscalationConfig.defaults() : escalation;
  }

  public Optional<TargetConfig> target(String name) {
    return targets.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  public MedicConfig withAgent(AgentSettings newAgent) {
    return new MedicConfig(newAgent, targets, strategies, escalation);
  }
}
