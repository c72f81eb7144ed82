package dev.medic.spi;

import java.time.Duration;

/**
 * One check of a target. Implementations must honour the timeout themselves (socket, request,
 * process timeouts); the scheduler additionally interrupts a run that overstays it.
 */
public interface Probe {

  ProbeResult run(Duration timeout) throws InterruptedException;

  /**
   * Releases what the probe keeps between runs (an open connection to a broker). Called once,
   * when the check is unscheduled (reload, shutdown) and no run is in flight.
   */
  default void close() {}

  /**
   * Before the first run after a restart of medic: the last observation this check recorded, so a
   * probe that keeps memory between runs (how long a queue has not moved) continues from it rather
   * than starting its clocks again. It is the newest recorded, however old: the probe judges
   * whether it is still worth continuing from (a log position is; a queue's stall clock after a
   * day-long stop is not).
   */
  default void resume(Observation last) {}
}
