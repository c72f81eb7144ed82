package dev.medic.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an argv list (no shell) with a hard timeout, keeping the tail of its combined output for
 * the audit. The renew and reload commands of {@link CertRenewAction}.
 */
final class Commands {

  /** Output kept per command: certbot is chatty, and the audit wants the end, where the error is. */
  static final int TAIL_CHARS = 500;
  private static final int MAX_OUTPUT_BYTES = 64 * 1024;

  /** How a command ended: its exit code (-1 when killed or not started) and its output's tail. */
  record Result(int exit, String tail, boolean timedOut, boolean started) {

    boolean succeeded() {
      return started && !timedOut && exit == 0;
    }

    /** "exit 0: tail", "killed after 30000 ms: tail", "cannot start x: why". */
    String describe(Duration timeout) {
      if (!started) {
        return tail; // why it could not start
      }
      String how = timedOut ? "killed after " + timeout.toMillis() + " ms" : "exit " + exit;
      return tail.isEmpty() ? how : how + ": " + tail;
    }
  }

  private Commands() {}

  static Result run(List<String> argv, Duration timeout) throws InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    } catch (IOException e) {
      return new Result(-1, "cannot start " + argv.getFirst() + ": " + e.getMessage(), false, false);
    }
    try {
      process.getOutputStream().close(); // nothing to type into it: a prompt must end, not wait
    } catch (IOException ignored) {
      // the command has gone already
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread reader = Thread.ofVirtual().start(() -> drain(process.getInputStream(), out));
    boolean finished;
    try {
      finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      kill(process); // medic stops or gives up: the command must not live on
      throw e;
    }
    if (!finished) {
      kill(process);
      process.waitFor(1, TimeUnit.SECONDS);
    }
    reader.join(Duration.ofSeconds(1));
    String output;
    synchronized (out) {
      output = out.toString(StandardCharsets.UTF_8).strip();
    }
    if (output.length() > TAIL_CHARS) {
      output = "..." + output.substring(output.length() - TAIL_CHARS);
    }
    return new Result(finished ? process.exitValue() : -1, output, !finished, true);
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  /** Keeps the last bytes: the first 64 KiB are dropped as more arrive, so the tail survives. */
  private static void drain(InputStream in, ByteArrayOutputStream out) {
    byte[] buffer = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        synchronized (out) {
          if (out.size() + n > MAX_OUTPUT_BYTES) {
            byte[] kept = out.toByteArray();
            int keep = Math.max(0, MAX_OUTPUT_BYTES / 2 - n);
            out.reset();
            out.write(kept, kept.length - Math.min(keep, kept.length), Math.min(keep, kept.length));
          }
          out.write(buffer, 0, n);
        }
      }
    } catch (IOException ignored) {
      // the process was killed; keep what was read
    }
  }
}
