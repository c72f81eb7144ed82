package dev.medic.notify.webhook;

import dev.medic.spi.Kinds;
import dev.medic.spi.Plugin;

/** A JSON POST to any URL: the {@code webhook} channel. */
public final class WebhookPlugin implements Plugin {

  @Override
  public String name() {
    return "webhook";
  }

  @Override
  public void register(Kinds kinds) {
    kinds.channel("webhook", WebhookChannel.class);
  }
}
