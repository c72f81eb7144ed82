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

  /**
   * What a finished (or killed) command left behind.
   *
   * @param exitCode -1 when killed at the timeout, 127 when it could not be started
   * @param started false when the program could not be started at all (output says why)
   */
  public record Result(int exitCode, String output, boolean timedOut, Duration took, boolean started) {

    /** Exit code 0 within the timeout. */
    public boolean succeeded() {
      return started && !timedOut && exitCode == 0;
    }

    /**
     * The last lines of output on one line, for an audit detail ({@code a; b; c}): the end of a
     * chatty tool's output is where its error is.
     */
    public String tail() {
      List<String> lines = output.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
      String joined = String.join("; ", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
      return joined.length() <= TAIL_CHARS ? joined : "..." + joined.substring(joined.length() - TAIL_CHARS);
    }

    /** How it ended and its tail: "exit 0: done", "killed after 30000 ms: ...", "cannot start x: why". */
    public String summary(Duration timeout) {
      if (!started) {
        return output;
      }
      String how = timedOut ? "killed after " + timeout.toMillis() + " ms" : "exit " + exitCode;
      String tail = tail();
      return tail.isEmpty() ? how : how + ": " + tail;
    }
  }

  /** Lines and characters of output an audit detail keeps. */
  static final int TAIL_LINES = 8;
  static final int TAIL_CHARS = 600;

  private CommandRunner() {}

  public static Result run(List<String> argv, Duration timeout) throws InterruptedException {
    long start = System.nanoTime();
    Process process;
    try {
      process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    } catch (IOException e) {
      return new Result(127, "cannot start " + argv.getFirst() + ": " + e.getMessage(), false,
          Duration.ofNanos(System.nanoTime() - start), false);
    }
    closeQuietly(process);
    HeadAndTail out = new HeadAndTail(MAX_OUTPUT_BYTES / 2);
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
      output = out.text();
    }
    return new Result(finished ? process.exitValue() : -1, output, !finished,
        Duration.ofNanos(System.nanoTime() - start), true);
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

  private static void drain(InputStream in, HeadAndTail out) {
    byte[] buffer = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        synchronized (out) {
          out.write(buffer, n);
        }
      }
    } catch (IOException ignored) {
      // the process was killed; keep what was read
    }
  }

  /**
   * Output bounded in memory, keeping both ends: the start (what a check's {@code output_matches}
   * reads) and the end (where a chatty tool prints its error). What lies between is counted.
   */
  private static final class HeadAndTail {
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private final byte[] tail;
    private final int limit;
    private long tailWritten;

    HeadAndTail(int limit) {
      this.limit = limit;
      this.tail = new byte[limit];
    }

    void write(byte[] bytes, int n) {
      int toHead = Math.min(n, limit - head.size());
      head.write(bytes, 0, toHead);
      for (int i = toHead; i < n; i++) {
        tail[(int) (tailWritten++ % limit)] = bytes[i];
      }
    }

    String text() {
      String start = head.toString(StandardCharsets.UTF_8);
      if (tailWritten == 0) {
        return start;
      }
      int kept = (int) Math.min(tailWritten, limit);
      byte[] end = new byte[kept];
      int from = (int) ((tailWritten - kept) % limit);
      for (int i = 0; i < kept; i++) {
        end[i] = tail[(from + i) % limit];
      }
      long skipped = tailWritten - kept;
      return start + (skipped > 0 ? "\n[... " + skipped + " bytes left out ...]\n" : "")
          + new String(end, StandardCharsets.UTF_8);
    }
  }
}
