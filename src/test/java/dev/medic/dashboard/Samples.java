package dev.medic.dashboard;

import dev.medic.api.TargetView;
import dev.medic.spi.Incident;
import dev.medic.spi.IncidentState;
import dev.medic.spi.Severity;
import dev.medic.spi.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Targets and incidents as a running medic would have them, made short. */
final class Samples {

  static final Instant AT = Instant.parse("2026-11-30T11:58:00Z");

  private Samples() {}

  static TargetState target(String name, boolean critical, Status status, String message, Long... open) {
    String word = status.name().toLowerCase(java.util.Locale.ROOT);
    List<TargetView.CheckView> checks = status == Status.UNKNOWN ? List.of()
        : List.of(new TargetView.CheckView("check", word, AT, 12.0, status == Status.UP ? null : "unreachable",
            message, Map.of()));
    return new TargetState(name, critical, status, List.of(), status == Status.UNKNOWN ? null : 0.99, checks,
        List.of(open));
  }

  static TargetState dependent(String name, Status status, String... dependsOn) {
    TargetState t = target(name, false, status, status == Status.UP ? "" : "failing");
    return new TargetState(t.name(), false, status, List.of(dependsOn), t.uptime24h(), t.checks(), t.openIncidents());
  }

  static Incident open(long id, String target, String condition, String message) {
    return new Incident(id, target, condition, Severity.CRITICAL, IncidentState.OPEN, message, AT, AT, 0, List.of(),
        false, null, null, null);
  }
}
