package dev.medic.report;

import com.cronutils.model.time.ExecutionTime;
import dev.medic.config.ReportConfig;
import dev.medic.schedule.Timers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires each report at the times its cron expression names, read in its zone (so a daily 09:00 in
 * Europe/Amsterdam stays 09:00 across a change of daylight saving time). Each next time is computed
 * from the clock when the previous one fires, and waited for on medic's timers; the report itself is
 * made and sent away from the timer thread.
 */
public final class ReportSchedule implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger("medic.report");

  /** What happens when a report is due. */
  @FunctionalInterface
  public interface Fire {
    /** @param next when the report is due again, or null when never */
    void fire(ReportConfig report, Instant next) throws InterruptedException;
  }

  private final Timers timers;
  private final Clock clock;
  private final Fire fire;
  /** Each report's timer for its next time. */
  private final Map<String, Timers.Pending> pending = new HashMap<>();
  /** Bumped by every {@link #schedule}: a timer of an earlier config that still fires does nothing. */
  private long generation;

  public ReportSchedule(Timers timers, Clock clock, Fire fire) {
    this.timers = timers;
    this.clock = clock;
    this.fire = fire;
  }

  /** Replaces what was scheduled with these reports (at start, and after each reload). */
  public synchronized void schedule(List<ReportConfig> reports) {
    cancel();
    long current = ++generation;
    Instant now = clock.instant();
    for (ReportConfig r : reports) {
      arm(r, now, current);
    }
  }

  /** The first time the report is due strictly after the instant; empty if it never is again. */
  public static Optional<Instant> nextFire(ReportConfig report, Instant after) {
    ZonedDateTime from = after.atZone(report.zoneId());
    return ExecutionTime.forCron(report.cron()).nextExecution(from).map(ZonedDateTime::toInstant)
        .filter(next -> next.isAfter(after));
  }

  private synchronized void arm(ReportConfig r, Instant after, long current) {
    if (current != generation) {
      return;
    }
    Optional<Instant> due = nextFire(r, after);
    if (due.isEmpty()) {
      log.warn("report {}: its schedule '{}' names no time to come; it is not sent again", r.name(), r.schedule());
      return;
    }
    Instant at = due.get();
    long delay = Duration.between(clock.instant(), at).toNanos();
    pending.put(r.name(), timers.after(delay, () -> due(r, at, current)));
  }

  /** On the timer: arms the next time first (counted from this one, not from a late clock), then fires. */
  private void due(ReportConfig r, Instant at, long current) {
    synchronized (this) {
      if (current != generation) {
        return;
      }
    }
    // A timer that fired a little early must not fire this time twice: the next is after this one.
    Instant after = clock.instant().isAfter(at) ? clock.instant() : at;
    arm(r, after, current);
    Instant next = nextFire(r, after).orElse(null);
    timers.start(() -> {
      try {
        fire.fire(r, next);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        log.error("report {} failed", r.name(), e);
      }
    });
  }

  private void cancel() {
    pending.values().forEach(Timers.Pending::cancel);
    pending.clear();
  }

  @Override
  public synchronized void close() {
    generation++;
    cancel();
  }
}
