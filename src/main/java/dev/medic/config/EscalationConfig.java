package dev.medic.config;

import dev.medic.notify.ChannelSpec;
import java.util.List;

/** Who hears about incidents medic cannot fix. The log always does. */
public record EscalationConfig(Boolean enabled, List<ChannelSpec> channels) {

  public EscalationConfig {
    enabled = enabled == null || enabled;
    channels = channels == null ? List.of() : List.copyOf(channels);
  }

  public static EscalationConfig defaults() {
    return new EscalationConfig(true, List.of());
  }
}
