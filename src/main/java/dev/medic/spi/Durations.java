package dev.medic.spi;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the durations users write: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 7d}, or plain seconds. */
public final class Durations {

  private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?");

  /** A hundred years: far beyond any sensible setting, well below where nanosecond arithmetic overflows. */
  private static final double MAX_MILLIS = 36_500d * 86_400_000;

  private Durations() {}

  public static Duration parse(String text) {
    Matcher m = FORM.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "expected a duration like 500ms, 30s, 5m, 1h or 7d, got '" + text + "'");
    }
    double amount = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    double millis =
        switch (unit) {
          case "ms" -> amount;
          case "s" -> amount * 1_000;
          case "m" -> amount * 60_000;
          case "h" -> amount * 3_600_000;
          case "d" -> amount * 86_400_000;
          default -> throw new IllegalStateException(unit);
        };
    if (millis > MAX_MILLIS) {
      throw new IllegalArgumentException("duration '" + text + "' is too long (at most 36500d)");
    }
    return Duration.ofMillis(Math.round(millis));
  }

  /** The shortest exact form: {@code 1500ms}, {@code 30s}, {@code 5m}. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 86_400_000 == 0 && ms > 0) return ms / 86_400_000 + "d";
    if (ms % 3_600_000 == 0 && ms > 0) return ms / 3_600_000 + "h";
    if (ms % 60_000 == 0 && ms > 0) return ms / 60_000 + "m";
    if (ms % 1_000 == 0) return ms / 1_000 + "s";
    return ms + "ms";
  }

  /** For record validation: refuses a zero or negative duration, naming the field. */
  public static void requirePositive(String field, Duration d) {
    if (d != null && (d.isZero() || d.isNegative())) {
      throw new IllegalArgumentException(field + " must be more than 0, got " + format(d));
    }
  }

  /** Seconds with millisecond precision, for threshold values compared with metrics in seconds. */
  public static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }
}
