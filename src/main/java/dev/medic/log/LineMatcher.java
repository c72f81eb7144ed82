package dev.medic.log;

import dev.medic.spi.LinePattern;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Sorts lines into critical, warning or neither. Reuses one matcher per pattern and reads ASCII
 * lines in place; only a line with other bytes is decoded (as UTF-8, malformed bytes becoming
 * U+FFFD). Not thread-safe: one per probe.
 */
final class LineMatcher {

  enum Kind { NONE, WARNING, CRITICAL }

  private final Matcher[] critical;
  private final Matcher[] warning;
  private final AsciiLine ascii = new AsciiLine();

  LineMatcher(List<LinePattern> critical, List<LinePattern> warning) {
    this.critical = critical.stream().map(p -> p.regex().matcher("")).toArray(Matcher[]::new);
    this.warning = warning.stream().map(p -> p.regex().matcher("")).toArray(Matcher[]::new);
  }

  /** A critical pattern wins over a warning one: the line is counted once, as the worse. */
  Kind classify(byte[] bytes, int offset, int length) {
    CharSequence line = AsciiLine.isAscii(bytes, offset, length)
        ? ascii.of(bytes, offset, length)
        : decode(bytes, offset, length);
    if (any(critical, line)) {
      return Kind.CRITICAL;
    }
    return any(warning, line) ? Kind.WARNING : Kind.NONE;
  }

  static String decode(byte[] bytes, int offset, int length) {
    return new String(bytes, offset, length, StandardCharsets.UTF_8);
  }

  private static boolean any(Matcher[] matchers, CharSequence line) {
    for (Matcher m : matchers) {
      if (m.reset(line).find()) {
        return true;
      }
    }
    return false;
  }
}
