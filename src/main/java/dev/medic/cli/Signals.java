package dev.medic.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/** SIGHUP handling through the JDK's signal API (present on every HotSpot JDK, not standard). */
final class Signals {

  private static final Path STATUS = Path.of("/proc/self/status");

  private Signals() {}

  static void onHangup(Runnable action) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> Thread.ofVirtual().start(action));
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      LoggerFactory.getLogger("medic").warn("SIGHUP reload unavailable here: {}", e.getMessage());
      return;
    }
    // The JVM leaves an inherited "ignore SIGHUP" (nohup, some service managers) in place and
    // installs nothing, without a word: kill -HUP would then silently do nothing.
    if (hangupIgnored(STATUS).orElse(false)) {
      LoggerFactory.getLogger("medic").warn("SIGHUP RELOAD IS UNAVAILABLE: this process inherited an ignored"
          + " SIGHUP (started under nohup?), so kill -HUP does nothing. Reload with POST /api/reload, or start"
          + " medic with bin/medic (it runs java under 'env --default-signal=HUP').");
    }
  }

  /**
   * Is SIGHUP (signal 1) in the process's ignored set? Read from the {@code SigIgn} mask of a
   * {@code /proc/PID/status} file; empty where there is no such file (not Linux).
   */
  static Optional<Boolean> hangupIgnored(Path status) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("SigIgn:")) {
          long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16);
          return Optional.of((mask & 1L) != 0);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux, or a format we do not know: say nothing rather than something wrong
    }
    return Optional.empty();
  }
}
