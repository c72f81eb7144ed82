package dev.medic.handoff;

import dev.medic.spi.Kinds;
import dev.medic.spi.Plugin;

/** Hands an incident to an external agent command: the {@code agent} analyst. */
public final class HandoffPlugin implements Plugin {

  @Override
  public String name() {
    return "handoff";
  }

  @Override
  public void register(Kinds kinds) {
    kinds.analyst("agent", AgentHandoffSpec.class);
  }
}
