package dev.medic.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.config.AccessConfig;
import dev.medic.config.AccessToken;
import dev.medic.store.SqliteStore;
import dev.medic.support.SettableClock;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whose a token is: the config's tokens (by value or by hash) and the store's, revoked and expired ones refused at once. */
class TokenDirectoryTest {

  @TempDir Path dir;
  private final SettableClock clock = new SettableClock(Instant.parse("2026-11-30T12:00:00Z"));
  private SqliteStore store;

  @BeforeEach
  void open() {
    store = SqliteStore.open(dir.resolve("medic.db"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private TokenDirectory directory(AccessToken... config) {
    return new TokenDirectory(() -> new AccessConfig("none", List.of(config), null, null), store.apiTokens(), clock);
  }

  @Test
  void aConfigTokenGivenByItsSha256IsAccepted() {
    String token = TokenSecrets.generate(new SecureRandom());
    TokenDirectory tokens = directory(new AccessToken("grafana", "viewer", TokenSecrets.sha256(token), null));
    Optional<TokenHolder> holder = tokens.holder(token);
    assertThat(holder).map(TokenHolder::name).hasValue("grafana");
    assertThat(holder).map(TokenHolder::role).hasValue(Role.VIEWER);
    assertThat(tokens.holder(token + "x")).isEmpty();
    assertThat(tokens.holder("")).isEmpty();
  }

  @Test
  void aRevokedOrExpiredStoreTokenIsRefusedAtOnce() {
    String kept = TokenSecrets.generate(new SecureRandom());
    String revoked = TokenSecrets.generate(new SecureRandom());
    store.apiTokens().create("kept", "operator", TokenSecrets.sha256(kept), clock.instant(), "test",
        clock.instant().plus(Duration.ofDays(1)));
    store.apiTokens().create("revoked", "admin", TokenSecrets.sha256(revoked), clock.instant(), "test", null);
    TokenDirectory tokens = directory();
    assertThat(tokens.holder(kept)).map(TokenHolder::role).hasValue(Role.OPERATOR);
    assertThat(tokens.holder(revoked)).map(TokenHolder::role).hasValue(Role.ADMIN);

    store.apiTokens().revoke("revoked", clock.instant(), "test");
    assertThat(tokens.holder(revoked)).isEmpty();

    clock.advance(Duration.ofDays(1));
    assertThat(tokens.holder(kept)).isEmpty();
  }

  @Test
  void lastUseIsWrittenAtMostOnceAMinute() {
    String token = TokenSecrets.generate(new SecureRandom());
    store.apiTokens().create("bot", "viewer", TokenSecrets.sha256(token), clock.instant(), "test", null);
    TokenDirectory tokens = directory();
    Instant first = clock.instant();
    tokens.holder(token);
    clock.advance(Duration.ofSeconds(59));
    tokens.holder(token);
    assertThat(store.apiTokens().byName("bot").orElseThrow().lastUsedAt()).isEqualTo(first);
    clock.advance(Duration.ofSeconds(1));
    tokens.holder(token);
    assertThat(store.apiTokens().byName("bot").orElseThrow().lastUsedAt()).isEqualTo(first.plusSeconds(60));
  }

  @Test
  void tokensAreMedicPrefixedBase64urlOf32RandomBytes() {
    String token = TokenSecrets.generate(new SecureRandom());
    assertThat(token).matches("medic_[A-Za-z0-9_-]{43}");
    assertThat(TokenSecrets.generate(new SecureRandom())).isNotEqualTo(token);
    assertThat(TokenSecrets.sha256("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}
