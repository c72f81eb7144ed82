package dev.medic.services;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a service manager's command line (no shell) with a hard timeout and keeps its combined
 * output, bounded, for the audit.
 */
final class Cli {

  private static final int MAX_OUTPUT_BYTES = 32 * 1024;

  /** What the command left behind; exit code -1 when it was killed at the timeout, 127 when it could not start. */
  record Result(int exitCode, String output, boolean timedOut) {

    /** The last lines of output on one line, for a detail: {@code a; b; c}. */
    String tail() {
      List<String> lines = output.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
      String joined = String.join("; ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
      return joined.length() <= 600 ? joined : "..." + joined.substring(joined.length() - 600);
    }
  }

  private Cli() {}

  static Result run(List<String> argv, Duration timeout) throws InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    } catch (IOException e) {
      return new Result(127, "cannot start " + argv.getFirst() + ": " + e.getMessage(), false);
    }
    try {
      process.getOutputStream().close(); // nothing to answer: a prompt must fail, not wait
    } catch (IOException ignored) {
      // the command closed its input first
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread reader = Thread.ofVirtual().start(() -> drain(process.getInputStream(), out));
    boolean finished;
    try {
      finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      kill(process); // medic is stopping: the command must not live on
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
    return new Result(finished ? process.exitValue() : -1, output, !finished);
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
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
      // the command was killed; keep what was read
    }
  }
}
