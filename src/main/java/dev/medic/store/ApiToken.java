package dev.medic.store;

import java.time.Instant;

/**
 * An API token made with {@code medic token create}, as the store keeps it: its SHA-256, never the
 * token itself.
 *
 * @param role {@code viewer}, {@code operator} or {@code admin}
 * @param expiresAt null: it does not expire
 * @param revokedAt null while it is not revoked
 * @param lastUsedAt when a request last came with it, to the minute; null if never
 */
public record ApiToken(long id, String name, String role, String sha256, Instant createdAt, String createdBy,
    Instant expiresAt, Instant revokedAt, String revokedBy, Instant lastUsedAt) {

  /** Whether a request carrying it may be admitted at {@code now}. */
  public boolean liveAt(Instant now) {
    return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
  }

  /** The hash stays out of logs too: with it, a guess can be checked offline. */
  @Override
  public String toString() {
    return "ApiToken[id=" + id + ", name=" + name + ", role=" + role + ", revoked=" + (revokedAt != null) + "]";
  }
}
