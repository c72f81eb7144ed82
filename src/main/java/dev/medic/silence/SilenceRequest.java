package dev.medic.silence;

import dev.medic.config.LabelMatcher;
import dev.medic.spi.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * A silence as a person asks for it (API or command line), before it is checked and stored.
 *
 * @param startsAt null: now
 * @param endsAt when it ends; or give {@code duration} instead
 * @param duration how long from its start; or give {@code endsAt} instead
 */
public record SilenceRequest(
    List<LabelMatcher> matchers,
    Instant startsAt,
    Instant endsAt,
    Duration duration,
    String comment,
    String author,
    boolean allowHealing) {

  public SilenceRequest {
    matchers = matchers == null ? List.of() : List.copyOf(matchers);
  }

  /** A time as people write it for a silence: ISO-8601 with an offset; the error names the field. */
  public static Instant time(String field, String text) {
    try {
      return OffsetDateTime.parse(text.strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(field + " must be an ISO-8601 time with an offset, like"
          + " 2026-12-01T02:00:00Z or 2026-12-01T03:00:00+01:00, got '" + text + "'", e);
    }
  }

  /** A length as people write it ({@code 90m}, {@code 2h}); the error names the field. */
  public static Duration length(String field, String text) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
    }
  }
}
