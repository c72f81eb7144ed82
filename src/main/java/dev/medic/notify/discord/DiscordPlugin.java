package dev.medic.notify.discord;

import dev.medic.spi.Kinds;
import dev.medic.spi.Plugin;

/** A message to a Discord channel through its webhook: the {@code discord} channel. */
public final class DiscordPlugin implements Plugin {

  @Override
  public String name() {
    return "discord";
  }

  @Override
  public void register(Kinds kinds) {
    kinds.channel("discord", DiscordChannel.class);
  }
}
