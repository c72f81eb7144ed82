package dev.medic.config;

import com.fasterxml.jackson.annotation.JsonAlias;
import dev.medic.spi.ActionSpec;
import java.time.Duration;
import java.util.List;

/**
 * A remedy bound to conditions. Strategies that match an incident form its ladder, in file order:
 * each is tried up to {@code max_attempts} times, then the next one.
 *
 * @param targets limits the strategy to these targets; empty means every target
 * @param cooldown minimum time between two runs of this strategy on one target
 * @param destructive marks the remedy as data-losing or disruptive even if its action kind is not
 * @param approval {@code required} or {@code none}; defaults to required for destructive remedies
 * @param approvalTimeout how long an approval request waits before the incident escalates
 */
public record StrategyConfig(
    String name,
    List<String> conditions,
    ActionSpec action,
    Integer maxAttempts,
    @JsonAlias("cooldown_seconds") Duration cooldown,
    Boolean destructive,
    List<String> targets,
    String approval,
    Duration approvalTimeout) {

  /**
   * The condition whose strategies extend every ladder once its own strategies are exhausted: the
   * heavier remedies (rebuild, failover) for a problem the usual ones did not fix.
   */
  public static final String PERSISTENT_FAILURE = "persistent_failure";

  public StrategyConfig {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name is required");
    }
    if (conditions == null || conditions.isEmpty()) {
      throw new IllegalArgumentException("conditions must list at least one condition");
    }
    if (action == null) {
      throw new IllegalArgumentException("action is required: a mapping with a type: (see docs/configuration.md)");
    }
    conditions = List.copyOf(conditions);
    maxAttempts = maxAttempts == null ? 3 : maxAttempts;
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("max_attempts must be >= 1, got " + maxAttempts);
    }
    cooldown = cooldown == null ? Duration.ofSeconds(60) : cooldown;
    destructive = destructive != null && destructive;
    targets = targets == null ? List.of() : List.copyOf(targets);
    boolean isDestructive = destructive || action.destructive();
    approval = approval == null ? (isDestructive ? "required" : "none") : approval;
    if (!approval.equals("required") && !approval.equals("none")) {
      throw new IllegalArgumentException("approval must be required or none, got '" + approval + "'");
    }
    approvalTimeout = approvalTimeout == null ? Duration.ofMinutes(15) : approvalTimeout;
    if (approvalTimeout.isZero() || approvalTimeout.isNegative()) {
      throw new IllegalArgumentException("approval_timeout must be positive, got " + approvalTimeout);
    }
  }

  /** Destructive remedies wait for a person unless the strategy says {@code approval: none}. */
  public boolean needsApproval() {
    return approval.equals("required");
  }

  public boolean appliesTo(String target, String condition) {
    return conditions.contains(condition) && (targets.isEmpty() || targets.contains(target));
  }
}
