package dev.medic.process;

import dev.medic.config.ProcessSpec;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One child process that medic started. Its exit is noticed the moment it happens through {@link
 * Process#onExit()}, and the last lines it printed are kept for the incident.
 */
public final class SupervisedProcess {

  /**
   * Reported to the listener when the child exits on its own (not when medic stops it).
   *
   * @param lastLines the last lines it printed (stdout and stderr), oldest first, at most the
   *     spec's {@code outputLines} (50 unless configured)
   */
  public record Exit(String target, long pid, int exitCode, Instant at, List<String> lastLines) {

    public Exit {
      lastLines = List.copyOf(lastLines);
    }

    /** {@code killed by SIGKILL}, {@code killed by SIGSEGV}, or {@code exited with code 3}. */
    public String describe() {
      return ExitStatus.describe(exitCode);
    }

    /** The signal that ended it ({@code SIGKILL}), if a signal did. */
    public Optional<String> signal() {
      return ExitStatus.signal(exitCode);
    }
  }

  /** Longer lines are cut: what a person reads in an incident, not a dump to keep in memory. */
  static final int MAX_LINE_CHARS = 4096;

  private final String target;
  private final ProcessSpec spec;
  private final Clock clock;
  private final Consumer<Exit> onExit;
  private final ChildLedger ledger;
  private final Deque<String> lastLines = new ArrayDeque<>();
  private final List<Instant> exits = new ArrayList<>();
  private Process process;
  private Exit lastExit;
  private boolean stopping;
  private int starts;

  public SupervisedProcess(String target, ProcessSpec spec, Clock clock, Consumer<Exit> onExit, ChildLedger ledger) {
    this.target = target;
    this.spec = spec;
    this.clock = clock;
    this.onExit = onExit;
    this.ledger = ledger;
  }

  public synchronized void start() throws IOException {
    if (process != null && ProcessTable.running(process.toHandle())) {
      return;
    }
    synchronized (lastLines) {
      lastLines.clear(); // a later exit reports this run's output, not the previous one's
    }
    ProcessBuilder builder = new ProcessBuilder(spec.command()).redirectErrorStream(true);
    if (spec.workdir() != null) {
      builder.directory(spec.workdir().toFile());
    }
    builder.environment().putAll(spec.env());
    Process started = builder.start();
    started.getOutputStream().close();
    process = started;
    stopping = false;
    starts++;
    ledger.started(target, started.toHandle());
    Thread reader = Thread.ofVirtual().name("output-" + target).start(() -> capture(started));
    started.onExit().thenAccept(p -> exited(p, reader));
  }

  private void capture(Process p) {
    try (InputStreamReader in = new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)) {
      BoundedLines reader = new BoundedLines(in, MAX_LINE_CHARS);
      String line;
      while ((line = reader.next()) != null) {
        synchronized (lastLines) {
          lastLines.addLast(line);
          while (lastLines.size() > spec.outputLines()) {
            lastLines.removeFirst(); // output_lines: 0 keeps none
          }
        }
      }
    } catch (IOException ignored) {
      // stream closes when the process dies
    }
  }

  private void exited(Process p, Thread reader) {
    try {
      report(p, reader);
    } finally {
      ledger.ended(target, p.pid()); // after the report: a file write must not delay detection
    }
  }

  private void report(Process p, Thread reader) {
    try {
      // The exit is often seen before the last lines are read, and those tell why it died. A child
      // of the process may keep the output open: wait for the end of it only briefly.
      reader.join(Duration.ofSeconds(1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Exit exit;
    synchronized (this) {
      if (p != process || stopping) {
        return;
      }
      exits.add(clock.instant());
      exit = new Exit(target, p.pid(), p.exitValue(), clock.instant(), lastLines());
      lastExit = exit;
    }
    onExit.accept(exit);
  }

  /** Stops the child (SIGTERM, then SIGKILL after the grace period) and starts it again. */
  public void restart() throws IOException, InterruptedException {
    stop();
    start();
  }

  /** Stops the child: SIGTERM to it and its descendants, SIGKILL after the spec's stop grace. */
  public void stop() throws InterruptedException {
    stop(spec.stopGrace());
  }

  /**
   * Stops the child: SIGTERM to it and its descendants, SIGKILL after {@code grace}. Its exit is
   * not reported: medic ended it.
   */
  public void stop(Duration grace) throws InterruptedException {
    Process p;
    synchronized (this) {
      p = process;
      stopping = true;
    }
    if (p == null || !ProcessTable.running(p.toHandle())) {
      return;
    }
    p.descendants().forEach(ProcessHandle::destroy);
    p.destroy();
    if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(5, TimeUnit.SECONDS);
    }
    if (!ProcessTable.running(p.toHandle())) {
      ledger.ended(target, p.pid());
    }
  }

  public synchronized boolean alive() {
    return process != null && ProcessTable.running(process.toHandle());
  }

  /**
   * How the current run ended ({@code killed by SIGKILL}), as soon as it has: its exit is reported
   * only once its last lines are read, which may take up to a second.
   */
  public synchronized Optional<String> ended() {
    if (process == null || process.isAlive()) {
      return Optional.empty();
    }
    return Optional.of(ExitStatus.describe(process.exitValue()));
  }

  /** How it last exited on its own, if it did (a stop by medic does not count). */
  public synchronized Optional<Exit> lastExit() {
    return Optional.ofNullable(lastExit);
  }

  /** What it was started with. */
  public ProcessSpec spec() {
    return spec;
  }

  public synchronized long pid() {
    return process == null ? -1 : process.pid();
  }

  /** How many times medic started it (1 + restarts). */
  public synchronized int starts() {
    return starts;
  }

  /** How many times it exited on its own since the given instant. */
  public synchronized int exitsSince(Instant since) {
    return (int) exits.stream().filter(t -> !t.isBefore(since)).count();
  }

  public List<String> lastLines() {
    synchronized (lastLines) {
      return List.copyOf(lastLines);
    }
  }

  public String target() {
    return target;
  }
}
