package dev.medic.log;

import dev.medic.spi.LinePattern;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Sorts lines into critical, warning or neither. Regular expressions are the cost of following a
 * busy log (several microseconds per pattern and line), so an ASCII line is first scanned once for
 * the literals each simple pattern needs ({@link RequiredLiterals}); a pattern runs only on lines
 * that hold one of its literals, or always when it is not simple. ASCII lines are read in place,
 * without copying; a line with other bytes is decoded (as UTF-8, malformed bytes becoming U+FFFD)
 * and every pattern runs on it. Not thread-safe: one per probe.
 */
final class LineMatcher {

  enum Kind { NONE, WARNING, CRITICAL }

  /** Critical patterns first, then warning ones. */
  private final Matcher[] matchers;
  private final boolean[] simple;
  private final int criticalCount;
  private final LiteralScan scan;
  private final boolean[] found;
  private final AsciiLine ascii = new AsciiLine();

  LineMatcher(List<LinePattern> critical, List<LinePattern> warning) {
    List<LinePattern> all = new ArrayList<>(critical);
    all.addAll(warning);
    this.criticalCount = critical.size();
    this.matchers = all.stream().map(p -> p.regex().matcher("")).toArray(Matcher[]::new);
    List<RequiredLiterals> literals = all.stream().map(RequiredLiterals::of).toList();
    this.simple = new boolean[all.size()];
    for (int i = 0; i < simple.length; i++) {
      simple[i] = literals.get(i).simple();
    }
    this.scan = new LiteralScan(literals);
    this.found = new boolean[all.size()];
  }

  /** A critical pattern wins over a warning one: the line is counted once, as the worse. */
  Kind classify(byte[] bytes, int offset, int length) {
    CharSequence line;
    if (scan.scan(bytes, offset, length, found)) {
      line = ascii.of(bytes, offset, length);
    } else {
      line = decode(bytes, offset, length);
      java.util.Arrays.fill(found, true);
    }
    if (any(line, 0, criticalCount)) {
      return Kind.CRITICAL;
    }
    return any(line, criticalCount, matchers.length) ? Kind.WARNING : Kind.NONE;
  }

  static String decode(byte[] bytes, int offset, int length) {
    return new String(bytes, offset, length, StandardCharsets.UTF_8);
  }

  private boolean any(CharSequence line, int from, int to) {
    for (int i = from; i < to; i++) {
      if ((found[i] || !simple[i]) && matchers[i].reset(line).find()) {
        return true;
      }
    }
    return false;
  }
}
