package dev.medic.notify.slack;

import dev.medic.spi.Kinds;
import dev.medic.spi.Plugin;

/** A message to a Slack channel through an incoming webhook: the {@code slack} channel. */
public final class SlackPlugin implements Plugin {

  @Override
  public String name() {
    return "slack";
  }

  @Override
  public void register(Kinds kinds) {
    kinds.channel("slack", SlackChannel.class);
  }
}
