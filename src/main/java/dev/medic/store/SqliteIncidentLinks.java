package dev.medic.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.jdbi.v3.core.Jdbi;

/** Root-cause links in the SQLite store ({@code incident_links}, V6). */
final class SqliteIncidentLinks implements IncidentLinks {

  private final Jdbi jdbi;
  private final SqliteWrites writes;

  SqliteIncidentLinks(Jdbi jdbi, SqliteWrites writes) {
    this.jdbi = jdbi;
    this.writes = writes;
  }

  @Override
  public void link(long symptomId, long rootId, Instant at) {
    Link link = new Link(symptomId, rootId, at, null);
    synchronized (writes.lock()) {
      // Held, the unique index cannot refuse a second root: the same rule is applied to what readers see.
      if (writes.held().holding() && active().stream().anyMatch(l -> l.symptomId() == symptomId)) {
        throw new IllegalStateException("incident " + symptomId + " is already linked to a root");
      }
      writes.write(() -> dbLink(link), new PendingWrite.Link(link));
    }
  }

  void dbLink(Link link) {
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO incident_links (symptom_id, root_id, linked_at)"
            + " VALUES (:symptom, :root, :at)")
        .bind("symptom", link.symptomId())
        .bind("root", link.rootId())
        .bind("at", link.linkedAt().toEpochMilli())
        .execute());
  }

  @Override
  public void unlink(long symptomId, Instant at) {
    writes.write(() -> dbUnlink(symptomId, at), new PendingWrite.Unlink(symptomId, at));
  }

  void dbUnlink(long symptomId, Instant at) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE incident_links SET unlinked_at = :at"
            + " WHERE symptom_id = :symptom AND unlinked_at IS NULL")
        .bind("symptom", symptomId)
        .bind("at", at.toEpochMilli())
        .execute());
  }

  @Override
  public List<Link> active() {
    return read(" WHERE unlinked_at IS NULL", null, Link::active);
  }

  @Override
  public List<Link> ofRoot(long rootId) {
    return read(" WHERE root_id = :root", rootId, l -> l.rootId() == rootId);
  }

  /** Committed rows, with the held links and ends applied while the store holds writes. */
  private List<Link> read(String where, Long rootId, Predicate<Link> selected) {
    return writes.held().consistent(() -> {
      List<Link> committed = jdbi.withHandle(h -> {
        var q = h.createQuery("SELECT * FROM incident_links" + where + " ORDER BY id");
        if (rootId != null) {
          q.bind("root", rootId);
        }
        return q.map((rs, ctx) -> linkOf(rs)).list();
      });
      return writes.held().view(backlog -> backlog.links(committed), committed).stream().filter(selected).toList();
    });
  }

  private static Link linkOf(ResultSet rs) throws SQLException {
    long unlinked = rs.getLong("unlinked_at");
    Instant unlinkedAt = rs.wasNull() ? null : Instant.ofEpochMilli(unlinked);
    return new Link(rs.getLong("symptom_id"), rs.getLong("root_id"), Instant.ofEpochMilli(rs.getLong("linked_at")),
        unlinkedAt);
  }
}
