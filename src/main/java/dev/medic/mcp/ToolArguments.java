package dev.medic.mcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tool call's arguments, read by name and type. Every bad value is a {@link ToolError} that names
 * the argument and what it must be; an argument the tool does not know is refused too, so that a
 * misspelt one is not silently ignored.
 */
final class ToolArguments {

  private final String tool;
  private final Map<String, Object> values;

  ToolArguments(String tool, Map<String, Object> values, Set<String> known) {
    this.tool = tool;
    this.values = values == null ? Map.of() : values;
    for (String name : this.values.keySet()) {
      if (!known.contains(name)) {
        throw new ToolError(tool + " has no argument '" + name + "'"
            + (known.isEmpty() ? "; it takes none" : "; it takes " + String.join(", ", known.stream().sorted().toList())));
      }
    }
  }

  /** A required whole number of at least 1, such as an incident's id. */
  long id(String name) {
    Object value = values.get(name);
    if (value == null) {
      throw new ToolError(tool + " needs " + name + ", a whole number of at least 1");
    }
    long id = whole(name, value, "a whole number of at least 1");
    if (id < 1) {
      throw new ToolError(name + " must be a whole number of at least 1, got " + id);
    }
    return id;
  }

  /** An optional id; null when absent. */
  Long optionalId(String name) {
    return values.get(name) == null ? null : id(name);
  }

  /** An optional whole number within {@code min..max}, {@code absent} when not given. */
  int integer(String name, int min, int max, int absent) {
    Object value = values.get(name);
    if (value == null) {
      return absent;
    }
    String expected = "a whole number " + min + ".." + max;
    long n = whole(name, value, expected);
    if (n < min || n > max) {
      throw new ToolError(name + " must be " + expected + ", got " + n);
    }
    return (int) n;
  }

  /** A required text that is not blank, stripped. */
  String text(String name) {
    Object value = values.get(name);
    if (!(value instanceof String s) || s.isBlank()) {
      throw new ToolError(tool + " needs " + name + ", a non-empty text"
          + (value == null ? "" : ", got " + describe(value)));
    }
    return s.strip();
  }

  /** An optional text that must be one of {@code allowed}, {@code absent} when not given. */
  String choice(String name, List<String> allowed, String absent) {
    Object value = values.get(name);
    if (value == null) {
      return absent;
    }
    if (!(value instanceof String s) || !allowed.contains(s)) {
      throw new ToolError(name + " must be one of " + String.join(", ", allowed) + ", got " + describe(value));
    }
    return s;
  }

  /** An optional list of non-empty texts; empty when not given. */
  List<String> texts(String name) {
    Object value = values.get(name);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new ToolError(name + " must be a list of names like [\"rules\"], got " + describe(value));
    }
    List<String> texts = new ArrayList<>();
    for (Object item : list) {
      if (!(item instanceof String s) || s.isBlank()) {
        throw new ToolError(name + " must hold only non-empty names, got " + describe(item));
      }
      texts.add(s.strip());
    }
    return List.copyOf(texts);
  }

  private static long whole(String name, Object value, String expected) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return ((Number) value).longValue();
    }
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
        && Math.abs(n.doubleValue()) < 1e15) {
      return n.longValue();
    }
    throw new ToolError(name + " must be " + expected + ", got " + describe(value));
  }

  private static String describe(Object value) {
    return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
  }
}
