package dev.medic.spi;

/** Outcome of one check run. DEGRADED means "works, but outside a limit" (for example too slow). */
public enum Status {
  UP,
  DEGRADED,
  DOWN,
  UNKNOWN;

  public boolean healthy() {
    return this == UP;
  }
}
