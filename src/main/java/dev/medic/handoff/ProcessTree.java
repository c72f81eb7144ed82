package dev.medic.handoff;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Ends a process and everything it started: SIGTERM to all of them, SIGKILL to whatever is still
 * there after a grace period. The descendants are listed before the first signal, because once
 * their parent is gone they are no longer its descendants and could not be found again.
 */
final class ProcessTree {

  private ProcessTree() {}

  static void terminate(Process process, Duration grace) {
    List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + grace.toNanos();
    boolean interrupted = false;
    for (ProcessHandle h : tree) {
      long left = deadline - System.nanoTime();
      try {
        if (left > 0) {
          h.onExit().get(left, TimeUnit.NANOSECONDS);
        }
      } catch (InterruptedException e) {
        // Stopping twice does not shorten the ladder: a half-killed tree is worse than a late stop.
        interrupted = true;
      } catch (Exception ignored) {
        // still running after the grace: killed below
      }
    }
    // Children started after the listing above are caught here, as long as their parent lives.
    Stream.concat(process.descendants(), tree.stream()).filter(ProcessHandle::isAlive)
        .forEach(ProcessHandle::destroyForcibly);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
