package dev.medic.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** API tokens in the SQLite store ({@code api_tokens}, V10): hashes, never tokens. */
final class SqliteApiTokens implements ApiTokens {

  private final Jdbi jdbi;

  SqliteApiTokens(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public ApiToken create(String name, String role, String sha256, Instant createdAt, String createdBy,
      Instant expiresAt) {
    return jdbi.inTransaction(h -> {
      if (h.createQuery("SELECT count(*) FROM api_tokens WHERE name = :name AND revoked_at IS NULL")
          .bind("name", name).mapTo(Integer.class).one() > 0) {
        throw new IllegalArgumentException("a token named '" + name + "' exists already; revoke it first");
      }
      long id;
      try {
        id = h.createUpdate("INSERT INTO api_tokens (name, role, sha256, created_at, created_by, expires_at)"
                + " VALUES (:name, :role, :sha, :created, :by, :expires)")
            .bind("name", name)
            .bind("role", role)
            .bind("sha", sha256)
            .bind("created", createdAt.toEpochMilli())
            .bind("by", createdBy)
            .bind("expires", expiresAt == null ? null : expiresAt.toEpochMilli())
            .executeAndReturnGeneratedKeys("id")
            .mapTo(Long.class)
            .one();
      } catch (UnableToExecuteStatementException e) {
        // Only a token made twice from the same secret collides on the hash.
        throw new IllegalArgumentException("token '" + name + "' could not be stored: " + e.getCause().getMessage(), e);
      }
      return new ApiToken(id, name, role, sha256, createdAt, createdBy, expiresAt, null, null, null);
    });
  }

  @Override
  public List<ApiToken> list() {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM api_tokens ORDER BY id").map((rs, c) -> of(rs)).list());
  }

  @Override
  public List<ApiToken> live(Instant now) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM api_tokens WHERE revoked_at IS NULL"
            + " AND (expires_at IS NULL OR expires_at > :now) ORDER BY id")
        .bind("now", now.toEpochMilli())
        .map((rs, c) -> of(rs)).list());
  }

  @Override
  public Optional<ApiToken> byName(String name) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM api_tokens WHERE name = :name AND revoked_at IS NULL")
        .bind("name", name).map((rs, c) -> of(rs)).findOne());
  }

  @Override
  public Optional<ApiToken> revoke(String name, Instant at, String by) {
    return jdbi.inTransaction(h -> {
      Optional<ApiToken> live = h.createQuery("SELECT * FROM api_tokens WHERE name = :name AND revoked_at IS NULL")
          .bind("name", name).map((rs, c) -> of(rs)).findOne();
      live.ifPresent(t -> h.createUpdate("UPDATE api_tokens SET revoked_at = :at, revoked_by = :by WHERE id = :id")
          .bind("at", at.toEpochMilli()).bind("by", by).bind("id", t.id()).execute());
      return live.map(t -> new ApiToken(t.id(), t.name(), t.role(), t.sha256(), t.createdAt(), t.createdBy(),
          t.expiresAt(), at, by, t.lastUsedAt()));
    });
  }

  @Override
  public void used(long id, Instant at) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE api_tokens SET last_used_at = :at WHERE id = :id")
        .bind("at", at.toEpochMilli()).bind("id", id).execute());
  }

  private static ApiToken of(ResultSet rs) throws SQLException {
    return new ApiToken(rs.getLong("id"), rs.getString("name"), rs.getString("role"), rs.getString("sha256"),
        Instant.ofEpochMilli(rs.getLong("created_at")), rs.getString("created_by"), instant(rs, "expires_at"),
        instant(rs, "revoked_at"), rs.getString("revoked_by"), instant(rs, "last_used_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
  }
}
