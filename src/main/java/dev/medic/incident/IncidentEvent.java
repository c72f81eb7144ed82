package dev.medic.incident;

import dev.medic.spi.Incident;

/**
 * What happened to an incident, published by the {@link IncidentBook} after the change is
 * committed. A closed set: subscribers switch over it.
 */
public sealed interface IncidentEvent {

  /** The incident as it is after the change. */
  Incident incident();

  /** A new incident: the condition holds and nothing open covered it. */
  record Opened(Incident incident) implements IncidentEvent {}

  /** A remedy is being applied. */
  record Attempted(Incident incident, String strategy, String detail) implements IncidentEvent {}

  /** A remedy was tried and the condition still holds (or the attempt was skipped): back to open. */
  record Reopened(Incident incident, String detail) implements IncidentEvent {}

  /** A destructive remedy waits for a person's approval. */
  record ApprovalRequested(Incident incident, long approvalId, String detail) implements IncidentEvent {}

  /** Handed to people: no remedy is left, or one may not run. */
  record Escalated(Incident incident, String reason) implements IncidentEvent {}

  /** Someone took the incident on; healing goes on, paging steps and reminders stop. */
  record Acknowledged(Incident incident, Acknowledgement acknowledgement) implements IncidentEvent {}

  /**
   * Closed: resolved, or closed as a symptom of another incident ({@link Incident#symptom()}); only
   * channels that were paged about it get an all-clear.
   */
  record Resolved(Incident incident) implements IncidentEvent {}

  /**
   * The symptom's incident is linked to its root cause, the open incident of a target it depends on:
   * it is not healed on its own (unless its target sets {@code heal_symptoms}) while the root lasts.
   * Published after the symptom's {@link Opened} when it opened as a symptom.
   */
  record Linked(Incident symptom, Incident root) implements IncidentEvent {

    /** The symptom, as it is after the change. */
    @Override
    public Incident incident() {
      return symptom;
    }
  }

  /**
   * The root resolved (or closed) while the symptom still holds: the symptom is an incident of its
   * own again and is healed as one. Its target may be linked to another root right after.
   */
  record Unlinked(Incident symptom, Incident root) implements IncidentEvent {

    /** The symptom, as it is after the change. */
    @Override
    public Incident incident() {
      return symptom;
    }
  }
}
