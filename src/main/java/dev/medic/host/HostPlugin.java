package dev.medic.host;

import dev.medic.spi.Kinds;
import dev.medic.spi.Plugin;

/** The machine medic runs on: the {@code host} check. */
public final class HostPlugin implements Plugin {

  @Override
  public String name() {
    return "host";
  }

  @Override
  public void register(Kinds kinds) {
    kinds.check("host", HostCheck.class, HostCheck::create);
  }
}
