package dev.medic.analyze;

import dev.medic.spi.Incident;
import java.time.Instant;

/**
 * Verifies an incident's target after an external agent may have changed it, as medic verifies
 * after any of its own actions: re-probes until the condition cleared and every check stayed healthy
 * for the settle period, or the verify timeout passes.
 */
@FunctionalInterface
public interface AfterAction {

  /** @param actedAt when the agent started: only check runs after it count */
  Result verify(Incident incident, Instant actedAt) throws InterruptedException;

  /** @param healthy true when the target is healthy now; {@code detail} says what was seen */
  record Result(boolean healthy, String detail) {}

  /** For a medic that cannot verify: the target is never taken as healed. */
  AfterAction NONE = (incident, actedAt) -> new Result(false, "not verified: no verifier");
}
