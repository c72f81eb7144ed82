package dev.medic.dashboard;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Escaping and small formats for the pages. Every value that reaches a page goes through {@link
 * #esc}: target names, check messages and audit details are free text that may hold markup.
 */
final class Html {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private Html() {}

  /** Text safe inside an element and inside a double- or single-quoted attribute. */
  static String esc(Object value) {
    if (value == null) {
      return "";
    }
    String text = value.toString();
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String replacement = switch (c) {
        case '&' -> "&amp;";
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        case '"' -> "&quot;";
        case '\'' -> "&#39;";
        default -> null;
      };
      if (replacement != null && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out != null) {
        if (replacement != null) {
          out.append(replacement);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? text : out.toString();
  }

  /** A path segment: names may hold only letters, digits, '.', '_' and '-', but the page does not rely on it. */
  static String path(String segment) {
    return esc(java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
  }

  /** A {@code <time>} element in UTC, "-" for none. */
  static String time(Instant at) {
    if (at == null) {
      return "-";
    }
    return "<time datetime=\"" + esc(at.toString()) + "\">" + esc(TIME.format(at)) + "</time>";
  }

  /** A share 0..1 as a percentage with two decimals, "-" for none. */
  static String percent(Double share) {
    return share == null ? "-" : String.format(Locale.ROOT, "%.2f%%", share * 100);
  }

  /** Milliseconds without noise, "-" for none. */
  static String millis(Double ms) {
    if (ms == null) {
      return "-";
    }
    return ms >= 100 ? String.format(Locale.ROOT, "%.0f ms", ms) : String.format(Locale.ROOT, "%.1f ms", ms);
  }
}
