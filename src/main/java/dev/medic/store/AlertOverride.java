package dev.medic.store;

import java.time.Instant;
import java.util.List;

/**
 * A target's detection settings as someone changed them through the API, laid over the config
 * file's. A null field leaves the file's value in force.
 *
 * @param windowSet whether the window is overridden; then a null {@code windowSize} removes it
 * @param thresholds the rules in their one-line form; null keeps the file's, empty removes them
 */
public record AlertOverride(String target, Integer failures, Integer successes, boolean windowSet,
    Integer windowSize, Integer windowFailures, List<String> thresholds, String changedBy, Instant changedAt) {

  public AlertOverride {
    thresholds = thresholds == null ? null : List.copyOf(thresholds);
    if (!windowSet) {
      windowSize = null;
      windowFailures = null;
    }
  }

  /** This override with the fields {@code change} sets replacing this one's. */
  public AlertOverride mergedWith(AlertOverride change) {
    return new AlertOverride(target,
        change.failures != null ? change.failures : failures,
        change.successes != null ? change.successes : successes,
        change.windowSet || windowSet,
        change.windowSet ? change.windowSize : windowSize,
        change.windowSet ? change.windowFailures : windowFailures,
        change.thresholds != null ? change.thresholds : thresholds,
        change.changedBy, change.changedAt);
  }
}
