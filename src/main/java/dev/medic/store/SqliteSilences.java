package dev.medic.store;

import dev.medic.config.LabelMatcher;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Silences in the SQLite store ({@code silences} and {@code silence_matchers}, V7). */
final class SqliteSilences implements Silences {

  private final Jdbi jdbi;

  SqliteSilences(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public Silence insert(Silence s) {
    // One transaction (or the caller's): a silence never exists without its matchers, which would
    // make it match everything.
    return jdbi.inTransaction(h -> {
      long id = h.createUpdate("INSERT INTO silences (starts_at, ends_at, comment, author, created_at,"
              + " allow_healing) VALUES (:starts, :ends, :comment, :author, :created, :allow)")
          .bind("starts", s.startsAt().toEpochMilli())
          .bind("ends", s.endsAt().toEpochMilli())
          .bind("comment", s.comment())
          .bind("author", s.author())
          .bind("created", s.createdAt().toEpochMilli())
          .bind("allow", s.allowHealing() ? 1 : 0)
          .executeAndReturnGeneratedKeys("id")
          .mapTo(Long.class)
          .one();
      for (int i = 0; i < s.matchers().size(); i++) {
        LabelMatcher m = s.matchers().get(i);
        h.createUpdate("INSERT INTO silence_matchers (silence_id, position, name, operator, value)"
                + " VALUES (:id, :position, :name, :operator, :value)")
            .bind("id", id)
            .bind("position", i)
            .bind("name", m.name())
            .bind("operator", m.operator())
            .bind("value", m.value())
            .execute();
      }
      return s.withId(id);
    });
  }

  @Override
  public Optional<Silence> get(long id) {
    return jdbi.withHandle(h -> read(h, "WHERE id = :id", Map.of("id", id)).stream().findFirst());
  }

  @Override
  public List<Silence> list(Instant now, boolean includeEnded) {
    return jdbi.withHandle(h -> includeEnded
        ? read(h, "", Map.of())
        : read(h, "WHERE ends_at > :now", Map.of("now", now.toEpochMilli())));
  }

  @Override
  public boolean expire(long id, Instant at, String by) {
    return jdbi.withHandle(h -> h.createUpdate("UPDATE silences SET ends_at = max(:at, starts_at),"
            + " expired_by = :by WHERE id = :id AND ends_at > :at")
        .bind("at", at.toEpochMilli())
        .bind("by", by)
        .bind("id", id)
        .execute()) == 1;
  }

  private static List<Silence> read(Handle h, String where, Map<String, Object> params) {
    var mq = h.createQuery("SELECT silence_id, name, operator, value FROM silence_matchers WHERE silence_id IN"
        + " (SELECT id FROM silences " + where + ") ORDER BY silence_id, position");
    params.forEach(mq::bind);
    Map<Long, List<LabelMatcher>> matchers = new LinkedHashMap<>();
    for (MatcherRow row : mq.map((rs, ctx) -> new MatcherRow(rs.getLong("silence_id"),
        new LabelMatcher(rs.getString("name"), rs.getString("operator"), rs.getString("value")))).list()) {
      matchers.computeIfAbsent(row.silenceId(), k -> new ArrayList<>()).add(row.matcher());
    }
    var q = h.createQuery("SELECT * FROM silences " + where + " ORDER BY id DESC");
    params.forEach(q::bind);
    return q.map((rs, ctx) -> silenceOf(rs, matchers.getOrDefault(rs.getLong("id"), List.of()))).list();
  }

  private record MatcherRow(long silenceId, LabelMatcher matcher) {}

  private static Silence silenceOf(ResultSet rs, List<LabelMatcher> matchers) throws SQLException {
    return new Silence(
        rs.getLong("id"),
        matchers,
        Instant.ofEpochMilli(rs.getLong("starts_at")),
        Instant.ofEpochMilli(rs.getLong("ends_at")),
        rs.getString("comment"),
        rs.getString("author"),
        Instant.ofEpochMilli(rs.getLong("created_at")),
        rs.getInt("allow_healing") == 1,
        rs.getString("expired_by"));
  }
}
