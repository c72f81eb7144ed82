package dev.medic.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.medic.spi.KindRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a config problem is placed and worded for a person: the file's own spelling of the field,
 * its line and column, and "expected ..., got ..." instead of the binder's exception text.
 */
final class ProblemWording {

  private ProblemWording() {}

  /**
   * One binding problem, placed and worded for a person.
   *
   * @param prefix the path of the unit that was being bound ({@code targets[2]}); the binder's own
   *     path is relative to it
   */
  static ConfigException.Problem describe(
      String fileName, JsonProcessingException e, YamlIndex index, String prefix, KindRegistry kinds) {
    JsonLocation loc = e.getLocation();
    YamlIndex.Location where = new YamlIndex.Location(loc == null ? 0 : loc.getLineNr(), loc == null ? 0 : loc.getColumnNr());
    // The binder names canonical keys (agent.interval); report what the file says (monitoring.interval_seconds).
    String field = written(joined(prefix, e instanceof JsonMappingException jme ? path(jme) : ""), index);
    String message;
    if (e instanceof UnrecognizedPropertyException u) {
      // Records buffer unknown keys and report them at the end of their mapping: find the key itself.
      where = index.key(field).orElse(where);
      message = "unknown key '" + u.getPropertyName() + "'" + hint(u.getPropertyName(), u.getKnownPropertyIds());
    } else if (e instanceof InvalidTypeIdException t) {
      String known = Bindings.subtypes(t.getBaseType() == null ? null : t.getBaseType().getRawClass(), kinds);
      String expected = known.isEmpty() ? "" : " (expected one of " + known + ")";
      if (t.getTypeId() == null) {
        where = index.start(field).orElse(where);
        message = "missing 'type:'" + expected;
      } else {
        where = index.value(field + ".type").orElse(where);
        message = "unknown type '" + t.getTypeId() + "'" + expected;
      }
      field = field + ".type";
    } else if (e instanceof InvalidNullException
        || (e instanceof MismatchedInputException m && m.getOriginalMessage().startsWith("Cannot map `null`"))) {
      MismatchedInputException n = (MismatchedInputException) e;
      String expected = Bindings.noun(n.getTargetType(), kinds);
      int dot = field.lastIndexOf('.');
      String name = field.substring(dot + 1);
      if (field.endsWith("]")) {
        where = index.value(field).orElse(where);
        message = "empty list entry (expected " + expected + ")";
      } else if (index.key(field).isPresent()) {
        where = index.key(field).get();
        message = "'" + name + "' has no value (expected " + expected + ")";
      } else {
        where = index.start(dot < 0 ? "" : field.substring(0, dot)).orElse(where);
        message = "'" + name + "' is required (expected " + expected + ")";
      }
    } else if (e instanceof ValueInstantiationException v) {
      Throwable cause = v.getCause() == null ? v : v.getCause();
      message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
      // "jitter must be ..." is about agent.jitter: point at that key when it is written.
      Matcher m = LEADING_KEY.matcher(message);
      String key = m.lookingAt() ? m.group(1) : null;
      String named = null;
      if (key != null) {
        String last = key.substring(key.lastIndexOf('.') + 1);
        for (String candidate : List.of(child(field, key), child(field, last))) {
          if (index.key(candidate).isPresent()) {
            named = candidate;
            break;
          }
        }
      }
      if (named != null) {
        field = named;
        where = index.key(named).get();
      } else {
        where = index.start(field).orElse(where);
      }
    } else if (e instanceof MismatchedInputException m) {
      message = mismatch(m, field, index.scalar(field).orElse(null), kinds);
    } else if (e instanceof JsonMappingException jme && jme.getCause() instanceof IllegalArgumentException iae) {
      message = iae.getMessage();
    } else {
      message = e.getOriginalMessage();
      int cut = message.indexOf("\n at [Source");
      if (cut > 0) {
        message = message.substring(0, cut);
      }
      message = message.replace("(through reference chain", "").replaceAll("`dev\\.medic\\.[a-z.]*\\.", "`");
    }
    return new ConfigException.Problem(fileName, where.line(), where.column(), field, message);
  }

  private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

  /** A field path with each key spelled as the file spells it, aliases included. */
  static String written(String path, YamlIndex index) {
    StringBuilder out = new StringBuilder();
    Matcher m = SEGMENT.matcher(path);
    while (m.find()) {
      if (m.group(2) != null) {
        out.append(m.group());
        continue;
      }
      String parent = out.toString();
      String key = m.group(1);
      if (index.start(child(parent, key)).isEmpty()) {
        Map<String, String> names = Bindings.names(Bindings.typeAt(parent));
        String canonical = names.getOrDefault(key, key);
        for (Map.Entry<String, String> alias : names.entrySet()) {
          if (alias.getValue().equals(canonical) && index.start(child(parent, alias.getKey())).isPresent()) {
            key = alias.getKey();
            break;
          }
        }
      }
      if (!out.isEmpty()) {
        out.append('.');
      }
      out.append(key);
    }
    return out.toString();
  }

  private static final Pattern LEADING_KEY = Pattern.compile("([a-z_]+(?:\\.[a-z_]+)*)\\b");

  private static String child(String parent, String name) {
    return parent == null || parent.isEmpty() ? name : parent + "." + name;
  }

  /** "expected a whole number, got 'eighty'" instead of Jackson's coercion wording. */
  private static String mismatch(MismatchedInputException m, String field, String written, KindRegistry kinds) {
    Class<?> target = m.getTargetType();
    String expected = Bindings.noun(target, kinds);
    String original = m.getOriginalMessage();
    String got = null;
    String text = null;
    if (m instanceof InvalidFormatException f && f.getValue() != null) {
      text = String.valueOf(f.getValue());
      got = f.getValue() instanceof String ? "'" + text + "'" : text;
      Matcher problem = Pattern.compile("problem: (.*)$", Pattern.DOTALL).matcher(original);
      if (problem.find()) {
        got += ": " + problem.group(1).strip();
      }
    } else {
      Matcher s = STRING_VALUE.matcher(original);
      Matcher n = NUMBER_VALUE.matcher(original);
      if (s.find()) {
        text = s.group(1);
        got = "the string '" + text + "'";
      } else if (n.find()) {
        got = n.group(1);
      } else if (original.contains("from Array value") || original.contains("START_ARRAY")) {
        got = "a list";
      } else if (original.contains("from Object value") || original.contains("START_OBJECT")) {
        got = "a mapping";
      } else if (written != null) {
        got = original.contains("VALUE_STRING") ? "the string '" + written + "'" : written;
      } else if (original.contains("String value") || original.contains("VALUE_STRING")) {
        got = "a string";
      } else if (original.contains("VALUE_NUMBER")) {
        got = "a number";
      }
    }
    if (got == null) {
      return "expected " + expected + " (" + original.lines().findFirst().orElse("") + ")";
    }
    String hint = "";
    boolean isList = target != null && java.util.Collection.class.isAssignableFrom(target);
    if (isList && text != null && (field.equals("command") || field.endsWith(".command"))) {
      hint = " (write the arguments as a list, e.g. [" + String.join(", ",
          java.util.Arrays.stream(text.strip().split("\\s+")).map(a -> "\"" + a + "\"").toList()) + "])";
    } else if (text != null && Bindings.wouldParseUnquoted(target, text)) {
      hint = " (write it without quotes)";
    } else if (isList && !"a mapping".equals(got)) {
      hint = " (a single item is written [item])";
    }
    return "expected " + expected + ", got " + got + hint;
  }

  private static final Pattern STRING_VALUE = Pattern.compile("String value \\([\"'](.*?)[\"']\\)");
  private static final Pattern NUMBER_VALUE =
      Pattern.compile("(?:Integer|Floating-point|Boolean) value \\((?!token)([^)]*)\\)");

  private static String joined(String prefix, String relative) {
    if (relative.isEmpty()) {
      return prefix;
    }
    return prefix.isEmpty() || relative.startsWith("[") ? prefix + relative : prefix + "." + relative;
  }

  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      } else if (ref.getFieldName() != null) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      }
    }
    return sb.toString();
  }

  static String hint(String unknown, Collection<?> known) {
    if (known.isEmpty()) {
      return "";
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (Object k : known) {
      int d = levenshtein(unknown, k.toString());
      if (d < bestDistance) {
        bestDistance = d;
        best = k.toString();
      }
    }
    String expected = " (expected one of: " + String.join(", ", known.stream().map(Object::toString).sorted().toList()) + ")";
    if (best != null && bestDistance <= Math.max(1, unknown.length() / 3)) {
      return ", did you mean '" + best + "'?" + expected;
    }
    return expected;
  }

  /** Edit distance where swapping two neighbouring letters counts as one edit ("wbe" is 1 from "web"). */
  private static int levenshtein(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) d[i][0] = i;
    for (int j = 0; j <= b.length(); j++) d[0][j] = j;
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  static ConfigException.Problem at(String file, YamlIndex index, String path, String message) {
    return at(file, index, path, path, message);
  }

  /** A problem about {@code field}, placed where {@code path} (or else its nearest written parent) is. */
  static ConfigException.Problem at(
      String file, YamlIndex index, String field, String path, String message) {
    field = written(field, index);
    String p = written(path, index);
    Optional<YamlIndex.Location> where = index.start(p);
    while (where.isEmpty() && !p.isEmpty()) {
      int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      p = cut < 0 ? "" : p.substring(0, cut);
      where = index.start(p);
    }
    YamlIndex.Location loc = where.orElse(new YamlIndex.Location(0, 0));
    return new ConfigException.Problem(file, loc.line(), loc.column(), field, message);
  }
}
