package dev.medic.redis;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * How old a key is, told without touching it (OBJECT IDLETIME is reset by every read, including
 * ours, and says nothing about when the key was written). Two sources, in this order:
 *
 * <ol>
 *   <li>the value is a timestamp: epoch seconds (decimals allowed), milliseconds, microseconds or
 *       nanoseconds, or ISO-8601 ({@code 2025-01-31T12:00:00Z}, an offset, or none = UTC);
 *   <li>the writer sets a known TTL on each write ({@code SET k v EX 600}): the age is that TTL
 *       minus what remains of it.
 * </ol>
 *
 * Otherwise the age is unknown, and medic never calls such a key old.
 */
public final class KeyAge {

  /** Timestamps are short; reading only this much of a value never pulls a large one over the wire. */
  public static final int VALUE_PREFIX_BYTES = 64;

  private KeyAge() {}

  /**
   * @param valuePrefix the first {@value #VALUE_PREFIX_BYTES} bytes of a string value, null for
   *     other types
   * @param pttlMillis the key's remaining time to live (PTTL; negative when it has none)
   * @param writtenTtl the TTL the writer sets on each write, null when unknown
   * @return the age, or null when neither source tells it
   */
  public static Duration of(String valuePrefix, long pttlMillis, Duration writtenTtl, Instant now) {
    Instant written = valuePrefix == null ? null : timestamp(valuePrefix);
    if (written != null) {
      Duration age = Duration.between(written, now);
      return age.isNegative() ? Duration.ZERO : age; // the writer's clock runs a little ahead
    }
    if (writtenTtl != null && pttlMillis >= 0) {
      Duration age = writtenTtl.minusMillis(pttlMillis);
      return age.isNegative() ? Duration.ZERO : age;
    }
    return null;
  }

  /** The instant a value names, or null when it is no timestamp. */
  public static Instant timestamp(String value) {
    String v = value.strip();
    if (v.isEmpty() || v.length() >= VALUE_PREFIX_BYTES) {
      return null; // a cut-off value is no timestamp we can trust
    }
    if (v.matches("\\d+(\\.\\d+)?")) {
      BigDecimal n = new BigDecimal(v);
      // Present-day epoch values: seconds ~1.7e9, millis ~1.7e12, micros ~1.7e15, nanos ~1.7e18.
      BigDecimal nanos;
      if (n.compareTo(BigDecimal.valueOf(100_000_000_000L)) < 0) {
        nanos = n.movePointRight(9);
      } else if (n.compareTo(BigDecimal.valueOf(100_000_000_000_000L)) < 0) {
        nanos = n.movePointRight(6);
      } else if (n.compareTo(new BigDecimal("1e17")) < 0) {
        nanos = n.movePointRight(3);
      } else {
        nanos = n;
      }
      long total = nanos.longValue();
      return plausible(Instant.ofEpochSecond(
          Math.floorDiv(total, 1_000_000_000L), Math.floorMod(total, 1_000_000_000L)));
    }
    // Python's str(datetime) separates date and time with a space.
    String iso = v.matches("\\d{4}-\\d{2}-\\d{2} \\d.*") ? v.replaceFirst(" ", "T") : v;
    try {
      return plausible(OffsetDateTime.parse(iso).toInstant());
    } catch (DateTimeParseException notOffset) {
      try {
        return plausible(LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC));
      } catch (DateTimeParseException notLocal) {
        return null;
      }
    }
  }

  private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

  /**
   * A lock holding {@code 1} or a worker number is no timestamp: taken as epoch seconds it would
   * look decades old and be deleted. Only instants of this era count.
   */
  private static Instant plausible(Instant t) {
    return t.isBefore(EARLIEST) || t.isAfter(LATEST) ? null : t;
  }
}
