package dev.medic.spi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an argv list (no shell) with a hard timeout and captures combined output, bounded in size.
 * Shared by every kind that runs a program: the command check and action, the presets of service
 * managers, renewal commands.
 */
public final class CommandRunner {

  private static final int MAX_OUTPUT_BYTES = 64 * 1024;

  /** What a finished (or killed) command left behind. */
  public record Result(int exitCode, String output, boolean timedOut, Duration took) {}

  private CommandRunner() {}

  public static Result run(List<String> argv, Duration timeout) throws InterruptedException {
    long start = System.nanoTime();
    Process process;
    try {
      process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    } catch (IOException e) {
      return new Result(127, "cannot start " + argv.getFirst() + ": " + e.getMessage(), false,
          Duration.ofNanos(System.nanoTime() - start));
    }
    closeQuietly(process);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread reader = Thread.ofVirtual().start(() -> drain(process.getInputStream(), out));
    boolean finished;
    try {
      finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      // The caller gives up on the command (medic stopping, a check's hard timeout): it must not live on.
      kill(process);
      throw e;
    }
    if (!finished) {
      kill(process);
      process.waitFor(1, TimeUnit.SECONDS);
    }
    reader.join(Duration.ofSeconds(1));
    String output;
    synchronized (out) {
      output = out.toString(StandardCharsets.UTF_8);
    }
    return new Result(finished ? process.exitValue() : -1, output, !finished,
        Duration.ofNanos(System.nanoTime() - start));
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static void closeQuietly(Process process) {
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // nothing to send to the command anyway
    }
  }

  private static void drain(InputStream in, ByteArrayOutputStream out) {
    byte[] buffer = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        synchronized (out) {
          int room = MAX_OUTPUT_BYTES - out.size();
          if (room > 0) {
            out.write(buffer, 0, Math.min(room, n));
          }
        }
      }
    } catch (IOException ignored) {
      // the process was killed; keep what was read
    }
  }
}
