package dev.medic.api;

import dev.medic.store.Approval;
import dev.medic.spi.Incident;
import dev.medic.spi.TimelineEvent;
import dev.medic.store.AuditEntry;
import dev.medic.store.Silence;
import java.util.List;
import java.util.Optional;

/**
 * What the API shows of a running medic, read without reaching into its parts. The runtime
 * implements it over the store, the incident book and the targets' live state.
 */
public interface ReadModel {

  /** medic's own state for {@code /health}. */
  Health health();

  List<TargetView> targets();

  /** Most recent first; {@code open} null means all. */
  List<Incident> incidents(Boolean open, int limit);

  Optional<Incident> incident(long id);

  List<TimelineEvent> timeline(long incidentId);

  /** Most recent first; {@code incidentId} null means all incidents. */
  List<AuditEntry> audit(Long incidentId, int limit);

  /** Most recent first; {@code state} null means all. */
  List<Approval> approvals(Approval.State state, int limit);

  Optional<Approval> approval(long id);

  /** Newest first; {@code all} false: only those not ended yet (active, or starting later). */
  List<Silence> silences(boolean all);

  /** Prometheus text exposition of medic's metrics. */
  String metrics();

  /**
   * @param problem what is wrong with medic itself (a store that cannot write, a broken audit chain)
   * @param lastDowntime the gap before this run of medic, null if there was none worth telling
   */
  record Health(Optional<String> problem, boolean storeWritable, int storeBacklog, long uptimeSeconds,
      int targets, int openIncidents, String mode, boolean dryRun, Downtime lastDowntime) {}

  /**
   * A time medic was not running: from its last sign of life (or its clean stop) until it started
   * again. Checks did not run in between.
   *
   * @param cleanStop whether medic stopped on purpose (a planned restart) rather than crashed or was killed
   */
  record Downtime(java.time.Instant from, java.time.Instant until, boolean cleanStop) {
    public long seconds() {
      return java.time.Duration.between(from, until).toSeconds();
    }
  }
}
