package dev.medic.config;

import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which incidents an escalation policy covers. Each field that is given must match; an empty match
 * covers every incident. Target and condition names may use {@code *} for any run of characters
 * ({@code db-*}, {@code http_*}).
 *
 * @param severity the severities covered, empty for all
 * @param labels target labels that must all be present with these values
 */
public record IncidentMatch(
    List<Severity> severity, List<String> targets, List<String> conditions, Map<String, String> labels) {

  public IncidentMatch {
    severity = severity == null ? List.of() : List.copyOf(severity);
    targets = targets == null ? List.of() : List.copyOf(targets);
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  public static IncidentMatch all() {
    return new IncidentMatch(null, null, null, null);
  }

  /** @param targetLabels the labels of the incident's target, as configured now */
  public boolean matches(Incident incident, Map<String, String> targetLabels) {
    return (severity.isEmpty() || severity.contains(incident.severity()))
        && anyGlob(targets, incident.target())
        && anyGlob(conditions, incident.condition())
        && labels.entrySet().stream().allMatch(e -> e.getValue().equals(targetLabels.get(e.getKey())));
  }

  private static boolean anyGlob(List<String> globs, String name) {
    return globs.isEmpty() || globs.stream().anyMatch(g -> glob(g).matcher(name).matches());
  }

  private static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    for (String part : glob.split("\\*", -1)) {
      if (!regex.isEmpty()) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(part));
    }
    return Pattern.compile(regex.toString());
  }
}
