package dev.medic.schedule;

import dev.medic.spi.Observation;
import java.time.Duration;
import java.util.List;

/** Runs a target's checks now, for whoever must see their results at once (Verify after an action). */
public interface Prober {

  /**
   * Runs every check of the target now and returns the observations of the runs that ended within
   * {@code patience}; each run still ends within its own timeout. A check already running is not
   * started again. Results that come later, and those of runs already going, take the usual way.
   */
  List<Observation> probeNow(String target, Duration patience) throws InterruptedException;
}
