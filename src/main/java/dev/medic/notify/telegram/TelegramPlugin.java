package dev.medic.notify.telegram;

import dev.medic.spi.Kinds;
import dev.medic.spi.Plugin;

/** A Telegram bot's message to a chat: the {@code telegram} channel. */
public final class TelegramPlugin implements Plugin {

  @Override
  public String name() {
    return "telegram";
  }

  @Override
  public void register(Kinds kinds) {
    kinds.channel("telegram", TelegramChannel.class);
  }
}
