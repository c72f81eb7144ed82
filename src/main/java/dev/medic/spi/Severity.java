package dev.medic.spi;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** From the target: {@code critical: true} makes its incidents CRITICAL, otherwise WARNING. */
public enum Severity {
  CRITICAL,
  WARNING;

  @JsonValue
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
