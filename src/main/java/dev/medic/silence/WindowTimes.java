package dev.medic.silence;

import com.cronutils.model.time.ExecutionTime;
import dev.medic.config.MaintenanceWindow;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** When a maintenance window from the config is on. */
final class WindowTimes {

  /** Who a window is "made by" in reports: the config file, not a person. */
  static final String AUTHOR = "config";

  private final MaintenanceWindow window;
  /** Parsed once per config: the schedule of a recurring window, null for a one-off one. */
  private final ExecutionTime fires;

  WindowTimes(MaintenanceWindow window) {
    this.window = window;
    this.fires = window.recurring() ? ExecutionTime.forCron(window.cron()) : null;
  }

  /**
   * The occurrence of the window that is on at {@code now}, if any. A recurring window is on from
   * the schedule's most recent fire time (read in the window's zone, so a daily 01:00 stays 01:00
   * local across a change to or from summer time) for its duration.
   */
  Optional<Suppression> at(Instant now) {
    Instant from;
    Instant until;
    if (fires == null) {
      from = window.startsAt();
      until = window.endsAt();
    } else {
      // Fire times fall on whole minutes and lastExecution is strictly before its argument: one
      // second past now (truncated) finds a fire at exactly now too.
      ZonedDateTime probe = now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1).atZone(window.zoneId());
      Optional<ZonedDateTime> last = fires.lastExecution(probe);
      if (last.isEmpty()) {
        return Optional.empty();
      }
      from = last.get().toInstant();
      until = from.plus(window.duration());
    }
    Suppression s = new Suppression("maintenance window '" + window.name() + "'", window.matchers(), from, until,
        window.comment(), AUTHOR, window.allowHealing());
    return s.activeAt(now) ? Optional.of(s) : Optional.empty();
  }
}
