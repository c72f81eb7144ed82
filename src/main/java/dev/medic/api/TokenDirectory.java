package dev.medic.api;

import dev.medic.config.AccessConfig;
import dev.medic.config.AccessToken;
import dev.medic.store.ApiToken;
import dev.medic.store.ApiTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Finds whose a token is, among the config's tokens (as the running config has them, so a reload
 * applies at once) and the store's (read on every request, so a revoke or an expiry applies at
 * once). Every candidate is compared in constant time, and all of them are compared, so that how
 * long an answer takes says nothing about which hash came close.
 */
final class TokenDirectory {

  /** A token's last use is written at most this often: a busy client must not make a write per request. */
  static final Duration USE_RESOLUTION = Duration.ofMinutes(1);

  private final Supplier<AccessConfig> config;
  private final ApiTokens stored;
  private final Clock clock;
  private final Map<Long, Instant> lastWritten = new ConcurrentHashMap<>();

  TokenDirectory(Supplier<AccessConfig> config, ApiTokens stored, Clock clock) {
    this.config = config;
    this.stored = stored;
    this.clock = clock;
  }

  /** The holder of a token as a request presents it. */
  Optional<TokenHolder> holder(String token) {
    return token == null || token.isEmpty() ? Optional.empty() : byHash(TokenSecrets.sha256(token));
  }

  /** The holder of the token with this hash, if that token is valid now. */
  Optional<TokenHolder> byHash(String sha256) {
    TokenHolder found = null;
    for (AccessToken t : config.get().tokens()) {
      String hash = t.sha256() != null ? t.sha256() : TokenSecrets.sha256(t.token());
      if (TokenSecrets.sameHash(hash, sha256) && found == null) {
        found = new TokenHolder(t.name(), Role.of(t.role()), "config", hash);
      }
    }
    Instant now = clock.instant();
    ApiToken usedStored = null;
    for (ApiToken t : stored.live(now)) {
      if (TokenSecrets.sameHash(t.sha256(), sha256) && found == null) {
        found = new TokenHolder(t.name(), Role.of(t.role()), "store", t.sha256());
        usedStored = t;
      }
    }
    if (usedStored != null) {
      noteUse(usedStored, now);
    }
    return Optional.ofNullable(found);
  }

  private void noteUse(ApiToken token, Instant now) {
    Instant last = lastWritten.getOrDefault(token.id(), token.lastUsedAt());
    if (last == null || !now.isBefore(last.plus(USE_RESOLUTION))) {
      lastWritten.put(token.id(), now);
      try {
        stored.used(token.id(), now);
      } catch (RuntimeException e) {
        // Knowing when a token was last used is a convenience; it must not refuse the request.
        org.slf4j.LoggerFactory.getLogger(TokenDirectory.class).warn("could not note the use of token {}: {}",
            token.name(), e.toString());
      }
    }
  }
}
