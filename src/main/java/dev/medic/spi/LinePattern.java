package dev.medic.spi;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A pattern that picks lines out of a log, written in the config as a regular expression, either
 * bare ({@code ERROR|Exception}) or between slashes with flags ({@code /FATAL:.*database/i}, where
 * {@code i} ignores case). It matches anywhere in the line, as grep does.
 */
public record LinePattern(String text, Pattern regex) {

  public LinePattern {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("a line pattern must not be empty");
    }
  }

  @JsonCreator
  public static LinePattern parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("a line pattern must not be empty");
    }
    String body = text;
    int flags = 0;
    int close = text.lastIndexOf('/');
    if (text.startsWith("/") && close > 0) {
      body = text.substring(1, close);
      for (char f : text.substring(close + 1).toCharArray()) {
        flags |= switch (f) {
          case 'i' -> Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
          default -> throw new IllegalArgumentException("unknown flag '" + f + "' in line pattern '" + text
              + "': the only flag is i (ignore case)");
        };
      }
      if (body.isEmpty()) {
        throw new IllegalArgumentException("line pattern '" + text + "' has nothing between its slashes");
      }
    }
    try {
      return new LinePattern(text, Pattern.compile(body, flags));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("line pattern '" + text + "' is not a valid regular expression: "
          + e.getDescription() + " near index " + e.getIndex());
    }
  }

  /** Whether the pattern occurs anywhere in the line. */
  public boolean matches(CharSequence line) {
    return regex.matcher(line).find();
  }

  @JsonValue
  @Override
  public String toString() {
    return text;
  }
}
