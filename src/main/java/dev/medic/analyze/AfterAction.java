package dev.medic.analyze;

import dev.medic.spi.Incident;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * What surrounds an external agent that may change the watched systems: whether it may act now at
 * all, and, after it ran, a verify of the incident's target as medic verifies after any of its own
 * actions (re-probes until the condition cleared and every check stayed healthy for the settle
 * period, or the verify timeout passes).
 */
@FunctionalInterface
public interface AfterAction {

  /** @param actedAt when the agent started: only check runs after it count */
  Result verify(Incident incident, Instant actedAt) throws InterruptedException;

  /**
   * Why an agent may not act on the incident now ({@code mode observe: medic only records}, a dry
   * run), or empty when it may. Then it is not run, and that is recorded.
   */
  default Optional<String> refusal(Incident incident) {
    return Optional.empty();
  }

  /** @param healthy true when the target is healthy now; {@code detail} says what was seen */
  record Result(boolean healthy, String detail) {}

  /** A verify with a refusal beside it. */
  static AfterAction of(AfterAction verify, Function<Incident, Optional<String>> refusal) {
    return new AfterAction() {
      @Override
      public Result verify(Incident incident, Instant actedAt) throws InterruptedException {
        return verify.verify(incident, actedAt);
      }

      @Override
      public Optional<String> refusal(Incident incident) {
        return refusal.apply(incident);
      }
    };
  }

  /** For a medic that cannot verify: the target is never taken as healed. */
  AfterAction NONE = (incident, actedAt) -> new Result(false, "not verified: no verifier");
}
