package dev.medic.heal;

import dev.medic.spi.Incident;
import java.time.Instant;
import java.util.Optional;

/**
 * Something that keeps medic's hands off a target for a while without handing the incident to
 * people: a maintenance window, a target that flaps. The {@link Guard} asks every hold before every
 * action; a held action waits and is asked about again when the hold says it may end.
 */
public interface Hold {

  /** Why actions on the incident's target wait, and until when at the latest; empty if they may go ahead. */
  Optional<Held> on(Incident incident, Instant now);

  /**
   * @param until when to ask again (the end of a window, or a short re-check for a hold with no
   *     known end); never null
   */
  record Held(String reason, Instant until) {}
}
