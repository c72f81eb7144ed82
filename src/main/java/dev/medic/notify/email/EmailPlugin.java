package dev.medic.notify.email;

import dev.medic.spi.Kinds;
import dev.medic.spi.Plugin;

/** A mail through an SMTP server: the {@code email} channel. */
public final class EmailPlugin implements Plugin {

  @Override
  public String name() {
    return "email";
  }

  @Override
  public void register(Kinds kinds) {
    kinds.channel("email", EmailChannel.class);
  }
}
