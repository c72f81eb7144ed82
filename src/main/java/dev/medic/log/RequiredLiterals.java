package dev.medic.log;

import dev.medic.spi.LinePattern;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The literal texts a line must contain for a pattern to match it, when the pattern is simple
 * enough to tell: literal characters, gaps of {@code .}, {@code .*}, {@code .+} or {@code .?},
 * anchors {@code ^ $} at the ends, and alternatives separated by {@code |}. {@code
 * FATAL:.*database} needs {@code database} (its longest piece); {@code ERROR|Exception} needs one
 * of the two. Anything else (classes, groups, escapes, quantified letters) gives no literals and the
 * pattern is always run: the pre-filter may only skip lines the pattern could never match.
 *
 * @param texts one per alternative, lower-cased when {@code ignoreCase}; null when not simple
 */
record RequiredLiterals(List<String> texts, boolean ignoreCase) {

  private static final String META = "\\^$.|?*+()[]{}";

  static RequiredLiterals of(LinePattern pattern) {
    Pattern regex = pattern.regex();
    int flags = regex.flags();
    boolean ignoreCase = (flags & Pattern.CASE_INSENSITIVE) != 0;
    if ((flags & ~(Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)) != 0) {
      return new RequiredLiterals(null, ignoreCase);
    }
    List<String> texts = new ArrayList<>();
    for (String alternative : regex.pattern().split("\\|", -1)) {
      String longest = longestPiece(alternative);
      if (longest == null || longest.isEmpty()) {
        return new RequiredLiterals(null, ignoreCase);
      }
      texts.add(ignoreCase ? longest.toLowerCase(java.util.Locale.ROOT) : longest);
    }
    return new RequiredLiterals(List.copyOf(texts), ignoreCase);
  }

  /** The longest run of literal ASCII characters of one alternative, or null if it is not simple. */
  private static String longestPiece(String alternative) {
    String s = alternative;
    if (s.startsWith("^")) {
      s = s.substring(1);
    }
    if (s.endsWith("$")) {
      s = s.substring(0, s.length() - 1);
    }
    String longest = "";
    StringBuilder piece = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '.') {
        // A gap: '.', '.*', '.+', '.?', each possibly lazy.
        if (i + 1 < s.length() && "*+?".indexOf(s.charAt(i + 1)) >= 0) {
          i++;
          if (i + 1 < s.length() && s.charAt(i + 1) == '?') {
            i++;
          }
        }
        longest = longer(longest, piece);
        piece.setLength(0);
      } else if (META.indexOf(c) >= 0 || c >= 128 || Character.isWhitespace(c) && c != ' ') {
        return null;
      } else {
        if (i + 1 < s.length() && "*+?{".indexOf(s.charAt(i + 1)) >= 0) {
          return null; // a quantified character may be absent or repeated
        }
        piece.append(c);
      }
    }
    return longer(longest, piece);
  }

  private static String longer(String longest, CharSequence piece) {
    return piece.length() > longest.length() ? piece.toString() : longest;
  }

  boolean simple() {
    return texts != null;
  }
}
