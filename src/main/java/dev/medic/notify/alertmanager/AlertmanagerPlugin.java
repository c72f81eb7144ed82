package dev.medic.notify.alertmanager;

import dev.medic.spi.Kinds;
import dev.medic.spi.Plugin;

/** Alertmanager's webhook body: the {@code alertmanager} channel. */
public final class AlertmanagerPlugin implements Plugin {

  @Override
  public String name() {
    return "alertmanager";
  }

  @Override
  public void register(Kinds kinds) {
    kinds.channel("alertmanager", AlertmanagerChannel.class);
  }
}
