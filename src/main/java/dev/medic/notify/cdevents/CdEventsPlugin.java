package dev.medic.notify.cdevents;

import dev.medic.spi.Kinds;
import dev.medic.spi.Plugin;

/** CDEvents incident events over CloudEvents: the {@code cdevents} channel. */
public final class CdEventsPlugin implements Plugin {

  @Override
  public String name() {
    return "cdevents";
  }

  @Override
  public void register(Kinds kinds) {
    kinds.channel("cdevents", CdEventsChannel.class);
  }
}
