package dev.medic.api;

import dev.medic.store.AlertOverride;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the alert routes may change in a running medic: detection thresholds laid over the config
 * file's, and failures simulated for a drill. The runtime implements it; every change is audited
 * with who made it.
 */
public interface AlertTuning {

  DetectionSettings detection();

  /**
   * Merges each change into its target's override, checks the result as the config loader would,
   * stores it and applies it to the running agent at once.
   *
   * @throws IllegalArgumentException naming the target, field and value that are wrong, or a
   *     target the running config does not have; nothing is changed then
   */
  DetectionSettings override(List<AlertOverride> changes, String by);

  /**
   * Drops a target's override; the config file's settings apply again at once.
   *
   * @return false when the target had none
   */
  boolean dropOverride(String target, String by);

  /**
   * Makes every check of the target report DOWN until {@code now + duration}, so detection,
   * healing and paging run as for a real failure.
   *
   * @param condition the condition the failing checks raise; null for {@code simulated_failure}
   * @return when the simulation ends
   * @throws IllegalArgumentException for a target the running config does not have
   */
  Instant simulateFailure(String target, Duration duration, String by, String condition);

  /** Open incidents that are symptoms of another: symptom id to root cause id. */
  java.util.Map<Long, Long> symptomRoots();

  /**
   * Sends a test alert through one channel of the running config, or through each of them, audited
   * with who asked.
   *
   * @param channel null for every channel
   * @return each channel's outcome; empty when the named channel does not exist (or there are none)
   * @throws InterruptedException when medic is stopping
   */
  List<dev.medic.notify.TestMessage.Sent> testAlert(String channel, String by) throws InterruptedException;
}
