package dev.medic.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Which file a path names: its inode and device. Kept as doubles because that is how they travel
 * through an observation's metrics to the store and back; comparing the rounded values on both
 * sides keeps a resumed identity equal to the live one even for inode numbers beyond 2^53.
 */
record FileIdentity(double inode, double device) {

  /** The identity of the file the path names now, or null when nothing is there. */
  static FileIdentity of(Path path) throws IOException {
    try {
      Map<String, Object> a = Files.readAttributes(path, "unix:ino,dev");
      return new FileIdentity(((Number) a.get("ino")).doubleValue(), ((Number) a.get("dev")).doubleValue());
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "inode " + (long) inode;
  }
}
