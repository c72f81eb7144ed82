package dev.medic.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A condition that holds on a target. Immutable: every change makes a new value that the {@link
 * IncidentBook} stores. The columns mirror what operators already query (attempts, strategies
 * tried, escalated, resolution status and time).
 */
public record Incident(
    long id,
    String target,
    String condition,
    Severity severity,
    IncidentState state,
    String message,
    Instant openedAt,
    Instant updatedAt,
    int healingAttempts,
    List<String> strategiesTried,
    boolean escalated,
    String resolutionStatus,
    String resolutionDetails,
    Instant resolvedAt) {

  public Incident {
    strategiesTried = strategiesTried == null ? List.of() : List.copyOf(strategiesTried);
  }

  public static Incident open(
      String target, String condition, Severity severity, String message, Instant at) {
    return new Incident(0, target, condition, severity, IncidentState.OPEN, message, at, at, 0,
        List.of(), false, null, null, null);
  }

  public boolean isOpen() {
    return state.open();
  }

  public Long resolutionSeconds() {
    return resolvedAt == null ? null : Duration.between(openedAt, resolvedAt).toSeconds();
  }

  public Incident withId(long newId) {
    return new Incident(newId, target, condition, severity, state, message, openedAt, updatedAt,
        healingAttempts, strategiesTried, escalated, resolutionStatus, resolutionDetails, resolvedAt);
  }

  public Incident withState(IncidentState newState, Instant at) {
    return new Incident(id, target, condition, severity, newState, message, openedAt, at,
        healingAttempts, strategiesTried, escalated, resolutionStatus, resolutionDetails, resolvedAt);
  }

  public Incident withMessage(String newMessage, Instant at) {
    return new Incident(id, target, condition, severity, state, newMessage, openedAt, at,
        healingAttempts, strategiesTried, escalated, resolutionStatus, resolutionDetails, resolvedAt);
  }

  /** The same incident with its free texts (message, resolution details) passed through {@code redact}. */
  public Incident withTexts(java.util.function.UnaryOperator<String> redact) {
    return new Incident(id, target, condition, severity, state, redact.apply(message), openedAt, updatedAt,
        healingAttempts, strategiesTried, escalated, resolutionStatus, redact.apply(resolutionDetails), resolvedAt);
  }

  /** One more healing attempt with the named strategy. */
  public Incident withAttempt(String strategy, Instant at) {
    List<String> tried = new ArrayList<>(strategiesTried);
    if (!tried.contains(strategy)) {
      tried.add(strategy);
    }
    return new Incident(id, target, condition, severity, IncidentState.HEALING, message, openedAt,
        at, healingAttempts + 1, tried, escalated, resolutionStatus, resolutionDetails, resolvedAt);
  }

  public Incident escalatedAt(String why, Instant at) {
    return new Incident(id, target, condition, severity, IncidentState.ESCALATED, message,
        openedAt, at, healingAttempts, strategiesTried, true, "escalated", why, resolvedAt);
  }

  public Incident resolvedAt(String details, Instant at) {
    return closedAs(RESOLVED, details, at);
  }

  /** Resolution status of an incident closed because it was one symptom of a wider incident. */
  public static final String SYMPTOM = "symptom";

  /** Resolution status of an incident that cleared. */
  public static final String RESOLVED = "resolved";

  /** Closes the incident with the given resolution status ({@link #RESOLVED}, {@link #SYMPTOM}). */
  public Incident closedAs(String status, String details, Instant at) {
    return new Incident(id, target, condition, severity, IncidentState.RESOLVED, message, openedAt,
        at, healingAttempts, strategiesTried, escalated, status, details, at);
  }

  /** Closed as a symptom of another incident rather than because its condition cleared. */
  public boolean symptom() {
    return SYMPTOM.equals(resolutionStatus);
  }
}
