package dev.medic.analyze;

import dev.medic.spi.Analysis;
import dev.medic.spi.Incident;
import dev.medic.spi.IncidentBundle;
import dev.medic.store.AuditEntry;
import dev.medic.store.History;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an investigator (a person through the API, an AI assistant through MCP) may do with a running
 * medic: read everything about incidents, and propose a remedy, which goes through the Guard and a
 * person's approval like any other. Nothing here acts on its own.
 */
public interface Investigation {

  List<Incident> openIncidents();

  Optional<Incident> incident(long id);

  Optional<IncidentBundle> bundle(long incidentId);

  /** The incident's analyses, newest first. */
  List<Analysis> analyses(long incidentId);

  /**
   * Runs analysts on the incident now ({@code rules} when {@code analysts} is empty).
   *
   * @param by who asked, for the audit
   */
  List<Analysis> analyze(long incidentId, List<String> analysts, String by) throws InterruptedException;

  /** A target's check runs over a window, bucketed by {@code step}; empty buckets for an unknown target. */
  History.Series history(String target, Instant from, Instant to, java.time.Duration step);

  /** Audit entries, newest first; {@code incidentId} null for all. */
  List<AuditEntry> audit(Long incidentId, int limit);

  /**
   * Proposes one of the target's strategies for an open incident. The Guard is asked at once (a
   * strategy the target does not allow, observe mode, a spent budget refuse it); if it allows, a
   * person's approval is requested, and the healer runs and verifies the action once it is granted.
   *
   * @param by who proposes, for the audit ({@code alice via mcp}, {@code analyst llm})
   */
  Proposal propose(long incidentId, String strategy, String by, String why);

  /**
   * What became of a proposal.
   *
   * @param accepted true when it waits for approval (or was already waiting)
   * @param approvalId the approval a person must give; null when refused
   * @param reason why it was refused, or what happens next
   */
  record Proposal(boolean accepted, Long approvalId, String reason) {

    public static Proposal refused(String reason) {
      return new Proposal(false, null, reason);
    }

    public static Proposal awaitingApproval(long approvalId, String reason) {
      return new Proposal(true, approvalId, reason);
    }
  }
}
