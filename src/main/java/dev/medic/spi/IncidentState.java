package dev.medic.spi;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where an incident stands. Only RESOLVED is closed; all others are "open". */
public enum IncidentState {
  /** Detected, nothing done yet (or nothing allowed). */
  OPEN,
  /** An action is running or being verified. */
  HEALING,
  /** A destructive remedy waits for a person to approve it (POST /api/approvals/{id}). */
  AWAITING_APPROVAL,
  /** Nothing more medic may try: people (or an analyst) have been told. Still open. */
  ESCALATED,
  /** The condition cleared. */
  RESOLVED;

  @JsonValue
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean open() {
    return this != RESOLVED;
  }
}
