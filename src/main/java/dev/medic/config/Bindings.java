package dev.medic.config;

import dev.medic.spi.ThresholdRule;
import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.medic.spi.KindRegistry;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** What the config records expect, read from the records themselves, for error messages. */
final class Bindings {

  private static final PropertyNamingStrategies.NamingBase SNAKE =
      (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
  private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

  private Bindings() {}

  /** The Java type bound at a field path ({@code targets[0].detect}), or null when unknown. */
  static Type typeAt(String path) {
    Type type = MedicConfig.class;
    Matcher m = SEGMENT.matcher(path);
    while (m.find() && type != null) {
      if (m.group(2) != null) {
        type = type instanceof ParameterizedType p && Collection.class.isAssignableFrom(raw(p))
            ? p.getActualTypeArguments()[0]
            : null;
      } else {
        type = component(raw(type), m.group(1));
      }
    }
    return type;
  }

  private static Type component(Class<?> record, String key) {
    if (record == null || !record.isRecord()) {
      return null;
    }
    for (RecordComponent c : record.getRecordComponents()) {
      if (names(c).contains(key)) {
        return c.getGenericType();
      }
    }
    return null;
  }

  /**
   * The keys a record component is written as in the file, the canonical one first: its {@code
   * @JsonProperty} name or its snake_case name, then its {@code @JsonAlias}es.
   */
  static List<String> names(RecordComponent c) {
    JsonAlias alias = c.getAccessor().getAnnotation(JsonAlias.class);
    com.fasterxml.jackson.annotation.JsonProperty renamed =
        c.getAccessor().getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
    List<String> names = new java.util.ArrayList<>();
    names.add(renamed != null && !renamed.value().isEmpty() ? renamed.value() : SNAKE.translate(c.getName()));
    if (alias != null) {
      names.addAll(Arrays.asList(alias.value()));
    }
    return names;
  }

  /** For the record at this type: every key it accepts (aliases included) mapped to its canonical key. */
  static Map<String, String> names(Type type) {
    Class<?> record = raw(type);
    Map<String, String> names = new HashMap<>();
    if (record != null && record.isRecord()) {
      for (RecordComponent c : record.getRecordComponents()) {
        if (c.getAccessor().isAnnotationPresent(com.fasterxml.jackson.annotation.JsonIgnore.class)
            || c.isAnnotationPresent(com.fasterxml.jackson.annotation.JsonIgnore.class)) {
          continue; // not a key of the file (MedicConfig.redactor)
        }
        List<String> all = names(c);
        all.forEach(n -> names.put(n, all.getFirst()));
      }
    }
    return names;
  }

  private static Class<?> raw(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
      return c;
    }
    return null;
  }

  /** The {@code type:} names a polymorphic spec accepts, sorted: {@code command, http, process, tcp}. */
  static String subtypes(Class<?> base, KindRegistry kinds) {
    return base == null ? "" : String.join(", ", kinds.types(base).keySet());
  }

  /** What a value of this class looks like, for "expected ..." messages. */
  static String noun(Class<?> type, KindRegistry kinds) {
    if (type == null) {
      return "a value";
    }
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "a whole number";
    }
    if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
      return "a number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Duration.class) {
      return "a duration like 500ms, 30s, 5m, 1h or 7d";
    }
    if (type == URI.class) {
      return "a URL";
    }
    if (type == Path.class) {
      return "a file path";
    }
    if (type == Pattern.class) {
      return "a regular expression";
    }
    if (type == ThresholdRule.class) {
      return "a rule like 'latency_ms > 2000 for 5m'";
    }
    if (Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    String names = subtypes(type, kinds);
    if (!names.isEmpty()) {
      return "a mapping with type: " + names;
    }
    return "a mapping of key: value";
  }

  /** True when a quoted string would have been accepted without its quotes ({@code "true"}, {@code "3"}). */
  static boolean wouldParseUnquoted(Class<?> type, String text) {
    if (type == null) {
      return false;
    }
    if (type == boolean.class || type == Boolean.class) {
      return text.equals("true") || text.equals("false");
    }
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return text.matches("-?\\d+");
    }
    if (type == double.class || type == Double.class) {
      return text.matches("-?\\d+(\\.\\d+)?");
    }
    return false;
  }
}
