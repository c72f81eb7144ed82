package dev.medic.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** How far medic may go on its own. */
public enum Mode {
  /** Detect and record incidents; never act, never notify beyond the log. */
  OBSERVE("observe"),
  /** Detect, record and escalate to people; never act. */
  ESCALATE_ONLY("escalate-only"),
  /** Detect, act under the Guard, verify, escalate what cannot be fixed. */
  HEAL("heal");

  private final String key;

  Mode(String key) {
    this.key = key;
  }

  @JsonValue
  public String key() {
    return key;
  }

  @JsonCreator
  public static Mode parse(String text) {
    for (Mode m : values()) {
      if (m.key.equalsIgnoreCase(text) || m.name().equalsIgnoreCase(text)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "mode must be one of "
            + Arrays.stream(values()).map(Mode::key).collect(Collectors.joining(", "))
            + ", got '" + text + "'");
  }
}
