package dev.medic.config;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Optional;

/**
 * A whole medic configuration file.
 *
 * @param redactor hides the secrets this file holds (values from {@code ${ENV}}, URL passwords,
 *     secret query parameters) in any text: pass every output that may hold a config value through
 *     {@code redactor().redact(text)}
 * @param maintenance planned windows when medic holds its actions and messages for what they match
 * @param access who may use the API: tokens, roles, anonymous reading
 */
public record MedicConfig(
    @JsonAlias("monitoring") AgentSettings agent,
    List<TargetConfig> targets,
    @JsonAlias("healing_strategies") List<StrategyConfig> strategies,
    EscalationConfig escalation,
    @JsonIgnore Redactor redactor,
    List<ReportConfig> reports,
    List<MaintenanceWindow> maintenance,
    AccessConfig access) {

  public MedicConfig {
    agent = agent == null ? AgentSettings.defaults() : agent;
    targets = targets == null ? List.of() : List.copyOf(targets);
    strategies = strategies == null ? List.of() : List.copyOf(strategies);
    escalation = escalation == null ? EscalationConfig.defaults() : escalation;
    redactor = redactor == null ? Redactor.none() : redactor;
    reports = reports == null ? List.of() : List.copyOf(reports);
    maintenance = maintenance == null ? List.of() : List.copyOf(maintenance);
    access = access == null ? AccessConfig.defaults() : access;
  }

  public MedicConfig(AgentSettings agent, List<TargetConfig> targets, List<StrategyConfig> strategies,
      EscalationConfig escalation) {
    this(agent, targets, strategies, escalation, null, null, null, null);
  }

  /** A config with scheduled reports ({@code reports:}). */
  public MedicConfig(AgentSettings agent, List<TargetConfig> targets, List<StrategyConfig> strategies,
      EscalationConfig escalation, List<ReportConfig> reports) {
    this(agent, targets, strategies, escalation, null, reports, null, null);
  }

  public Optional<ReportConfig> report(String name) {
    return reports.stream().filter(r -> r.name().equals(name)).findFirst();
  }

  public Optional<TargetConfig> target(String name) {
    return targets.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /**
   * The strategies a target allows: those it may use for some condition (no {@code targets:} list, or
   * one naming it), less those that need a process medic supervises when it supervises none. The only
   * remedies an analyst may suggest or anyone may propose for its incidents.
   */
  public List<StrategyConfig> strategiesFor(String target) {
    boolean supervised = target(target).map(t -> t.process() != null).orElse(false);
    return strategies.stream()
        .filter(s -> s.targets().isEmpty() || s.targets().contains(target))
        .filter(s -> supervised || !s.action().needsSupervisedProcess())
        .toList();
  }

  public MedicConfig withAgent(AgentSettings newAgent) {
    return new MedicConfig(newAgent, targets, strategies, escalation, redactor, reports, maintenance, access);
  }

  /** The same config with other targets (detection overrides laid over the file's). */
  public MedicConfig withTargets(List<TargetConfig> newTargets) {
    return new MedicConfig(agent, newTargets, strategies, escalation, redactor, reports, maintenance, access);
  }

  public MedicConfig withRedactor(Redactor newRedactor) {
    return new MedicConfig(agent, targets, strategies, escalation, newRedactor, reports, maintenance, access);
  }
}
