package dev.medic.notify.twilio;

import dev.medic.spi.Kinds;
import dev.medic.spi.Plugin;

/** An SMS to phones through Twilio: the {@code twilio} channel. */
public final class TwilioPlugin implements Plugin {

  @Override
  public String name() {
    return "twilio";
  }

  @Override
  public void register(Kinds kinds) {
    kinds.channel("twilio", TwilioChannel.class);
  }
}
