package dev.medic.runtime;

import dev.medic.spi.Status;
import java.time.Instant;

/**
 * Hears that a target's status (the worst over its checks' last runs) changed. Called on the check
 * path under the target's lock, only on a change: it must hand the news on and return.
 */
@FunctionalInterface
interface StatusListener {

  /** Hears nothing: for a Pipeline that nobody watches live. */
  StatusListener NONE = (target, before, now, at, message) -> {};

  /**
   * @param message the message of the check run that made the change
   */
  void changed(String target, Status before, Status now, Instant at, String message);
}
