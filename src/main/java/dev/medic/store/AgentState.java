package dev.medic.store;

import java.time.Instant;
import java.util.Optional;

/**
 * What medic remembers of itself across its runs, so that a start can tell how long nothing was
 * watched and whether the stop before it was planned. Each write commits on return and is not held
 * when the store cannot write: a mark that fails is simply written again at the next interval.
 */
public interface AgentState {

  /** medic is running at this moment. */
  void alive(Instant at);

  /** medic is stopping on purpose at this moment (it was alive until then). */
  void stoppedCleanly(Instant at);

  /** The last moment medic was known to run; empty before the first run on this store. */
  Optional<Instant> lastAlive();

  /** When medic last stopped on purpose; empty if it never did. */
  Optional<Instant> stoppedCleanlyAt();
}
