package dev.medic.spi;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of memory or disk as users write it: {@code 512MB}, {@code 1.5GiB}, {@code 800k}, or a
 * plain number of bytes. Every unit counts in powers of 1024 ({@code MB} and {@code MiB} alike), as
 * Docker, {@code ps} and {@code free} do: a limit written {@code 512MB} is the 512 MiB the kernel
 * reports against it, not 488 MiB.
 */
public record ByteSize(long bytes) {

  private static final Pattern FORM =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)?", Pattern.CASE_INSENSITIVE);

  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

  public ByteSize {
    if (bytes < 0) {
      throw new IllegalArgumentException("a byte size must not be negative, got " + bytes);
    }
  }

  /**
   * From YAML: a string with a unit, or a whole number of bytes. Anything else (a list, true, 1.5)
   * is refused with the same words as a bad string, rather than Jackson's guess at the type.
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static ByteSize fromYaml(Object value) {
    if (value instanceof String text) {
      return parse(text);
    }
    if (value instanceof Integer || value instanceof Long) {
      return ofBytes(((Number) value).longValue());
    }
    throw new IllegalArgumentException(
        "expected a size like 512MB, 1.5GiB, 800k or a whole number of bytes, got " + value);
  }

  public static ByteSize parse(String text) {
    Matcher m = FORM.matcher(text == null ? "" : text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "expected a size like 512MB, 1.5GiB, 800k or a whole number of bytes, got '" + text + "'");
    }
    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
    int power = switch (unit.charAt(0)) {
      case 'b' -> 0;
      case 'k' -> 1;
      case 'm' -> 2;
      case 'g' -> 3;
      case 't' -> 4;
      default -> throw new IllegalStateException(unit);
    };
    double bytes = Double.parseDouble(m.group(1)) * Math.pow(1024, power);
    if (bytes >= Long.MAX_VALUE / 2.0) {
      throw new IllegalArgumentException("size '" + text + "' is too large");
    }
    return new ByteSize(Math.round(bytes));
  }

  /** A number without unit: bytes. */
  public static ByteSize ofBytes(long bytes) {
    return new ByteSize(bytes);
  }

  /** In the largest unit that keeps the number at least 1, one decimal at most: {@code 1.5 GiB}. */
  public static String format(double bytes) {
    int unit = 0;
    double value = bytes;
    while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    double tenths = Math.round(value * 10) / 10.0;
    String number = tenths == Math.rint(tenths) ? Long.toString((long) tenths) : Double.toString(tenths);
    return number + " " + UNITS[unit];
  }

  @JsonValue
  @Override
  public String toString() {
    return format(bytes).replace(" ", "");
  }
}
