package dev.medic.heal;

import dev.medic.config.Mode;
import dev.medic.config.AgentSettings;
import dev.medic.config.StrategyConfig;
import dev.medic.config.TargetConfig;
import dev.medic.spi.Incident;
import dev.medic.store.HealingLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The safety policy consulted before every action. Cooldowns and hourly budgets are counted from
 * the healing ledger in the store, so they hold across restarts of medic.
 */
public final class Guard {

  /**
   * The verdict on one intended action.
   *
   * @param retryAt when a denial is only a matter of time (cooldown), the moment to ask again
   */
  public record Decision(boolean allowed, String reason, Instant retryAt) {
    static Decision allow() {
      return new Decision(true, "allowed", null);
    }

    static Decision deny(String reason) {
      return new Decision(false, reason, null);
    }

    static Decision later(String reason, Instant retryAt) {
      return new Decision(false, reason, retryAt);
    }

    public boolean waitable() {
      return retryAt != null;
    }
  }

  private final HealingLedger ledger;
  private final CircuitBreaker breaker;
  private final Clock clock;
  private final List<Hold> holds;

  public Guard(HealingLedger ledger, CircuitBreaker breaker, Clock clock) {
    this(ledger, breaker, clock, List.of());
  }

  /** @param holds asked before every action, in order: the first that holds makes the action wait */
  public Guard(HealingLedger ledger, CircuitBreaker breaker, Clock clock, List<Hold> holds) {
    this.ledger = ledger;
    this.breaker = breaker;
    this.clock = clock;
    this.holds = List.copyOf(holds);
  }

  public Decision check(Incident incident, StrategyConfig strategy, TargetConfig target, AgentSettings agent) {
    if (agent.mode() == Mode.OBSERVE) {
      return Decision.deny("mode observe: medic only records");
    }
    if (agent.mode() == Mode.ESCALATE_ONLY) {
      return Decision.deny("mode escalate-only: medic does not act");
    }
    if (!target.autoHeal()) {
      return Decision.deny("auto_heal is off for target " + target.name());
    }
    String breakerOpen = breaker.openReason();
    if (breakerOpen != null) {
      return Decision.deny(breakerOpen);
    }
    Instant now = clock.instant();
    for (Hold hold : holds) {
      Optional<Hold.Held> held = hold.on(incident, now);
      if (held.isPresent()) {
        return Decision.later(held.get().reason(), held.get().until());
      }
    }
    Optional<Instant> last = ledger.lastAction(incident.target(), strategy.name());
    if (last.isPresent()) {
      Instant ready = last.get().plus(strategy.cooldown());
      if (now.isBefore(ready)) {
        return Decision.later("cooldown: " + strategy.name() + " ran on " + incident.target() + " at "
            + last.get() + ", cooldown " + strategy.cooldown().toSeconds() + " s", ready);
      }
    }
    int limit = target.maxHealsPerHour() == null ? agent.maxHealsPerHour() : target.maxHealsPerHour();
    int taken = ledger.actionsSince(incident.target(), now.minus(Duration.ofHours(1)));
    if (taken >= limit) {
      return Decision.deny("rate limit: " + taken + " actions on " + incident.target()
          + " in the last hour (max_heals_per_hour " + limit + ")");
    }
    return Decision.allow();
  }

  public CircuitBreaker breaker() {
    return breaker;
  }
}
