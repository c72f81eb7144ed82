package dev.medic.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What the kernel says about a process that is not necessarily medic's child. */
public final class ProcessTable {

  private ProcessTable() {}

  /**
   * Whether the process runs. A zombie does not: it has exited and let go of its sockets and files,
   * it only waits for a parent to reap it. {@link ProcessHandle#isAlive()} counts zombies as alive,
   * and an orphan's zombie may wait long where the init process does not reap promptly.
   */
  public static boolean running(long pid) {
    Optional<ProcessHandle> h = ProcessHandle.of(pid);
    if (h.isEmpty() || !h.get().isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // "pid (comm) S ...": comm may hold spaces and parentheses, the state follows the last ')'.
      int end = stat.lastIndexOf(')');
      return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) != 'Z';
    } catch (IOException e) {
      // No /proc (not Linux), or the process ended between the two looks.
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
  }
}
