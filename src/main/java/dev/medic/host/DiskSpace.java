package dev.medic.host;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Space on the file system holding a path, as an unprivileged user sees it: free means usable by
 * medic's user (without the blocks reserved for root), as {@code df} shows it.
 */
record DiskSpace(long totalBytes, long usableBytes) {

  static DiskSpace of(String mount) throws IOException {
    FileStore store = Files.getFileStore(Path.of(mount));
    return new DiskSpace(store.getTotalSpace(), store.getUsableSpace());
  }

  /** 100 when the file system reports no size (a pseudo file system has nothing to fill). */
  double freePct() {
    return totalBytes <= 0 ? 100 : 100.0 * usableBytes / totalBytes;
  }
}
