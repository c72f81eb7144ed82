package dev.medic.process;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import org.junit.jupiter.api.Assumptions;

/**
 * The memory tests run real python3 programs that allocate on purpose. Without python3 they are
 * skipped with a loud message; under {@code CI=true} they fail instead.
 */
final class Python3 {

  private Python3() {}

  static void require() {
    try {
      Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (p.waitFor() == 0) {
        return;
      }
    } catch (IOException e) {
      // not installed: said below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String message = "*** python3 is not on the PATH: this test runs a real python3 process ***";
    if ("true".equals(System.getenv("CI"))) {
      fail(message + " and CI=true, so it fails instead of skipping");
    }
    System.err.println(message + "; skipping");
    Assumptions.abort(message);
  }
}
