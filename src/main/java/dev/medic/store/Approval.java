package dev.medic.store;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;

/**
 * A request for a person to allow one destructive remedy on one incident.
 *
 * @param action what exactly would run, as the audit will say it
 * @param decidedBy who approved or rejected it (from the API request), null while pending
 */
public record Approval(
    long id,
    long incidentId,
    String target,
    String strategy,
    String action,
    State state,
    Instant requestedAt,
    Instant expiresAt,
    Instant decidedAt,
    String decidedBy,
    String reason) {

  /** Pending until someone decides or it expires. */
  public enum State {
    PENDING,
    APPROVED,
    REJECTED,
    EXPIRED;

    @JsonValue
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public boolean pending() {
    return state == State.PENDING;
  }
}
