package dev.medic.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.config.LabelMatcher;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Silences in the SQLite store: what goes in comes back, and expiring keeps the row. */
class SilenceStoreTest {

  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

  @TempDir Path dir;
  private SqliteStore store;

  @BeforeEach
  void open() {
    store = SqliteStore.open(dir.resolve("medic.db"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private Silence silence(Duration length, boolean allowHealing, LabelMatcher... matchers) {
    return store.silences().insert(new Silence(0, List.of(matchers), T0, T0.plus(length), "disk swap", "alice",
        T0.minusSeconds(5), allowHealing, null));
  }

  @Test
  void aSilenceComesBackAsStoredWithItsMatchersInOrder() {
    Silence stored = silence(Duration.ofHours(2), true, new LabelMatcher("target", "=", "db"),
        new LabelMatcher("team", "=~", "data|cache"), new LabelMatcher("condition", "!~", "crash.*"));

    assertThat(stored.id()).isPositive();
    store.close();
    store = SqliteStore.open(dir.resolve("medic.db"));
    assertThat(store.silences().get(stored.id())).contains(new Silence(stored.id(), List.of(
        new LabelMatcher("target", "=", "db"), new LabelMatcher("team", "=~", "data|cache"),
        new LabelMatcher("condition", "!~", "crash.*")), T0, T0.plus(Duration.ofHours(2)), "disk swap", "alice",
        T0.minusSeconds(5), true, null));
    assertThat(store.silences().get(stored.id() + 1)).isEmpty();
  }

  @Test
  void listingLeavesOutEndedSilencesUnlessAllAreAsked() {
    Silence shortOne = silence(Duration.ofMinutes(10), false, new LabelMatcher("target", "=", "db"));
    Silence longOne = silence(Duration.ofHours(1), false, new LabelMatcher("target", "=", "web"));

    assertThat(store.silences().list(T0.plus(Duration.ofMinutes(5)), false)).extracting(Silence::id)
        .containsExactly(longOne.id(), shortOne.id());
    assertThat(store.silences().list(T0.plus(Duration.ofMinutes(10)), false)).extracting(Silence::id)
        .containsExactly(longOne.id());
    assertThat(store.silences().list(T0.plus(Duration.ofMinutes(10)), true)).extracting(Silence::id)
        .containsExactly(longOne.id(), shortOne.id());
  }

  @Test
  void expiringMovesTheEndToNowKeepsTheRowAndHappensOnce() {
    Silence s = silence(Duration.ofHours(1), false, new LabelMatcher("target", "=", "db"));
    Instant at = T0.plus(Duration.ofMinutes(20));

    assertThat(store.silences().expire(s.id(), at, "bob")).isTrue();
    assertThat(store.silences().expire(s.id(), at.plusSeconds(1), "carol")).isFalse();
    assertThat(store.silences().expire(s.id() + 7, at, "bob")).isFalse();

    Silence expired = store.silences().get(s.id()).orElseThrow();
    assertThat(expired.endsAt()).isEqualTo(at);
    assertThat(expired.expiredBy()).isEqualTo("bob");
    assertThat(expired.activeAt(at)).isFalse();
    assertThat(expired.activeAt(at.minusMillis(1))).isTrue();
    assertThat(store.silences().list(at, false)).isEmpty();
    assertThat(store.silences().list(at, true)).extracting(Silence::id).containsExactly(s.id());
  }

  @Test
  void expiringASilenceThatHasNotStartedEndsItAtItsStart() {
    Silence s = silence(Duration.ofHours(1), false, new LabelMatcher("target", "=", "db"));

    assertThat(store.silences().expire(s.id(), T0.minus(Duration.ofHours(1)), "bob")).isTrue();
    Silence expired = store.silences().get(s.id()).orElseThrow();
    assertThat(expired.endsAt()).isEqualTo(T0);
    assertThat(expired.activeAt(T0)).isFalse();
  }
}
