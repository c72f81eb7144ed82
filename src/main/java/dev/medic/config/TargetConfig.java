package dev.medic.config;

import com.fasterxml.jackson.annotation.JsonAlias;
import dev.medic.spi.Severity;
import dev.medic.spi.CheckSpec;
import java.util.List;
import java.util.Map;

/**
 * One monitored thing.
 *
 * @param process a process medic starts and supervises for this target (enables {@code restart})
 * @param maxHealsPerHour actions medic may take on this target in any rolling hour
 * @param autoHeal false keeps medic from acting on this target (it still detects and escalates)
 * @param dependsOn targets this one needs: while one of them has an open incident, this target's
 *     incidents are its symptoms
 * @param labels free key/value pairs that routes, silences and reports match on ({@code team: db})
 * @param healSymptoms true lets medic heal this target's incidents while they are symptoms of an
 *     incident on a target it depends on (by default only that root cause is healed)
 */
public record TargetConfig(
    String name,
    Boolean critical,
    ProcessSpec process,
    List<CheckSpec> checks,
    DetectSettings detect,
    @JsonAlias("max_restarts_per_hour") Integer maxHealsPerHour,
    @JsonAlias("auto_restart") Boolean autoHeal,
    List<String> dependsOn,
    Map<String, String> labels,
    Boolean healSymptoms) {

  public TargetConfig {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name is required");
    }
    if (!name.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException(
          "name may hold letters, digits, '.', '_' and '-', got '" + name + "'");
    }
    // "-web" would read as an option on medic's command line and in scripts that pass names on.
    if (name.startsWith("-")) {
      throw new IllegalArgumentException("name must not start with '-', got '" + name + "'");
    }
    critical = critical != null && critical;
    checks = checks == null ? List.of() : List.copyOf(checks);
    if (checks.isEmpty()) {
      throw new IllegalArgumentException("checks must list at least one check");
    }
    detect = detect == null ? DetectSettings.none() : detect;
    if (maxHealsPerHour != null && maxHealsPerHour < 0) {
      throw new IllegalArgumentException("max_heals_per_hour must be >= 0, got " + maxHealsPerHour);
    }
    autoHeal = autoHeal == null || autoHeal;
    dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    healSymptoms = healSymptoms != null && healSymptoms;
  }

  /** The same target detecting by other settings. */
  public TargetConfig withDetect(DetectSettings newDetect) {
    return new TargetConfig(name, critical, process, checks, newDetect, maxHealsPerHour, autoHeal, dependsOn, labels,
        healSymptoms);
  }

  public Severity severity() {
    return critical ? Severity.CRITICAL : Severity.WARNING;
  }
}
