package dev.medic.host;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Processes that exited and whose parent never collected their status: state {@code Z} in {@code
 * /proc/PID/stat}. One alone costs only a pid; many mean a parent that never reaps its children,
 * and pids can run out.
 *
 * @param count every zombie on the host
 * @param examples {@code name (pid)} of the first few found, for the message
 */
record Zombies(int count, List<String> examples) {

  /** How many names the message carries. */
  static final int EXAMPLES = 5;

  Zombies {
    examples = List.copyOf(examples);
  }

  /**
   * The head of {@code /proc/PID/stat} holds all this reads: the pid, the name (at most 15 bytes,
   * the kernel's TASK_COMM_LEN) and the state. Reading only it, into one buffer, cuts the cost of
   * the scan (about 10 µs of CPU per process), which is most of a host check's own work.
   */
  private static final int HEAD = 64;

  /** Reads every {@code /proc/PID/stat} under {@code proc}. */
  static Zombies scan(Path proc) throws IOException {
    int count = 0;
    List<String> examples = new ArrayList<>(EXAMPLES);
    byte[] buffer = new byte[HEAD];
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc, Zombies::isPid)) {
      for (Path entry : entries) {
        String stat;
        try (FileInputStream in = new FileInputStream(entry.resolve("stat").toFile())) {
          int n = in.readNBytes(buffer, 0, HEAD);
          stat = new String(buffer, 0, n, StandardCharsets.UTF_8);
        } catch (IOException e) {
          continue; // ended (and was reaped) between the listing and the read
        }
        Optional<String> zombie = zombie(stat);
        if (zombie.isPresent()) {
          count++;
          if (examples.size() < EXAMPLES) {
            examples.add(zombie.get());
          }
        }
      }
    }
    return new Zombies(count, examples);
  }

  private static boolean isPid(Path entry) {
    String name = entry.getFileName().toString();
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) < '0' || name.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code name (pid)} when this {@code /proc/PID/stat} line is a zombie's: {@code 4711 (my (odd)
   * name) Z 1 ...}. The name may hold spaces and parentheses; the state follows the last ')'.
   */
  static Optional<String> zombie(String stat) {
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    if (open < 0 || close < open || close + 2 >= stat.length() || stat.charAt(close + 2) != 'Z') {
      return Optional.empty();
    }
    return Optional.of(stat.substring(open + 1, close) + " (" + stat.substring(0, open).strip() + ")");
  }
}
