package dev.medic.runtime;

import dev.medic.analyze.Analysts;
import dev.medic.analyze.BundleSource;
import dev.medic.analyze.Investigation;
import dev.medic.analyze.Proposer;
import dev.medic.incident.IncidentBook;
import dev.medic.spi.Analysis;
import dev.medic.spi.Incident;
import dev.medic.spi.IncidentBundle;
import dev.medic.store.AuditEntry;
import dev.medic.store.History;
import dev.medic.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the API, the MCP server and the CLI investigate a running medic through: reads from the
 * book and the store, bundles, the analysis desk, and proposals that go to the healer (the Guard,
 * then a person's approval). Nothing here acts on its own.
 */
final class AgentInvestigation implements Investigation {

  private final IncidentBook book;
  private final Store store;
  private final BundleSource bundles;
  private final Analysts analysts;
  private final Proposer proposer;

  AgentInvestigation(IncidentBook book, Store store, BundleSource bundles, Analysts analysts, Proposer proposer) {
    this.book = book;
    this.store = store;
    this.bundles = bundles;
    this.analysts = analysts;
    this.proposer = proposer;
  }

  @Override
  public List<Incident> openIncidents() {
    return book.openIncidents();
  }

  @Override
  public Optional<Incident> incident(long id) {
    return store.incidents().get(id);
  }

  @Override
  public Optional<IncidentBundle> bundle(long incidentId) {
    return bundles.bundle(incidentId);
  }

  @Override
  public List<Analysis> analyses(long incidentId) {
    return analysts.of(incidentId);
  }

  @Override
  public List<Analysis> analyze(long incidentId, List<String> names, String by) throws InterruptedException {
    return analysts.analyze(incidentId, names, by);
  }

  @Override
  public History.Series history(String target, Instant from, Instant to, Duration step) {
    return store.history().chart(target, null, from, to, step);
  }

  @Override
  public List<AuditEntry> audit(Long incidentId, int limit) {
    return store.audit().list(incidentId, limit);
  }

  @Override
  public Proposal propose(long incidentId, String strategy, String by, String why) {
    return proposer.propose(incidentId, strategy, by, why);
  }
}
