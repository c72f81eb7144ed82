package dev.medic.process;

import dev.medic.spi.Kinds;
import dev.medic.spi.Plugin;

/** Local processes: the {@code process} and {@code command} checks, and the {@code restart} and {@code command}
 * actions. The supervisor itself is the runtime's, bound for these kinds to use. */
public final class ProcessPlugin implements Plugin {

  @Override
  public String name() {
    return "process";
  }

  @Override
  public void register(Kinds kinds) {
    kinds.check("process", ProcessCheck.class, ProcessCheck::create);
    kinds.check("command", CommandCheck.class, CommandCheck::create);
    kinds.action("restart", RestartAction.class);
    kinds.action("command", CommandAction.class);
  }
}
