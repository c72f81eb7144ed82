package dev.medic.tcp;

import dev.medic.spi.Kinds;
import dev.medic.spi.Plugin;

/** Any TCP service: the {@code tcp} check (does the port accept a connection). */
public final class TcpPlugin implements Plugin {

  @Override
  public String name() {
    return "tcp";
  }

  @Override
  public void register(Kinds kinds) {
    kinds.check("tcp", TcpCheck.class, TcpCheck::create);
  }
}
