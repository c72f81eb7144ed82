package dev.medic.handoff;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the agent's command once: in its working directory, with exactly the environment given (none
 * of medic's own), the input written to its stdin by a thread of its own and then closed, its output
 * read as it comes by another, and a hard timeout after which it and every process it started are
 * ended ({@link ProcessTree}). Stdout and stderr share one pipe, so the output keeps the order the
 * agent wrote it in (an error next to what it was doing) and neither stream can fill and stall it.
 *
 * @param grace how long the agent's processes have between SIGTERM and SIGKILL
 */
record AgentProcess(List<String> argv, Path workdir, Map<String, String> environment, byte[] input,
    Duration timeout, long maxOutput, Duration grace) {

  /** How long output is still read after the agent exited: a child it left running may hold the pipe. */
  private static final Duration LINGER = Duration.ofSeconds(2);

  /**
   * How one run ended.
   *
   * @param started false when the program could not be started (output says why)
   * @param exitCode the agent's exit code; -1 when it was killed at the timeout
   * @param droppedBytes output bytes over {@code max_output}, not kept
   */
  record Result(boolean started, int exitCode, boolean timedOut, String output, long droppedBytes, Duration took) {}

  Result run() throws InterruptedException {
    long start = System.nanoTime();
    ProcessBuilder builder = new ProcessBuilder(argv).directory(workdir.toFile()).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(environment);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return new Result(false, 127, false, "cannot start " + argv.getFirst() + ": " + e.getMessage(), 0,
          Duration.ofNanos(System.nanoTime() - start));
    }
    CappedOutput output = new CappedOutput(maxOutput);
    Thread reader = Thread.ofVirtual().start(() -> output.drain(process.getInputStream()));
    // Written by a thread of its own: an agent that reads nothing, or reads slowly, never stalls medic.
    Thread.ofVirtual().start(() -> feed(process.getOutputStream(), input));
    boolean finished;
    try {
      finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      // medic is stopping, or gave up on the analysis: the agent must not live on without it
      ProcessTree.terminate(process, grace);
      throw e;
    }
    if (!finished) {
      ProcessTree.terminate(process, grace);
      process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
    }
    reader.join(LINGER);
    return new Result(true, finished ? process.exitValue() : -1, !finished, output.text(), output.dropped(),
        Duration.ofNanos(System.nanoTime() - start));
  }

  private static void feed(OutputStream stdin, byte[] input) {
    try (stdin) {
      stdin.write(input);
    } catch (IOException ignored) {
      // the agent closed its stdin or ended: it read what it wanted
    }
  }
}
