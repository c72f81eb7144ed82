package dev.medic.config;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import dev.medic.spi.Durations;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * A planned time when medic keeps its hands off what the matchers select (and, unless {@code
 * allow_healing}, keeps quiet about it): once, from {@code start} to {@code end}, or every time the
 * cron {@code schedule} fires in {@code zone}, for {@code duration}.
 *
 * @param start ISO-8601 with an offset ({@code 2026-12-01T02:00:00+01:00}); a one-off window
 * @param schedule five-field cron (minute hour day-of-month month day-of-week); a recurring window
 * @param zone the time zone the schedule is read in; default UTC
 * @param allowHealing true: medic still heals, only messages to people are held back
 */
public record MaintenanceWindow(
    String name,
    List<LabelMatcher> matchers,
    String start,
    String end,
    String schedule,
    Duration duration,
    String zone,
    String comment,
    Boolean allowHealing) {

  public MaintenanceWindow {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name is required");
    }
    matchers = matchers == null ? List.of() : List.copyOf(matchers);
    if (matchers.isEmpty()) {
      throw new IllegalArgumentException("matchers must list at least one matcher (name, operator, value),"
          + " like {name: target, value: db}");
    }
    comment = comment == null ? "" : comment;
    allowHealing = allowHealing != null && allowHealing;
    if (schedule != null) {
      if (start != null || end != null) {
        throw new IllegalArgumentException("schedule: give either start and end (a one-off window) or schedule"
            + " and duration (a recurring one), not both");
      }
      cronOf(schedule);
      if (duration == null) {
        throw new IllegalArgumentException("duration is required with schedule (how long each window lasts, like 2h)");
      }
      if (duration.isZero() || duration.isNegative()) {
        throw new IllegalArgumentException("duration must be more than 0, got " + Durations.format(duration));
      }
      zone = zone == null ? "UTC" : zone;
      zoneOf(zone);
    } else {
      if (start == null && end == null) {
        throw new IllegalArgumentException("start and end are required for a one-off window, or schedule and"
            + " duration for a recurring one");
      }
      if (start == null) {
        throw new IllegalArgumentException("start is required with end");
      }
      if (end == null) {
        throw new IllegalArgumentException("end is required with start");
      }
      if (duration != null || zone != null) {
        throw new IllegalArgumentException((duration != null ? "duration" : "zone")
            + " belongs to a recurring window: give schedule too, or leave it out of a one-off window");
      }
      Instant from = instantOf("start", start);
      Instant to = instantOf("end", end);
      if (!to.isAfter(from)) {
        throw new IllegalArgumentException("end must be after start, got start " + start + " and end " + end);
      }
    }
  }

  public boolean recurring() {
    return schedule != null;
  }

  /** The start of a one-off window; null for a recurring one. */
  public Instant startsAt() {
    return start == null ? null : instantOf("start", start);
  }

  /** The end of a one-off window; null for a recurring one. */
  public Instant endsAt() {
    return end == null ? null : instantOf("end", end);
  }

  /** The schedule of a recurring window; null for a one-off one. */
  public Cron cron() {
    return schedule == null ? null : cronOf(schedule);
  }

  public ZoneId zoneId() {
    return zone == null ? null : zoneOf(zone);
  }

  private static Cron cronOf(String schedule) {
    try {
      return new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX)).parse(schedule).validate();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("schedule must be a 5-field cron expression (minute hour day-of-month"
          + " month day-of-week, like '0 2 * * 0'), got '" + schedule + "': " + e.getMessage(), e);
    }
  }

  private static ZoneId zoneOf(String zone) {
    try {
      return ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("zone must be a time zone like UTC or Europe/Berlin, got '" + zone + "'", e);
    }
  }

  private static Instant instantOf(String key, String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(key + " must be an ISO-8601 time with an offset, like"
          + " 2026-12-01T02:00:00+01:00, got '" + text + "'", e);
    }
  }
}
