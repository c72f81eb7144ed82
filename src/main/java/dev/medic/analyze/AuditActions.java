package dev.medic.analyze;

import dev.medic.spi.Incident;
import dev.medic.spi.IncidentBundle.ActionTaken;
import dev.medic.store.AuditEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Reads what healing did for an incident out of its audit entries: each action with its effect, each
 * verify, each attempt's verdict, skips and approvals; and which strategy healed a closed incident.
 */
final class AuditActions {

  /** Entries that only announce what follows (the intent, the choice): their outcome is the next entry. */
  private static final Set<String> ANNOUNCEMENTS = Set.of(AuditEntry.INTENT, "decision");

  private AuditActions() {}

  /** @param entries the incident's audit entries, oldest first */
  static List<ActionTaken> of(List<AuditEntry> entries, UnaryOperator<String> redact) {
    List<ActionTaken> actions = new ArrayList<>();
    for (AuditEntry e : entries) {
      boolean unhandled = "decision".equals(e.kind()) && "skipped".equals(e.result());
      if (e.strategy() == null && !unhandled) {
        continue;
      }
      if (ANNOUNCEMENTS.contains(e.kind()) && !unhandled) {
        continue;
      }
      String detail = e.detail() == null ? "" : e.detail();
      String action = "";
      String outcome;
      switch (e.kind()) {
        case "action" -> {
          int arrow = detail.indexOf(" -> ");
          if (arrow >= 0) {
            action = detail.substring(0, arrow);
            detail = detail.substring(arrow + 4);
          }
          outcome = e.result().replace('-', '_');
        }
        case "attempt" -> {
          int colon = detail.indexOf(": ");
          action = colon >= 0 ? detail.substring(colon + 2) : detail;
          outcome = switch (e.result()) {
            case "ok" -> "healed";
            case "failed" -> "not_healed";
            default -> e.result();
          };
        }
        case "verify" -> outcome = "ok".equals(e.result()) ? "verified" : "verify_failed";
        case "skipped" -> outcome = "skipped";
        case "decision" -> outcome = "skipped";
        default -> outcome = e.result() == null || e.result().isBlank() ? e.kind() : e.kind() + "_" + e.result();
      }
      actions.add(new ActionTaken(e.at(), e.strategy() == null ? "" : e.strategy(), redact.apply(action),
          outcome, redact.apply(detail)));
    }
    return actions;
  }

  /**
   * How a closed incident ended: the strategy whose attempt healed it, else {@code symptom} (closed
   * with its root cause), {@code escalated} (a person was called) or {@code cleared} (it went away).
   *
   * @param entries its audit entries, any order
   */
  static String resolvedBy(Incident incident, List<AuditEntry> entries) {
    for (AuditEntry e : entries.reversed()) {
      if ("attempt".equals(e.kind()) && "ok".equals(e.result()) && e.strategy() != null) {
        return e.strategy();
      }
    }
    String details = incident.resolutionDetails() == null ? "" : incident.resolutionDetails();
    if (details.startsWith("healed by ")) {
      // The audit may be pruned; the resolution's own words name the strategy first.
      String rest = details.substring("healed by ".length());
      int space = rest.indexOf(' ');
      return space > 0 ? rest.substring(0, space) : rest;
    }
    if (incident.symptom()) {
      return Incident.SYMPTOM;
    }
    return incident.escalated() ? "escalated" : "cleared";
  }
}
