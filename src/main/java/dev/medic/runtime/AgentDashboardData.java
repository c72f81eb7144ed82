package dev.medic.runtime;

import dev.medic.api.TargetView;
import dev.medic.config.MedicConfig;
import dev.medic.config.StrategyConfig;
import dev.medic.config.TargetConfig;
import dev.medic.dashboard.DashboardData;
import dev.medic.dashboard.TargetState;
import dev.medic.incident.Acknowledgement;
import dev.medic.incident.IncidentBook;
import dev.medic.spi.Analysis;
import dev.medic.spi.Incident;
import dev.medic.spi.TimelineEvent;
import dev.medic.store.Approval;
import dev.medic.store.AuditEntry;
import dev.medic.store.History;
import dev.medic.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The dashboard's view of a running medic: the running config, the targets' live state, the store. */
final class AgentDashboardData implements DashboardData {

  private final Store store;
  private final IncidentBook book;
  private final TargetRuntimes runtimes;
  private final Supplier<MedicConfig> config;
  private final Clock clock;

  AgentDashboardData(Store store, IncidentBook book, TargetRuntimes runtimes, Supplier<MedicConfig> config, Clock clock) {
    this.store = store;
    this.book = book;
    this.runtimes = runtimes;
    this.config = config;
    this.clock = clock;
  }

  @Override
  public Instant now() {
    return clock.instant();
  }

  @Override
  public List<TargetState> targets() {
    Instant now = clock.instant();
    List<TargetState> states = new ArrayList<>();
    for (TargetConfig t : config.get().targets()) {
      state(t, now).ifPresent(states::add);
    }
    return states;
  }

  /** One target without building the others' state: a live update fetches one grid row. */
  @Override
  public Optional<TargetState> target(String name) {
    return config.get().targets().stream().filter(t -> t.name().equals(name)).findFirst()
        .flatMap(t -> state(t, clock.instant()));
  }

  /** Empty for a target whose runtime is gone (a reload dropped it meanwhile). */
  private Optional<TargetState> state(TargetConfig t, Instant now) {
    TargetRuntime rt = runtimes.get(t.name());
    if (rt == null) {
      return Optional.empty();
    }
    return Optional.of(new TargetState(t.name(), t.critical(), rt.status(), t.dependsOn(), rt.uptime(now),
        rt.lastObservations().values().stream().map(o -> TargetView.CheckView.of(o, book::redact))
            .sorted(Comparator.comparing(TargetView.CheckView::name)).toList(),
        book.openIncidents(t.name()).stream().map(Incident::id).sorted().toList()));
  }

  /** From the store, each text through the redactor: an agent's output may quote what it read. */
  @Override
  public List<Analysis> analyses(long incidentId) {
    return store.analyses().forIncident(incidentId).stream().map(a -> new Analysis(a.id(), a.incidentId(),
        a.analyst(), a.at(), a.verdict(), a.rootTarget(), a.rootCondition(), a.rootIncidentId(), book.redact(a.summary()),
        a.confidence(), a.evidence().stream().map(book::redact).toList(), a.suggestedActions(),
        a.refused().stream().map(r -> new Analysis.Refusal(r.action(), book.redact(r.reason()))).toList(), a.usage(),
        book.redact(a.output()), book.redact(a.error()))).toList();
  }

  @Override
  public List<Incident> openIncidents() {
    return book.openIncidents().stream().sorted(Comparator.comparingLong(Incident::id).reversed()).toList();
  }

  @Override
  public List<Incident> incidents(int limit) {
    return store.incidents().list(null, limit);
  }

  @Override
  public Optional<Incident> incident(long id) {
    return store.incidents().get(id);
  }

  @Override
  public List<TimelineEvent> timeline(long incidentId) {
    return store.incidents().timeline(incidentId);
  }

  @Override
  public List<AuditEntry> audit(Long incidentId, int limit) {
    return store.audit().list(incidentId, limit);
  }

  @Override
  public List<Approval> pendingApprovals() {
    return store.approvals().list(Approval.State.PENDING, 1000).reversed();
  }

  @Override
  public Optional<Acknowledgement> acknowledgement(long incidentId) {
    return book.acknowledgement(incidentId);
  }

  @Override
  public Optional<Incident> rootOf(long incidentId) {
    return book.rootOf(incidentId);
  }

  @Override
  public List<String> strategies(String target) {
    return config.get().strategies().stream().filter(s -> s.targets().isEmpty() || s.targets().contains(target))
        .map(StrategyConfig::name).toList();
  }

  @Override
  public History history() {
    return store.history();
  }
}
