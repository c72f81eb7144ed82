package dev.medic.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * API tokens made with {@code medic token create}. Like silences, these writes are not held in
 * memory when the store cannot write: the person making or revoking a token is told at once.
 */
public interface ApiTokens {

  /**
   * Stores a new token by its hash.
   *
   * @return it, with its id
   * @throws IllegalArgumentException when a token not revoked already has that name
   */
  ApiToken create(String name, String role, String sha256, Instant createdAt, String createdBy, Instant expiresAt);

  /** Every token, revoked and expired ones too, oldest first. */
  List<ApiToken> list();

  /** Tokens not revoked and not expired at {@code now}: those a request may carry. */
  List<ApiToken> live(Instant now);

  /** The token not revoked that has this name. */
  Optional<ApiToken> byName(String name);

  /**
   * Revokes the token of that name that is not revoked yet.
   *
   * @return the revoked token; empty if there is none
   */
  Optional<ApiToken> revoke(String name, Instant at, String by);

  /** Notes that a request came with the token (callers write this at most once a minute). */
  void used(long id, Instant at);

  /** For stores without tokens: none, and none can be made. */
  ApiTokens NONE = new ApiTokens() {
    @Override
    public ApiToken create(String name, String role, String sha256, Instant createdAt, String createdBy,
        Instant expiresAt) {
      throw new UnsupportedOperationException("this store keeps no API tokens");
    }

    @Override
    public List<ApiToken> list() {
      return List.of();
    }

    @Override
    public List<ApiToken> live(Instant now) {
      return List.of();
    }

    @Override
    public Optional<ApiToken> byName(String name) {
      return Optional.empty();
    }

    @Override
    public Optional<ApiToken> revoke(String name, Instant at, String by) {
      return Optional.empty();
    }

    @Override
    public void used(long id, Instant at) {}
  };
}
