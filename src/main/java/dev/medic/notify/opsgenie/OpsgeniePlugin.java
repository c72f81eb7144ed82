package dev.medic.notify.opsgenie;

import dev.medic.spi.Kinds;
import dev.medic.spi.Plugin;

/** Opsgenie's Alert API: the {@code opsgenie} channel. */
public final class OpsgeniePlugin implements Plugin {

  @Override
  public String name() {
    return "opsgenie";
  }

  @Override
  public void register(Kinds kinds) {
    kinds.channel("opsgenie", OpsgenieChannel.class);
  }
}
