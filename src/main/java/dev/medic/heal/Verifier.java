package dev.medic.heal;

import dev.medic.incident.Incident;
import java.time.Duration;
import java.time.Instant;

/**
 * Re-probes a target after an action until it is healed or the deadline passes. Healed means: the
 * incident's condition cleared and every check of the target ran healthy after the action.
 */
@FunctionalInterface
public interface Verifier {

  /**
   * @return how the target stands after waiting: healed, or still failing (with why)
   */
  Result verify(Incident incident, Instant actedAt, Duration timeout) throws InterruptedException;

  /**
   * @param failingChecks how many checks of the target still fail (to tell "made worse")
   */
  record Result(boolean healed, int failingChecks, String detail) {}
}
