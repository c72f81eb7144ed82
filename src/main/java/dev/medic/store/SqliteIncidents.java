package dev.medic.store;

import dev.medic.config.Redactor;
import dev.medic.spi.Incident;
import dev.medic.spi.TimelineEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/** Incidents and their timelines in the SQLite store ({@code incidents}, {@code incident_events}). */
final class SqliteIncidents implements Incidents {

  static final String TABLE = "incidents";

  private static final String COLUMNS = "target, condition, severity, state, message, opened_at, updated_at,"
      + " healing_attempts, strategies_tried, escalated, resolution_status, resolution_details, resolved_at,"
      + " resolution_time_seconds, created_at";
  private static final String VALUES = ":target, :condition, :severity, :state, :message, :opened, :updated,"
      + " :attempts, :tried, :escalated, :rstatus, :rdetails, :resolved, :rseconds, :created";

  private final Jdbi jdbi;
  private final SqliteWrites writes;
  private final Supplier<Redactor> secrets;

  SqliteIncidents(Jdbi jdbi, SqliteWrites writes, Supplier<Redactor> secrets) {
    this.jdbi = jdbi;
    this.writes = writes;
    this.secrets = secrets;
  }

  private HeldWrites held() {
    return writes.held();
  }

  @Override
  public Incident insert(Incident raw) {
    Incident i = raw.withTexts(secrets.get()::redact);
    return i.withId(writes.insert(TABLE, () -> dbInsert(i), id -> new PendingWrite.InsertIncident(i.withId(id))));
  }

  @Override
  public Opened openIfAbsent(Incident raw) {
    Incident i = raw.withTexts(secrets.get()::redact);
    synchronized (writes.lock()) {
      if (held().holding()) {
        // Held incidents count: the open one may not be in the file yet.
        Optional<Incident> open = list(true, Integer.MAX_VALUE).stream()
            .filter(o -> o.target().equals(i.target()) && o.condition().equals(i.condition())).findFirst();
        if (open.isPresent()) {
          return new Opened(open.get(), false);
        }
        return new Opened(i.withId(writes.holdInsert(TABLE, id -> new PendingWrite.InsertIncident(i.withId(id)),
            held().problem())), true);
      }
      Opened[] opened = {null};
      Optional<String> reason = writes.tryCommit(() -> {
        Optional<Long> id = dbInsertIfAbsent(i);
        if (id.isEmpty()) {
          opened[0] = new Opened(dbOpen(i.target(), i.condition()).orElseThrow(), false);
          return null;
        }
        writes.sawId(TABLE, id.get());
        opened[0] = new Opened(i.withId(id.get()), true);
        return new PendingWrite.InsertIncident(opened[0].incident());
      });
      if (reason.isPresent()) {
        // Only an insert needs to write: nothing open was in the way, so it is held like any insert.
        long id = writes.holdInsert(TABLE, n -> new PendingWrite.InsertIncident(i.withId(n)), reason.get());
        return new Opened(i.withId(id), true);
      }
      return opened[0];
    }
  }

  /** Inserts with the incident's own id if it has one (a held insert), else the next one. */
  long dbInsert(Incident i) {
    String idColumn = i.id() > 0 ? "id, " : "";
    String idValue = i.id() > 0 ? ":id, " : "";
    return jdbi.withHandle(h -> h.createUpdate(
            "INSERT INTO incidents (" + idColumn + COLUMNS + ") VALUES (" + idValue + VALUES + ")")
        .bindMap(SqliteRows.columns(i))
        .bind("id", i.id())
        .bind("created", i.openedAt().toEpochMilli())
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one());
  }

  /** The new incident's id, or empty if one for its target and condition is open (the partial unique index). */
  private Optional<Long> dbInsertIfAbsent(Incident i) {
    return jdbi.withHandle(h -> {
      int inserted = h.createUpdate("INSERT INTO incidents (" + COLUMNS + ") VALUES (" + VALUES + ")"
              + " ON CONFLICT (target, condition) WHERE state <> 'resolved' DO NOTHING")
          .bindMap(SqliteRows.columns(i))
          .bind("created", i.openedAt().toEpochMilli())
          .execute();
      return inserted == 0 ? Optional.<Long>empty()
          : Optional.of(h.createQuery("SELECT last_insert_rowid()").mapTo(Long.class).one());
    });
  }

  private Optional<Incident> dbOpen(String target, String condition) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT * FROM incidents WHERE target = :target AND condition = :condition AND state <> 'resolved'")
        .bind("target", target)
        .bind("condition", condition)
        .map((rs, ctx) -> SqliteRows.incidentOf(rs))
        .findOne());
  }

  @Override
  public void update(Incident raw) {
    Incident i = raw.withTexts(secrets.get()::redact);
    writes.write(() -> dbUpdate(i), new PendingWrite.UpdateIncident(i));
  }

  void dbUpdate(Incident i) {
    int n = jdbi.withHandle(h -> h.createUpdate(
            "UPDATE incidents SET severity = :severity, state = :state, message = :message,"
                + " updated_at = :updated, healing_attempts = :attempts, strategies_tried = :tried,"
                + " escalated = :escalated, resolution_status = :rstatus, resolution_details = :rdetails,"
                + " resolved_at = :resolved, resolution_time_seconds = :rseconds WHERE id = :id")
        .bindMap(SqliteRows.columns(i))
        .bind("id", i.id())
        .execute());
    if (n != 1) {
      throw new IllegalStateException("incident " + i.id() + " does not exist");
    }
  }

  @Override
  public Optional<Incident> get(long id) {
    if (held().holding()) {
      synchronized (writes.lock()) {
        Optional<Incident> held = held().backlog().incident(id);
        return held.isPresent() ? held : dbGet(id);
      }
    }
    return dbGet(id);
  }

  private Optional<Incident> dbGet(long id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM incidents WHERE id = :id")
        .bind("id", id)
        .map((rs, ctx) -> SqliteRows.incidentOf(rs))
        .findOne());
  }

  @Override
  public List<Incident> list(Boolean open, int limit) {
    if (held().holding()) {
      synchronized (writes.lock()) {
        Map<Long, Incident> held = held().backlog().incidents();
        // A held update may take a committed incident out of the selection (resolved it): the
        // filter runs again over the merged versions. Incidents only move forward, never back in.
        return WriteBacklog.merge(dbList(open, (int) Math.min(Integer.MAX_VALUE, (long) limit + held.size())), held,
            Incident::id, i -> open == null || i.isOpen() == open, limit);
      }
    }
    return dbList(open, limit);
  }

  private List<Incident> dbList(Boolean open, int limit) {
    String where = open == null ? "" : open ? " WHERE state <> 'resolved'" : " WHERE state = 'resolved'";
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM incidents" + where + " ORDER BY id DESC LIMIT :limit")
        .bind("limit", limit)
        .map((rs, ctx) -> SqliteRows.incidentOf(rs))
        .list());
  }

  @Override
  public void appendTimeline(TimelineEvent raw) {
    TimelineEvent e = new TimelineEvent(raw.incidentId(), raw.at(), raw.event(), secrets.get().redact(raw.detail()));
    writes.write(() -> dbAppendTimeline(e), new PendingWrite.AppendTimeline(e));
  }

  void dbAppendTimeline(TimelineEvent e) {
    jdbi.useHandle(h -> h.createUpdate(
            "INSERT INTO incident_events (incident_id, at, event, detail) VALUES (:incident, :at, :event, :detail)")
        .bind("incident", e.incidentId())
        .bind("at", e.at().toEpochMilli())
        .bind("event", e.event())
        .bind("detail", e.detail() == null ? "" : e.detail())
        .execute());
  }

  @Override
  public List<TimelineEvent> timeline(long incidentId) {
    if (held().holding()) {
      synchronized (writes.lock()) {
        List<TimelineEvent> all = new ArrayList<>(dbTimeline(incidentId));
        all.addAll(held().backlog().timeline(incidentId));
        return all;
      }
    }
    return dbTimeline(incidentId);
  }

  private List<TimelineEvent> dbTimeline(long incidentId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM incident_events WHERE incident_id = :id ORDER BY id")
        .bind("id", incidentId)
        .map((rs, ctx) -> new TimelineEvent(rs.getLong("incident_id"), Instant.ofEpochMilli(rs.getLong("at")),
            rs.getString("event"), rs.getString("detail")))
        .list());
  }

  @Override
  public Map<String, Instant> lastResolved(Instant since) {
    Map<String, Instant> byTarget = new HashMap<>();
    jdbi.useHandle(h -> h.createQuery("SELECT target, max(resolved_at) AS at FROM incidents"
            + " WHERE resolution_status = :resolved AND resolved_at >= :since GROUP BY target")
        .bind("resolved", Incident.RESOLVED)
        .bind("since", since.toEpochMilli())
        .map((rs, ctx) -> Map.entry(rs.getString("target"), Instant.ofEpochMilli(rs.getLong("at"))))
        .forEach(e -> byTarget.put(e.getKey(), e.getValue())));
    return byTarget;
  }

  @Override
  public List<Incident> closedLike(String target, String condition, Instant before, int limit) {
    if (held().holding()) {
      return Incidents.super.closedLike(target, condition, before, limit);
    }
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM incidents WHERE target = :target AND condition = :condition"
            + " AND state = 'resolved' AND opened_at < :before ORDER BY opened_at DESC, id DESC LIMIT :limit")
        .bind("target", target)
        .bind("condition", condition)
        .bind("before", before.toEpochMilli())
        .bind("limit", limit)
        .map((rs, ctx) -> SqliteRows.incidentOf(rs))
        .list());
  }

  @Override
  public List<Incident> overlapping(Instant from, Instant to, int limit) {
    if (held().holding()) {
      return Incidents.super.overlapping(from, to, limit);
    }
    // Bounded below so that the index on opened_at is walked a week back at most, not through all
    // history; an incident still open is open now, and callers take those from the open ones.
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM incidents WHERE opened_at <= :to AND opened_at >= :floor"
            + " AND (resolved_at IS NULL OR resolved_at >= :from) ORDER BY opened_at DESC, id DESC LIMIT :limit")
        .bind("floor", from.minus(java.time.Duration.ofDays(7)).toEpochMilli())
        .bind("from", from.toEpochMilli())
        .bind("to", to.toEpochMilli())
        .bind("limit", limit)
        .map((rs, ctx) -> SqliteRows.incidentOf(rs))
        .list());
  }
}
