package dev.medic.spi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Metric names for things users name (queues, keys): rules only accept {@code [a-z_][a-z0-9_]*},
 * so {@code orders.dlq} becomes the suffix {@code orders_dlq} ({@code queue_depth_orders_dlq}).
 */
public final class MetricNames {

  private MetricNames() {}

  /** Lower case; every character other than a-z, 0-9 and _ becomes _. */
  public static String suffix(String name) {
    StringBuilder b = new StringBuilder(name.length());
    for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
      b.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ? c : '_');
    }
    return b.toString();
  }

  /**
   * The suffix of each name, in order.
   *
   * @throws IllegalArgumentException when two names share a suffix (their metrics would mix)
   */
  public static Map<String, String> suffixes(String what, List<String> names) {
    Map<String, String> byName = new LinkedHashMap<>();
    Map<String, String> bySuffix = new LinkedHashMap<>();
    for (String name : names) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException(what + " must not contain an empty name");
      }
      String suffix = suffix(name);
      String other = bySuffix.putIfAbsent(suffix, name);
      if (other != null && !other.equals(name)) {
        throw new IllegalArgumentException(what + " '" + other + "' and '" + name
            + "' both become metric suffix '" + suffix + "'; their metrics would mix");
      }
      if (other != null) {
        throw new IllegalArgumentException(what + " lists '" + name + "' twice");
      }
      byName.put(name, suffix);
    }
    return byName;
  }
}
