package dev.medic.host;

/**
 * Open file handles of the whole system, from {@code /proc/sys/fs/file-nr}: allocated, allocated
 * but unused (always 0 since Linux 2.6), and the system-wide maximum ({@code fs.file-max}).
 */
record FileHandles(long allocated, long unused, long max) {

  static FileHandles parse(String fileNr) {
    String[] f = fileNr.trim().split("\\s+");
    if (f.length < 3) {
      throw new IllegalArgumentException("expected three numbers in /proc/sys/fs/file-nr, got '" + fileNr.strip() + "'");
    }
    return new FileHandles(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]));
  }

  long inUse() {
    return allocated - unused;
  }

  double pct() {
    return max <= 0 ? 0 : 100.0 * inUse() / max;
  }
}
