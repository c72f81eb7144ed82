package dev.medic.spi;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a message to a channel says about its incident; the {@code event} field of a webhook body. */
public enum MessageKind {
  /** medic could not fix it: people must act. */
  ESCALATION,
  /** A destructive remedy waits for someone to approve it. */
  APPROVAL_NEEDED,
  /** Someone took the incident on: reminders and further escalation steps stop (healing does not). */
  ACKNOWLEDGED,
  /** The all-clear, to every channel that was told about the incident. */
  RESOLVED;

  @JsonValue
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static MessageKind of(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }
}
