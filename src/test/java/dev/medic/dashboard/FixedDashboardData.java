package dev.medic.dashboard;

import dev.medic.incident.Acknowledgement;
import dev.medic.spi.Analysis;
import dev.medic.spi.Incident;
import dev.medic.spi.TimelineEvent;
import dev.medic.store.Approval;
import dev.medic.store.AuditEntry;
import dev.medic.store.History;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Dashboard data the test sets by hand: what a running medic would answer, without one. */
final class FixedDashboardData implements DashboardData {

  Instant now = Instant.parse("2026-11-30T12:00:00Z");
  final List<TargetState> targets = new ArrayList<>();
  final List<Incident> incidents = new ArrayList<>();
  final Map<Long, List<TimelineEvent>> timelines = new HashMap<>();
  final List<AuditEntry> audit = new ArrayList<>();
  final List<Approval> approvals = new ArrayList<>();
  final Map<Long, Acknowledgement> acks = new HashMap<>();
  final Map<Long, Incident> roots = new HashMap<>();
  final Map<String, List<String>> strategies = new HashMap<>();
  final Map<Long, List<Analysis>> analyses = new HashMap<>();
  History history = History.NONE;

  @Override
  public Instant now() {
    return now;
  }

  @Override
  public List<TargetState> targets() {
    return targets;
  }

  @Override
  public List<Incident> openIncidents() {
    return incidents.stream().filter(Incident::isOpen).toList().reversed();
  }

  @Override
  public List<Incident> incidents(int limit) {
    return incidents.reversed().stream().limit(limit).toList();
  }

  @Override
  public Optional<Incident> incident(long id) {
    return incidents.stream().filter(i -> i.id() == id).findFirst();
  }

  @Override
  public List<TimelineEvent> timeline(long incidentId) {
    return timelines.getOrDefault(incidentId, List.of());
  }

  @Override
  public List<AuditEntry> audit(Long incidentId, int limit) {
    return audit.reversed().stream().filter(a -> incidentId == null || incidentId.equals(a.incidentId()))
        .limit(limit).toList();
  }

  @Override
  public List<Approval> pendingApprovals() {
    return approvals.stream().filter(Approval::pending).toList();
  }

  @Override
  public Optional<Acknowledgement> acknowledgement(long incidentId) {
    return Optional.ofNullable(acks.get(incidentId));
  }

  @Override
  public Optional<Incident> rootOf(long incidentId) {
    return Optional.ofNullable(roots.get(incidentId));
  }

  @Override
  public List<String> strategies(String target) {
    return strategies.getOrDefault(target, List.of());
  }

  @Override
  public List<Analysis> analyses(long incidentId) {
    return analyses.getOrDefault(incidentId, List.of());
  }

  @Override
  public History history() {
    return history;
  }
}
