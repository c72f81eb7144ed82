package dev.medic.api;

import dev.medic.config.DetectSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The detection thresholds in force, as {@code GET /api/alerts/config} shows them: the agent's
 * defaults and, per target, what decides when its incidents open and resolve.
 */
public record DetectionSettings(Defaults defaults, Map<String, Target> targets) {

  /** The agent's {@code failures} and {@code successes}, for targets that set none. */
  public record Defaults(int failures, int successes) {}

  /**
   * @param source {@code config} when the file decides, {@code override} when someone changed it
   *     through the API (then {@code changedBy} and {@code changedAt} say who and when)
   */
  public record Target(int failures, int successes, DetectSettings.Window window, List<String> thresholds,
      String source, String changedBy, Instant changedAt) {}
}
