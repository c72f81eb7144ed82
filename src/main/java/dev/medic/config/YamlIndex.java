package dev.medic.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where each key and value of a YAML document is, by field path in the form the binder reports
 * ({@code targets[0].checks[1].interval}). Lets every problem, including those found after binding
 * (duplicate names, unknown references), point at the line it is about.
 */
final class YamlIndex {

  /** A 1-based position in the file. */
  record Location(int line, int column) {}

  private static final YAMLFactory FACTORY = new YAMLFactory();

  private final Map<String, Location> keys = new HashMap<>();
  private final Map<String, Location> values = new HashMap<>();
  private final Map<String, String> scalars = new HashMap<>();
  /** Keys of every mapping, by the mapping's path, in file order (repeats included). */
  private final Map<String, List<String>> mappingKeys = new LinkedHashMap<>();
  /** Where each occurrence of a key sits, in file order, by the key's path. */
  private final Map<String, List<Location>> occurrences = new HashMap<>();
  private boolean empty = true;

  private YamlIndex() {}

  /** Reads the whole document; a YAML syntax error surfaces as the parser's exception. */
  static YamlIndex of(String text) throws IOException {
    YamlIndex index = new YamlIndex();
    try (JsonParser p = FACTORY.createParser(text)) {
      index.walk(p);
    }
    return index;
  }

  private void walk(JsonParser p) throws IOException {
    // Per open container: its path, and for arrays the next index; for objects the current key.
    Deque<String> paths = new ArrayDeque<>();
    Deque<int[]> indexes = new ArrayDeque<>();
    Deque<String[]> fields = new ArrayDeque<>();
    JsonToken t;
    while ((t = p.nextToken()) != null) {
      empty = false;
      JsonLocation loc = p.currentTokenLocation();
      Location here = new Location(loc.getLineNr(), loc.getColumnNr());
      if (t == JsonToken.FIELD_NAME) {
        String parent = paths.peek();
        String path = child(parent, p.currentName());
        fields.peek()[0] = p.currentName();
        keys.putIfAbsent(path, here);
        occurrences.computeIfAbsent(path, k -> new ArrayList<>()).add(here);
        mappingKeys.computeIfAbsent(parent, k -> new ArrayList<>()).add(p.currentName());
        continue;
      }
      if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
        paths.pop();
        indexes.pop();
        fields.pop();
        continue;
      }
      String path;
      if (paths.isEmpty()) {
        path = "";
      } else if (fields.peek()[0] != null) {
        path = child(paths.peek(), fields.peek()[0]);
        fields.peek()[0] = null;
      } else {
        path = paths.peek() + "[" + indexes.peek()[0]++ + "]";
      }
      values.putIfAbsent(path, here);
      if (t.isScalarValue()) {
        scalars.putIfAbsent(path, p.getText());
      }
      if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
        paths.push(path);
        indexes.push(new int[] {0});
        fields.push(new String[1]);
        if (t == JsonToken.START_OBJECT) {
          mappingKeys.computeIfAbsent(path, k -> new ArrayList<>());
        }
      }
    }
  }

  private static String child(String parent, String name) {
    return parent == null || parent.isEmpty() ? name : parent + "." + name;
  }

  /** True when the document holds nothing but comments and blank lines. */
  boolean empty() {
    return empty;
  }

  /** Where the key of this path is written ({@code interval:}), if it is a mapping entry. */
  Optional<Location> key(String path) {
    return Optional.ofNullable(keys.get(path));
  }

  /** Where the value of this path starts (for a list entry: its first token). */
  Optional<Location> value(String path) {
    return Optional.ofNullable(values.get(path));
  }

  /** The key if there is one, else the value: the line a reader would look at for this path. */
  Optional<Location> start(String path) {
    return key(path).or(() -> value(path));
  }

  /** The text of a scalar value as written (without quotes), if the path holds a scalar. */
  Optional<String> scalar(String path) {
    return Optional.ofNullable(scalars.get(path));
  }

  /** Every mapping with its keys, in file order. */
  Map<String, List<String>> mappings() {
    return mappingKeys;
  }

  /** Every place where this key path is written (more than one when a key is repeated). */
  List<Location> occurrences(String path) {
    return occurrences.getOrDefault(path, List.of());
  }
}
