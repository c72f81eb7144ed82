package dev.medic.notify;

import dev.medic.spi.Incident;
import java.time.Instant;
import java.util.Optional;

/**
 * Keeps messages about an incident from people for a while (a silence or a maintenance window):
 * the {@link Escalator} asks before it sends anything but an all-clear.
 */
public interface Mute {

  /** Why messages about the incident are held back now (named so the log can say it); empty if not. */
  Optional<String> mutes(Incident incident, Instant now);

  static Mute none() {
    return (incident, now) -> Optional.empty();
  }
}
