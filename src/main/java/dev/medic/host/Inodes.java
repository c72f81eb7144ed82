package dev.medic.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Free inodes per file system. Java has no inode API, and the foreign-function API that could call
 * {@code statvfs} is a preview in Java 21, which medic targets: so one {@code stat -f} for all the
 * watched paths per run (about 2 ms of CPU for the child and as much for starting it, see docs/checks/host.md), answering one {@code total free}
 * line per path in the order given.
 */
final class Inodes {

  /** @param total 0 on file systems without a fixed inode table (btrfs): nothing can run out */
  record Count(long total, long free) {
    double freePct() {
      return total <= 0 ? 100 : 100.0 * free / total;
    }
  }

  private Inodes() {}

  /** {@code stat -f -c '%c %d' PATH...}: total and free file nodes, one line per path. */
  static List<String> argv(List<String> paths) {
    List<String> argv = new ArrayList<>(List.of("stat", "-f", "-c", "%c %d"));
    argv.addAll(paths);
    return argv;
  }

  /**
   * The counts per path, in order; empty when {@code stat} failed or answered for fewer paths than
   * asked (one vanished in between), as then no line can be matched to its path with certainty.
   */
  static Optional<List<Count>> read(List<String> paths, Duration timeout) throws InterruptedException {
    if (paths.isEmpty()) {
      return Optional.of(List.of());
    }
    Process stat;
    try {
      stat = new ProcessBuilder(argv(paths)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      return Optional.empty(); // no stat on this host
    }
    try {
      stat.getOutputStream().close();
      // The output is a few dozen bytes: it fits the pipe, so reading after the exit cannot block.
      if (!stat.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        stat.destroyForcibly();
        return Optional.empty();
      }
      String out;
      try (InputStream in = stat.getInputStream()) {
        out = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      }
      return stat.exitValue() == 0 ? parse(out, paths.size()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } finally {
      stat.destroy();
    }
  }

  static Optional<List<Count>> parse(String out, int expected) {
    List<Count> counts = new ArrayList<>(expected);
    for (String line : out.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.trim().split("\\s+");
      if (f.length != 2) {
        return Optional.empty();
      }
      try {
        counts.add(new Count(Long.parseLong(f[0]), Long.parseLong(f[1])));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    return counts.size() == expected ? Optional.of(counts) : Optional.empty();
  }
}
