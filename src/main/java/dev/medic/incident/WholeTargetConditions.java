package dev.medic.incident;

import dev.medic.detect.TargetDetector;
import java.util.List;

/**
 * Conditions that cover their whole target. While one is open, the target's other conditions are
 * its symptoms: a service that keeps crashing answers 502 and drops connections, a flapping one
 * fails every check now and then, and neither is fixed by remedying those one by one.
 */
public final class WholeTargetConditions {

  /** The target's process exits again and again (raised by the detector). */
  public static final String CRASH_LOOP = TargetDetector.CRASH_LOOP;

  /** The target's state changes too often. */
  public static final String FLAPPING = TargetDetector.FLAPPING;

  /** In the order the book looks for them. */
  static final List<String> ALL = List.of(CRASH_LOOP, FLAPPING);

  private WholeTargetConditions() {}

  /** Whether the condition covers its whole target. */
  public static boolean covers(String condition) {
    return ALL.contains(condition);
  }
}
