package dev.medic.silence;

import dev.medic.config.LabelMatcher;
import dev.medic.store.Silence;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One silence or one occurrence of a maintenance window, as it stands now: what it matches, from
 * when until when, and whether medic may still heal under it.
 *
 * @param name how people know it: {@code silence 12} or {@code maintenance window 'nightly-backup'}
 * @param author who made it: a person for a silence, {@code config} for a window
 */
public record Suppression(
    String name,
    List<LabelMatcher> matchers,
    Instant from,
    Instant until,
    String comment,
    String author,
    boolean allowHealing) {

  public Suppression {
    matchers = List.copyOf(matchers);
  }

  static Suppression of(Silence s) {
    return new Suppression("silence " + s.id(), s.matchers(), s.startsAt(), s.endsAt(), s.comment(), s.author(),
        s.allowHealing());
  }

  /** Every matcher must hold. */
  public boolean matches(Map<String, String> subject) {
    return matchers.stream().allMatch(m -> m.matches(subject));
  }

  public boolean activeAt(Instant now) {
    return !now.isBefore(from) && now.isBefore(until);
  }

  /** One line for a report: what it matches, until when, comment and author. */
  public String line() {
    return name + " on " + matchers.stream().map(LabelMatcher::toString).collect(Collectors.joining(", "))
        + " until " + until + (allowHealing ? " (healing allowed)" : "")
        + (comment.isEmpty() ? "" : ": " + comment) + " (" + author + ")";
  }
}
