package dev.medic.host;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Whether the host check reads GPUs through {@code nvidia-smi}. */
public enum GpuMode {
  /** When nvidia-smi is on the PATH; a host without it is fine. */
  AUTO,
  /** The host must have a working GPU: without one the check is down with {@code gpu_unavailable}. */
  REQUIRED,
  /** Never runs nvidia-smi. */
  OFF;

  @JsonCreator
  public static GpuMode parse(String text) {
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("gpu must be auto, required or off, got '" + text + "'");
    }
  }

  @JsonValue
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
