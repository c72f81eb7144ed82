package dev.medic.config;

import dev.medic.spi.Durations;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who hears of which incidents, and when: the first policy whose {@code match} covers an incident
 * governs it. Its steps run in the order they are reached, each once per incident, until someone
 * acknowledges the incident or it closes.
 *
 * @param remindEvery while an escalated incident is unacknowledged, its page is sent again this often
 *     to the channels already paged; null for never
 */
public record EscalationPolicy(String name, IncidentMatch match, List<EscalationStep> steps, Duration remindEvery) {

  public EscalationPolicy {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name is required");
    }
    match = match == null ? IncidentMatch.all() : match;
    steps = steps == null ? List.of() : List.copyOf(steps);
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("steps must list at least one step");
    }
    if (remindEvery != null && remindEvery.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException("remind_every must be at least 1m, got " + Durations.format(remindEvery));
    }
  }

  /**
   * The policy for incidents no configured policy covers: fix first, page every channel only when
   * medic could not fix it.
   */
  public static EscalationPolicy fixFirst(List<String> channels) {
    return new EscalationPolicy("default", IncidentMatch.all(), List.of(EscalationStep.onEscalatedToAll(channels)),
        null);
  }

  /** Every channel some step of this policy pages, in the order first named. */
  public Set<String> channels() {
    Set<String> all = new LinkedHashSet<>();
    steps.forEach(s -> all.addAll(s.channels()));
    return all;
  }
}
