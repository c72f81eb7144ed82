package dev.medic.demo;

import dev.medic.process.ProcessTable;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which process listens on a TCP port, as far as Linux's /proc tells this user: the listening
 * socket's inode from {@code /proc/net/tcp} and {@code tcp6}, then the process holding a descriptor
 * to it. Another user's process is not visible; then only the port is named.
 */
public final class PortOwner {

  private static final String LISTEN = "0A";
  private static final int MAX_COMMAND = 120;

  private PortOwner() {}

  /** {@code pid 1234 (python3 -m http.server 18082)}, if the listener can be found. */
  public static Optional<String> of(int port) {
    Set<String> inodes = listeningInodes(port);
    if (inodes.isEmpty()) {
      return Optional.empty();
    }
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        if (holdsAny(proc, inodes)) {
          long pid = Long.parseLong(proc.getFileName().toString());
          String command = ProcessHandle.of(pid).flatMap(ProcessTable::commandLine).map(PortOwner::oneLine).orElse("?");
          return Optional.of("pid " + pid + " (" + command + ")");
        }
      }
    } catch (IOException | RuntimeException e) {
      // Best effort: the port is named either way.
    }
    return Optional.empty();
  }

  /** A command line fit for one line of a message: an inline script's newlines and length go. */
  private static String oneLine(String command) {
    String flat = command.replaceAll("\\s+", " ").strip();
    return flat.length() <= MAX_COMMAND ? flat : flat.substring(0, MAX_COMMAND - 3) + "...";
  }

  private static Set<String> listeningInodes(int port) {
    Set<String> inodes = new HashSet<>();
    String hexPort = String.format(":%04X", port);
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      try {
        for (String line : Files.readAllLines(Path.of(table))) {
          // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
          String[] f = line.trim().split("\\s+");
          if (f.length > 9 && f[1].endsWith(hexPort) && LISTEN.equals(f[3])) {
            inodes.add("socket:[" + f[9] + "]");
          }
        }
      } catch (IOException e) {
        // no such table (no IPv6, or not Linux)
      }
    }
    return inodes;
  }

  private static boolean holdsAny(Path proc, Set<String> inodes) {
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
      for (Path fd : fds) {
        try {
          if (inodes.contains(Files.readSymbolicLink(fd).toString())) {
            return true;
          }
        } catch (IOException e) {
          // closed meanwhile
        }
      }
    } catch (IOException | SecurityException e) {
      // another user's process, or gone
    }
    return false;
  }
}
