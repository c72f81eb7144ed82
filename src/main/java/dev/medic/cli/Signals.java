package dev.medic.cli;

import org.slf4j.LoggerFactory;

/** SIGHUP handling through the JDK's signal API (present on every HotSpot JDK, not standard). */
final class Signals {

  private Signals() {}

  static void onHangup(Runnable action) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> Thread.ofVirtual().start(action));
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      LoggerFactory.getLogger("medic").warn("SIGHUP reload unavailable here: {}", e.getMessage());
    }
  }
}
