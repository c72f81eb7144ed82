package dev.medic.runtime;

import dev.medic.api.Metrics;
import dev.medic.api.ReadModel;
import dev.medic.api.TargetView;
import dev.medic.config.MedicConfig;
import dev.medic.config.TargetConfig;
import dev.medic.store.Approval;
import dev.medic.spi.Incident;
import dev.medic.incident.IncidentBook;
import dev.medic.spi.TimelineEvent;
import dev.medic.spi.Observation;
import dev.medic.store.AuditEntry;
import dev.medic.store.Silence;
import dev.medic.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The API's view of a running medic: the store's records and the targets' live state. */
final class AgentReadModel implements ReadModel {

  private final Store store;
  private final IncidentBook book;
  private final TargetRuntimes runtimes;
  private final Metrics metrics;
  private final Supplier<MedicConfig> config;
  private final Clock clock;
  private final Instant startedAt;
  private final Supplier<ReadModel.Downtime> lastDowntime;

  /** @param lastDowntime the downtime told at start, null if none */
  AgentReadModel(Store store, IncidentBook book, TargetRuntimes runtimes, Metrics metrics,
      Supplier<MedicConfig> config, Clock clock, Supplier<ReadModel.Downtime> lastDowntime) {
    this.store = store;
    this.book = book;
    this.runtimes = runtimes;
    this.metrics = metrics;
    this.config = config;
    this.clock = clock;
    this.startedAt = clock.instant();
    this.lastDowntime = lastDowntime;
  }

  Instant startedAt() {
    return startedAt;
  }

  @Override
  public Health health() {
    MedicConfig cfg = config.get();
    return new Health(store.problem(), store.writable(), store.backlog(),
        Duration.between(startedAt, clock.instant()).toSeconds(), cfg.targets().size(),
        book.openIncidents().size(), cfg.agent().mode().key(), cfg.agent().dryRun(), lastDowntime.get());
  }

  @Override
  public List<TargetView> targets() {
    List<TargetView> views = new ArrayList<>();
    Instant now = clock.instant();
    for (TargetConfig t : config.get().targets()) {
      TargetRuntime rt = runtimes.get(t.name());
      if (rt == null) {
        continue;
      }
      Map<String, Observation> last = rt.lastObservations();
      List<Incident> open = book.openIncidents(t.name());
      views.add(new TargetView(t.name(), t.critical(), rt.status().name().toLowerCase(Locale.ROOT),
          rt.uptime(now), last.values().stream().map(o -> TargetView.CheckView.of(o, book::redact)).toList(),
          open.stream().map(Incident::id).toList()));
    }
    return views;
  }

  @Override
  public List<Incident> incidents(Boolean open, int limit) {
    return store.incidents().list(open, limit);
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
  public List<Approval> approvals(Approval.State state, int limit) {
    return store.approvals().list(state, limit);
  }

  @Override
  public Optional<Approval> approval(long id) {
    return store.approvals().get(id);
  }

  @Override
  public List<Silence> silences(boolean all) {
    return store.silences().list(clock.instant(), all);
  }

  @Override
  public String metrics() {
    return metrics.scrape();
  }
}
