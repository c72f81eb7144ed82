package dev.medic.files;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * SIGTERM to every process at once, up to {@code grace} for them to exit, then SIGKILL to those
 * still there and up to {@link #AFTER_KILL} more. Each process gets one line saying what it took.
 */
final class SignalLadder {

  /** How long a SIGKILLed process may take to disappear before medic reports it as stuck (uninterruptible I/O). */
  static final Duration AFTER_KILL = Duration.ofSeconds(5);

  private static final long POLL_MILLIS = 20;

  /** One line per process, and how many of them are gone and how many could not be ended. */
  record Result(List<String> lines, int ended, int failed) {}

  /** What became of one process. */
  private record Fate(String line, Kind kind) {}

  private enum Kind { ENDED, LEFT_ALONE, FAILED }

  private SignalLadder() {}

  static Result run(List<Processes.Candidate> victims, Duration grace) throws InterruptedException {
    Map<Processes.Candidate, Fate> lines = new LinkedHashMap<>();
    List<Processes.Candidate> waiting = new ArrayList<>();
    long start = System.nanoTime();
    for (Processes.Candidate v : victims) {
      if (v.zombie()) {
        lines.put(v, new Fate(label(v) + ": already exited (a zombie: only its parent can reap it), left alone",
            Kind.LEFT_ALONE));
      } else if (!v.handle().destroy()) {
        lines.put(v, gone(v) ? new Fate(label(v) + ": exited before TERM", Kind.ENDED)
            : new Fate(label(v) + ": TERM not permitted", Kind.FAILED));
      } else {
        waiting.add(v);
      }
    }
    waitFor(waiting, start, grace, v -> label(v) + ": exited after TERM in " + seconds(System.nanoTime() - start), lines);
    long killed = System.nanoTime();
    for (Processes.Candidate v : waiting) {
      if (!v.handle().destroyForcibly() && !gone(v)) {
        lines.put(v, new Fate(label(v) + ": still running after TERM, KILL not permitted", Kind.FAILED));
      }
    }
    waiting.removeIf(lines::containsKey);
    waitFor(waiting, killed, AFTER_KILL,
        v -> label(v) + ": KILLed after " + seconds(killed - start), lines);
    for (Processes.Candidate v : waiting) {
      lines.put(v, new Fate(label(v) + ": still running " + seconds(AFTER_KILL.toNanos()) + " after KILL",
          Kind.FAILED));
    }
    List<Fate> fates = victims.stream().map(lines::get).toList();
    return new Result(fates.stream().map(Fate::line).toList(),
        (int) fates.stream().filter(f -> f.kind() == Kind.ENDED).count(),
        (int) fates.stream().filter(f -> f.kind() == Kind.FAILED).count());
  }

  private static void waitFor(List<Processes.Candidate> waiting, long since, Duration limit,
      java.util.function.Function<Processes.Candidate, String> line, Map<Processes.Candidate, Fate> lines)
      throws InterruptedException {
    long deadline = since + limit.toNanos();
    while (!waiting.isEmpty()) {
      for (var it = waiting.iterator(); it.hasNext(); ) {
        Processes.Candidate v = it.next();
        if (gone(v)) {
          lines.put(v, new Fate(line.apply(v), Kind.ENDED));
          it.remove();
        }
      }
      if (waiting.isEmpty() || System.nanoTime() - deadline > 0) {
        return;
      }
      // Not a child of medic: there is no exit event to wait on, only the process table to watch.
      Thread.sleep(POLL_MILLIS);
    }
  }

  /** Exited: no longer in the table, or a zombie its parent has not reaped yet. */
  private static boolean gone(Processes.Candidate v) {
    return !v.handle().isAlive() || Processes.zombie(v.pid());
  }

  private static String label(Processes.Candidate v) {
    return "pid " + v.pid() + " " + v.name();
  }

  private static String seconds(long nanos) {
    double s = nanos / 1e9;
    return s < 10 ? String.format(Locale.ROOT, "%.1f s", s) : Math.round(s) + " s";
  }
}
