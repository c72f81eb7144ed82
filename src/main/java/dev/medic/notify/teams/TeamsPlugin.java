package dev.medic.notify.teams;

import dev.medic.spi.Kinds;
import dev.medic.spi.Plugin;

/** An Adaptive Card to a Microsoft Teams channel through a Workflows webhook: the {@code teams} channel. */
public final class TeamsPlugin implements Plugin {

  @Override
  public String name() {
    return "teams";
  }

  @Override
  public void register(Kinds kinds) {
    kinds.channel("teams", TeamsChannel.class);
  }
}
