package dev.medic.heal;

import dev.medic.detect.TargetDetector;
import dev.medic.incident.IncidentBook;
import dev.medic.spi.Incident;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * No remedies on a target that flaps: while it has an open {@code flapping} incident, actions on its
 * other incidents wait. A restart of something that comes and goes by itself only adds to the churn
 * and burns the hourly budget; once the target settles (the detector clears {@code flapping}), the
 * waiting actions go ahead if their incidents still hold. The flapping incident itself is not held:
 * it has no strategy unless one is configured for it, and then that strategy is what is wanted.
 */
public final class FlappingHold implements Hold {

  private final IncidentBook book;
  private final Duration recheck;

  /** @param recheck how long a held action waits before the hold is asked again */
  public FlappingHold(IncidentBook book, Duration recheck) {
    this.book = book;
    this.recheck = recheck;
  }

  @Override
  public Optional<Held> on(Incident incident, Instant now) {
    if (incident.condition().equals(TargetDetector.FLAPPING)) {
      return Optional.empty();
    }
    return book.openIncident(incident.target(), TargetDetector.FLAPPING)
        .map(flapping -> new Held(incident.target() + " is flapping (incident #" + flapping.id()
            + "): healing waits until it settles", now.plus(recheck)));
  }
}
