package dev.medic.dns;

import dev.medic.spi.Kinds;
import dev.medic.spi.Plugin;

/** Name resolution: the {@code dns} check (does a name resolve, to the right addresses, in time). */
public final class DnsPlugin implements Plugin {

  @Override
  public String name() {
    return "dns";
  }

  @Override
  public void register(Kinds kinds) {
    kinds.check("dns", DnsCheck.class, DnsCheck::create);
  }
}
