package dev.medic.store;

import dev.medic.config.LabelMatcher;
import java.time.Instant;
import java.util.List;

/**
 * A person's "hold off on this": while active, incidents whose target, condition and target labels
 * satisfy every matcher get no messages and, unless {@code allowHealing}, no actions.
 *
 * @param id 0 before it is stored
 * @param endsAt when it ends by itself, or when it was expired early
 * @param expiredBy who ended it before its time; null otherwise
 */
public record Silence(
    long id,
    List<LabelMatcher> matchers,
    Instant startsAt,
    Instant endsAt,
    String comment,
    String author,
    Instant createdAt,
    boolean allowHealing,
    String expiredBy) {

  public Silence {
    matchers = List.copyOf(matchers);
  }

  /** True from {@code startsAt} until just before {@code endsAt}. */
  public boolean activeAt(Instant now) {
    return !now.isBefore(startsAt) && now.isBefore(endsAt);
  }

  public boolean endedBy(Instant now) {
    return !now.isBefore(endsAt);
  }

  Silence withId(long newId) {
    return new Silence(newId, matchers, startsAt, endsAt, comment, author, createdAt, allowHealing, expiredBy);
  }
}
