package dev.medic.files;

import dev.medic.spi.ActionContext;
import java.time.Clock;
import java.time.Duration;

/** What a file remedy's run shares: the clock it ages files by and the time it may take. */
final class FileRun {

  private FileRun() {}

  /** The runtime's clock when one is bound (a test binds a settable one), else the system's. */
  static Clock clock(ActionContext context) {
    return context.bindings().get(Clock.class).orElse(Clock.systemUTC());
  }

  /** Monotonic deadline for the work, so a run over a huge directory stops instead of outliving its timeout. */
  static long deadline(Duration timeout) {
    return System.nanoTime() + timeout.toNanos();
  }

  static boolean past(long deadline) {
    return System.nanoTime() - deadline > 0;
  }
}
