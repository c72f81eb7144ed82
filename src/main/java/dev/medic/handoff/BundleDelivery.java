package dev.medic.handoff;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How the agent receives the incident bundle. */
public enum BundleDelivery {
  /** On its standard input, which is closed after the bundle. */
  STDIN,
  /**
   * In a temporary file only medic's user can read (mode 0600), deleted when the agent is done; its
   * path replaces {@code {bundle}} in the command's arguments and is in {@code MEDIC_BUNDLE}.
   */
  FILE;

  @JsonValue
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  static BundleDelivery parse(String text) {
    for (BundleDelivery d : values()) {
      if (d.key().equalsIgnoreCase(text)) {
        return d;
      }
    }
    throw new IllegalArgumentException("bundle must be 'stdin' or 'file', got '" + text + "'");
  }
}
