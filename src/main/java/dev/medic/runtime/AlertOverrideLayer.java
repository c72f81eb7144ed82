package dev.medic.runtime;

import dev.medic.config.DetectSettings;
import dev.medic.config.MedicConfig;
import dev.medic.config.TargetConfig;
import dev.medic.spi.ThresholdRule;
import dev.medic.store.AlertOverride;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Lays the detection overrides made through the API over a config as the file has it, at start,
 * on every reload and on every change. Values are checked by the records the config loader binds
 * (a threshold is parsed as {@code thresholds:} lines are), so an override can hold nothing the
 * file could not.
 */
final class AlertOverrideLayer {

  private AlertOverrideLayer() {}

  /**
   * @param ignored told of each override whose target the config no longer has (kept in the store)
   * @throws IllegalArgumentException naming target, field and value of an override that is wrong
   */
  static MedicConfig layOver(MedicConfig file, List<AlertOverride> overrides, Consumer<String> ignored) {
    Map<String, AlertOverride> byTarget = overrides.stream()
        .collect(Collectors.toMap(AlertOverride::target, o -> o, (a, b) -> b));
    for (String target : byTarget.keySet()) {
      if (file.target(target).isEmpty()) {
        ignored.accept("alert override for target '" + target + "' ignored: the config has no such target");
      }
    }
    if (byTarget.isEmpty()) {
      return file;
    }
    List<TargetConfig> targets = new ArrayList<>();
    for (TargetConfig t : file.targets()) {
      AlertOverride o = byTarget.get(t.name());
      targets.add(o == null ? t : t.withDetect(apply(t.name(), t.detect(), o)));
    }
    return file.withTargets(targets);
  }

  /** The target's detection settings with the override's fields in place of the file's. */
  static DetectSettings apply(String target, DetectSettings file, AlertOverride o) {
    String where = "targets." + target + ".";
    DetectSettings.Window window = file.window();
    if (o.windowSet()) {
      window = o.windowSize() == null ? null : check(where + "window", o.windowSize() + "/" + o.windowFailures(),
          () -> new DetectSettings.Window(o.windowSize(), o.windowFailures()));
    }
    List<ThresholdRule> thresholds = file.thresholds();
    if (o.thresholds() != null) {
      thresholds = new ArrayList<>();
      for (int i = 0; i < o.thresholds().size(); i++) {
        String line = o.thresholds().get(i);
        thresholds.add(check(where + "thresholds[" + i + "]", "'" + line + "'", () -> ThresholdRule.parse(line)));
      }
    }
    Integer failures = o.failures() != null ? o.failures() : file.failures();
    Integer successes = o.successes() != null ? o.successes() : file.successes();
    checkAtLeastOne(where + "failures", failures);
    checkAtLeastOne(where + "successes", successes);
    return new DetectSettings(failures, successes, window, thresholds, file.crashLoop(), file.flap());
  }

  private static void checkAtLeastOne(String field, Integer value) {
    if (value != null && value < 1) {
      throw new IllegalArgumentException(field + " must be >= 1, got " + value);
    }
  }

  private static <T> T check(String field, String value, java.util.function.Supplier<T> parse) {
    try {
      return parse.get();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage() + " (got " + value + ")", e);
    }
  }
}
