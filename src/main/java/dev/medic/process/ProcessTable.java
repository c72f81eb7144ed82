package dev.medic.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
    return h.isPresent() && running(h.get());
  }

  /**
   * Whether this process runs (not a zombie). Prefer it to {@code running(pid)} for a handle held
   * since the start: the handle knows when its own process ended even if the pid was reused since.
   */
  public static boolean running(ProcessHandle process) {
    if (!process.isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      // "pid (comm) S ...": comm may hold spaces and parentheses, the state follows the last ')'.
      int end = stat.lastIndexOf(')');
      return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) != 'Z';
    } catch (IOException e) {
      // No /proc (not Linux), or the process ended between the two looks.
      return process.isAlive();
    }
  }

  /**
   * The command line as {@code ps -o args} shows it: the argv the process was started with (or has
   * since written over it), joined by single spaces, read from {@code /proc/PID/cmdline}. Unlike
   * {@link ProcessHandle.Info#commandLine()}, argv[0] stays as given ({@code /usr/bin/python3}, not
   * the resolved {@code /usr/bin/python3.11}). Empty for a zombie or a kernel thread, which have
   * no argv; where there is no /proc, what the JDK reports.
   */
  public static Optional<String> commandLine(ProcessHandle process) {
    byte[] raw;
    try {
      raw = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
    } catch (IOException e) {
      return Files.isDirectory(Path.of("/proc", "self")) ? Optional.empty() : process.info().commandLine();
    }
    int length = raw.length;
    while (length > 0 && raw[length - 1] == 0) {
      length--; // each argument ends with a NUL, the last one too
    }
    if (length == 0) {
      return Optional.empty();
    }
    String args = new String(raw, 0, length, StandardCharsets.UTF_8);
    return Optional.of(args.replace('\0', ' '));
  }
}
