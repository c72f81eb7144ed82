package dev.medic.config;

import dev.medic.spi.ChannelSpec;
import java.util.List;

/** Who hears about incidents medic cannot fix. The log always does. */
public record EscalationConfig(Boolean enabled, List<ChannelSpec> channels, RetryPolicy retry) {

  public EscalationConfig {
    enabled = enabled == null || enabled;
    channels = channels == null ? List.of() : List.copyOf(channels);
    retry = retry == null ? RetryPolicy.defaults() : retry;
    // The outbox knows a channel by its name: two of one name would share (and lose) messages.
    java.util.Set<String> names = new java.util.HashSet<>();
    for (ChannelSpec c : channels) {
      if (!names.add(c.name())) {
        throw new IllegalArgumentException("channels: two channels are named '" + c.name() + "'; give each its own name");
      }
    }
  }

  public static EscalationConfig defaults() {
    return new EscalationConfig(true, List.of(), null);
  }
}
