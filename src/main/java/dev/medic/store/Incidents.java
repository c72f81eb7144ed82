package dev.medic.store;

import dev.medic.spi.Incident;
import dev.medic.spi.TimelineEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Incidents and their timelines. At most one incident per (target, condition) is open at a time. */
public interface Incidents {

  /**
   * Inserts an open incident and returns it with its id.
   *
   * @throws RuntimeException if an incident for its target and condition is open already
   */
  Incident insert(Incident incident);

  /**
   * The open incident for the incident's target and condition: the one already open, or this one,
   * inserted. The database decides (a unique index over open incidents), so two callers racing
   * for one condition get one incident.
   */
  Opened openIfAbsent(Incident incident);

  /**
   * What {@link #openIfAbsent} found.
   *
   * @param created true if the incident was inserted by this call, false if it was open already
   */
  record Opened(Incident incident, boolean created) {}

  void update(Incident incident);

  Optional<Incident> get(long id);

  /** Most recent first; {@code open} null means all. */
  List<Incident> list(Boolean open, int limit);

  void appendTimeline(TimelineEvent event);

  /** Oldest first. */
  List<TimelineEvent> timeline(long incidentId);

  /**
   * Per target, when its last incident that cleared ({@link Incident#RESOLVED}, not a symptom)
   * was resolved, among those resolved since the instant (the healer's backoff resets from this).
   */
  Map<String, Instant> lastResolved(Instant since);

  /**
   * Closed incidents of the target and condition that opened before the instant, newest first: what
   * happened the last times this went wrong.
   */
  default List<Incident> closedLike(String target, String condition, Instant before, int limit) {
    return list(false, Integer.MAX_VALUE).stream()
        .filter(i -> i.target().equals(target) && i.condition().equals(condition) && i.openedAt().isBefore(before))
        .limit(limit)
        .toList();
  }

  /**
   * Incidents that were open at some moment within [from, to]: opened by {@code to}, at most a week
   * before {@code from}, and not resolved before {@code from}. Newest opening first.
   */
  default List<Incident> overlapping(Instant from, Instant to, int limit) {
    Instant floor = from.minus(java.time.Duration.ofDays(7));
    return list(null, Integer.MAX_VALUE).stream()
        .filter(i -> !i.openedAt().isAfter(to) && !i.openedAt().isBefore(floor)
            && (i.resolvedAt() == null || !i.resolvedAt().isBefore(from)))
        .limit(limit)
        .toList();
  }
}
