package dev.medic.incident;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The targets a target depends on, directly or through others ({@code depends_on}). Read from the
 * config on every question, so a reload applies to the next incident. The config refuses cycles;
 * the walk still visits each target once, so a cycle could not make it loop.
 */
final class Dependencies {

  private final Function<String, List<String>> dependsOn;

  /** @param dependsOn a target's own {@code depends_on}, empty for a target not (or no longer) configured */
  Dependencies(Function<String, List<String>> dependsOn) {
    this.dependsOn = dependsOn;
  }

  /** Everything the target depends on, nearest first (breadth first), never the target itself. */
  List<String> upstream(String target) {
    List<String> found = new ArrayList<>();
    Set<String> seen = new HashSet<>(Set.of(target));
    Deque<String> next = new ArrayDeque<>(dependsOn.apply(target));
    while (!next.isEmpty()) {
      String t = next.removeFirst();
      if (seen.add(t)) {
        found.add(t);
        next.addAll(dependsOn.apply(t));
      }
    }
    return found;
  }

  /** Whether {@code target} depends on {@code other}, directly or through others. */
  boolean dependsOn(String target, String other) {
    return !target.equals(other) && upstream(target).contains(other);
  }
}
