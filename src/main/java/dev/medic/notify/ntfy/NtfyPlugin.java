package dev.medic.notify.ntfy;

import dev.medic.spi.Kinds;
import dev.medic.spi.Plugin;

/** A push notification to phones and desktops through an ntfy server: the {@code ntfy} channel. */
public final class NtfyPlugin implements Plugin {

  @Override
  public String name() {
    return "ntfy";
  }

  @Override
  public void register(Kinds kinds) {
    kinds.channel("ntfy", NtfyChannel.class);
  }
}
