package dev.medic.host;

import dev.medic.spi.CommandRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Space and inodes of the file system holding a path, as an unprivileged user sees them (free
 * means usable without the blocks reserved for root, as {@code df} shows it). Read with one {@code
 * stat -f} per path, a child process with a timeout: a hung network mount blocks the child, never
 * the check (the JDK's {@code FileStore} would block the probe's own thread, uninterruptibly), and
 * Java has no inode API (the foreign-function API that could call {@code statvfs} is a preview in
 * Java 21, which medic targets).
 *
 * @param inodes 0 on file systems without a fixed inode table (btrfs): nothing can run out
 */
record FileSystemUse(long totalBytes, long usableBytes, long inodes, long inodesFree) {

  /** {@code %b %a %S %c %d}: blocks, blocks available to non-root, block size, inodes, free inodes. */
  static List<String> argv(String path) {
    return List.of("stat", "-f", "-c", "%b %a %S %c %d", path);
  }

  static FileSystemUse of(String path, Duration timeout) throws IOException, InterruptedException {
    // No look at the path from this thread first: on a hung mount that look would hang too.
    CommandRunner.Result r = CommandRunner.run(argv(path), timeout);
    if (r.timedOut()) {
      throw new IOException("stat -f did not answer within " + timeout.toMillis() + " ms (a hung mount?)");
    }
    if (!r.succeeded()) {
      if (r.output().contains("No such file or directory")) {
        throw new IOException("no such file or directory");
      }
      throw new IOException(r.started() ? r.tail() : "cannot run stat: " + r.output());
    }
    return parse(r.output());
  }

  static FileSystemUse parse(String out) throws IOException {
    String[] f = out.strip().split("\\s+");
    if (f.length != 5) {
      throw new IOException("unexpected answer from stat -f: '" + out.strip() + "'");
    }
    try {
      long blockSize = Long.parseLong(f[2]);
      return new FileSystemUse(Long.parseLong(f[0]) * blockSize, Long.parseLong(f[1]) * blockSize,
          Long.parseLong(f[3]), Long.parseLong(f[4]));
    } catch (NumberFormatException e) {
      throw new IOException("unexpected answer from stat -f: '" + out.strip() + "'");
    }
  }

  /** 100 when the file system reports no size (a pseudo file system has nothing to fill). */
  double freePct() {
    return totalBytes <= 0 ? 100 : 100.0 * usableBytes / totalBytes;
  }

  double inodesFreePct() {
    return inodes <= 0 ? 100 : 100.0 * inodesFree / inodes;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%d of %d bytes usable, %d of %d inodes free", usableBytes, totalBytes,
        inodesFree, inodes);
  }
}
