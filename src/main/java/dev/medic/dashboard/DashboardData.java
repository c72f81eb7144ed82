package dev.medic.dashboard;

import dev.medic.incident.Acknowledgement;
import dev.medic.spi.Analysis;
import dev.medic.spi.Incident;
import dev.medic.spi.TimelineEvent;
import dev.medic.store.Approval;
import dev.medic.store.AuditEntry;
import dev.medic.store.History;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the dashboard's pages read of a running medic. The runtime implements it over the store,
 * the incident book and the targets' live state; tests implement it with fixed values. Free texts
 * (messages, details) come redacted.
 */
public interface DashboardData {

  Instant now();

  /** Every configured target in config order, with its live state. */
  List<TargetState> targets();

  /** One target, as {@link #targets()} has it; empty when no configured target has the name. */
  default Optional<TargetState> target(String name) {
    return targets().stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** Open incidents, most recent first. */
  List<Incident> openIncidents();

  /** Incidents open or closed, most recent first. */
  List<Incident> incidents(int limit);

  Optional<Incident> incident(long id);

  List<TimelineEvent> timeline(long incidentId);

  /** Most recent first; {@code incidentId} null means all. */
  List<AuditEntry> audit(Long incidentId, int limit);

  /** Approvals waiting for a person, oldest first. */
  List<Approval> pendingApprovals();

  Optional<Acknowledgement> acknowledgement(long incidentId);

  /** The incident this one is a symptom of, if it is one. */
  Optional<Incident> rootOf(long incidentId);

  /** Names of the healing strategies that may act on the target, in ladder order. */
  List<String> strategies(String target);

  /** What analysts concluded about the incident, newest first (texts redacted); empty where none are kept. */
  default List<Analysis> analyses(long incidentId) {
    return List.of();
  }

  /** Check results over time: uptime, latency percentiles, chart series. */
  History history();
}
