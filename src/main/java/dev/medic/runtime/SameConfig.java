package dev.medic.runtime;

import java.lang.reflect.RecordComponent;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Value equality of two parsed config parts, for a reload to tell an unchanged target (kept as it
 * runs, with everything its detector and probes remember) from a changed one. Records are compared
 * component by component; {@link Pattern}, which has no value equality of its own, by its source
 * and flags.
 */
final class SameConfig {

  private SameConfig() {}

  static boolean same(Object a, Object b) {
    if (a == b) {
      return true;
    }
    if (a == null || b == null || a.getClass() != b.getClass()) {
      return false;
    }
    if (a instanceof Pattern p) {
      Pattern q = (Pattern) b;
      return p.pattern().equals(q.pattern()) && p.flags() == q.flags();
    }
    if (a instanceof List<?> l) {
      return sameElements(l.iterator(), ((List<?>) b).iterator(), l.size() == ((List<?>) b).size());
    }
    if (a instanceof Map<?, ?> m) {
      Map<?, ?> n = (Map<?, ?>) b;
      if (m.size() != n.size()) {
        return false;
      }
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!n.containsKey(e.getKey()) || !same(e.getValue(), n.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (a.getClass().isRecord()) {
      for (RecordComponent c : a.getClass().getRecordComponents()) {
        try {
          c.getAccessor().setAccessible(true);
          if (!same(c.getAccessor().invoke(a), c.getAccessor().invoke(b))) {
            return false;
          }
        } catch (ReflectiveOperationException e) {
          return false; // cannot tell: treat as changed, which restarts the target (safe)
        }
      }
      return true;
    }
    return Objects.equals(a, b);
  }

  private static boolean sameElements(Iterator<?> a, Iterator<?> b, boolean sameSize) {
    if (!sameSize) {
      return false;
    }
    while (a.hasNext()) {
      if (!same(a.next(), b.next())) {
        return false;
      }
    }
    return true;
  }
}
