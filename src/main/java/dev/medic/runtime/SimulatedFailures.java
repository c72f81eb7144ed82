package dev.medic.runtime;

import dev.medic.spi.Observation;
import dev.medic.spi.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failure drills ({@code POST /api/debug/simulate-failure}): while one runs, every result of the
 * target's checks, scheduled or asked for by a verify, reads DOWN, so detection, healing and paging
 * run as they would for a real failure. It ends by itself at its time.
 */
final class SimulatedFailures {

  /** The condition a simulated failure raises unless the drill names one a strategy matches. */
  static final String CONDITION = "simulated_failure";

  private record Drill(Instant until, String by, String condition) {}

  private final Map<String, Drill> drills = new ConcurrentHashMap<>();
  private final Clock clock;

  SimulatedFailures(Clock clock) {
    this.clock = clock;
  }

  /** @return when the drill ends */
  Instant start(String target, Duration duration, String by, String condition) {
    Instant until = clock.instant().plus(duration);
    drills.put(target, new Drill(until, by, condition == null ? CONDITION : condition));
    return until;
  }

  /** The observation as the checks report it, or DOWN while a drill runs on its target. */
  Observation apply(Observation o) {
    Drill drill = drills.get(o.target());
    if (drill == null) {
      return o;
    }
    if (!clock.instant().isBefore(drill.until())) {
      drills.remove(o.target(), drill);
      return o;
    }
    return new Observation(o.at(), o.target(), o.check(), Status.DOWN, o.latency(), o.metrics(), drill.condition(),
        "simulated failure (by " + drill.by() + ")");
  }
}
