package dev.medic.heal;

import dev.medic.spi.Incident;
import java.time.Duration;
import java.time.Instant;

/**
 * Re-probes a target after an action until it is healed or the deadline passes. Healed means: the
 * incident's condition no longer holds and every check of the target ran healthy after the action
 * and stayed healthy for the settle period, so that a service answering for a moment before it dies
 * again is not taken as healed.
 */
@FunctionalInterface
public interface Verifier {

  /**
   * @return how the target stands after waiting: healed, or still failing (with why)
   */
  Result verify(Incident incident, Instant actedAt, Duration timeout) throws InterruptedException;

  /**
   * Whether the incident's condition still holds on its target now (asked before each attempt: a
   * condition that cleared between attempts needs no further remedy).
   */
  default boolean holds(Incident incident) {
    return true;
  }

  /**
   * @param failingChecks how many checks of the target still fail (to tell "made worse")
   */
  record Result(boolean healed, int failingChecks, String detail) {}
}
