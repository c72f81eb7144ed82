package dev.medic.log;

import dev.medic.spi.Kinds;
import dev.medic.spi.Plugin;

/** Log files: the {@code log} check, which follows a file like {@code tail -F} and matches its new lines. */
public final class LogPlugin implements Plugin {

  @Override
  public String name() {
    return "log";
  }

  @Override
  public void register(Kinds kinds) {
    kinds.check("log", LogCheck.class, LogCheck::create);
  }
}
