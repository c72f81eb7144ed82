package dev.medic.process;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines of a child's output, each cut to a bounded length. A process that prints megabytes
 * without a newline (a binary dump, a progress bar) must not grow medic's heap: the rest of such a
 * line is read and dropped, and the kept part ends with {@value #CUT}.
 */
final class BoundedLines {

  static final String CUT = " [line cut]";

  private final Reader in;
  private final int maxChars;
  private final char[] buffer = new char[8192];
  private int position;
  private int limit;

  BoundedLines(Reader in, int maxChars) {
    this.in = in;
    this.maxChars = maxChars;
  }

  /** The next line without its line end ({@code \n} or {@code \r\n}), or null at the end. */
  String next() throws IOException {
    StringBuilder line = new StringBuilder();
    boolean cut = false;
    boolean any = false;
    while (true) {
      if (position == limit) {
        limit = in.read(buffer);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          return any ? finish(line, cut) : null; // a last line without its newline counts
        }
      }
      any = true;
      char c = buffer[position++];
      if (c == '\n') {
        return finish(line, cut);
      }
      if (line.length() < maxChars) {
        line.append(c);
      } else {
        cut = true;
      }
    }
  }

  private static String finish(StringBuilder line, boolean cut) {
    int end = line.length();
    if (!cut && end > 0 && line.charAt(end - 1) == '\r') {
      line.setLength(end - 1);
    }
    return cut ? line.append(CUT).toString() : line.toString();
  }
}
