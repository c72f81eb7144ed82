package dev.medic.live;

import dev.medic.incident.IncidentEvent;
import dev.medic.spi.Incident;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What happened to an incident, as the {@code alert} event tells it.
 *
 * @param level the incident's severity ({@code critical} or {@code warning}); {@code info} once it resolved
 * @param message what the change says (the attempt, the reason it escalated), else the incident's message
 * @param service the incident's target
 * @param state the incident's state after the change
 * @param event opened, resolved, acknowledged, escalated, attempted, approval_requested or reopened
 */
public record Alert(long id, String level, String message, String service, String state, String event) {

  /** The {@code alert} event's data: the alert and when it was told. */
  public record Told(Alert alert, Instant at) {}

  /** The alert for an incident event; empty for links between incidents, which change no alert. */
  public static Optional<Alert> of(IncidentEvent event, UnaryOperator<String> redact) {
    Incident i = event.incident();
    String name;
    String detail;
    switch (event) {
      case IncidentEvent.Opened o -> { name = "opened"; detail = null; }
      case IncidentEvent.Attempted a -> { name = "attempted"; detail = a.detail(); }
      case IncidentEvent.Reopened r -> { name = "reopened"; detail = r.detail(); }
      case IncidentEvent.ApprovalRequested a -> { name = "approval_requested"; detail = a.detail(); }
      case IncidentEvent.Escalated e -> { name = "escalated"; detail = e.reason(); }
      case IncidentEvent.Acknowledged a -> { name = "acknowledged"; detail = "acknowledged by " + a.acknowledgement().by(); }
      case IncidentEvent.Resolved r -> { name = "resolved"; detail = i.resolutionDetails(); }
      case IncidentEvent.Linked l -> { return Optional.empty(); }
      case IncidentEvent.Unlinked u -> { return Optional.empty(); }
    }
    String level = i.state().open() ? i.severity().key() : "info";
    String message = detail == null || detail.isBlank() ? i.message() : detail;
    return Optional.of(new Alert(i.id(), level, redact.apply(message), i.target(), i.state().key(), name));
  }
}
