package dev.medic.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Makes a real file impossible to delete or replace for the length of a test: root ignores
 * permissions, so as root the file is made immutable ({@code chattr +i}); anyone else gets a
 * read-only directory.
 */
final class Undeletable implements AutoCloseable {

  private final Path path;
  private final Path readOnly;
  private final boolean immutable;

  private Undeletable(Path path, Path readOnly, boolean immutable) {
    this.path = path;
    this.readOnly = readOnly;
    this.immutable = immutable;
  }

  /** The file can be neither deleted nor replaced. */
  static Undeletable make(Path file) throws Exception {
    return lock(file, file.getParent());
  }

  /** Nothing can be created in, or deleted from, the directory. */
  static Undeletable directory(Path dir) throws Exception {
    return lock(dir, dir);
  }

  private static Undeletable lock(Path path, Path readOnly) throws Exception {
    boolean root = "root".equals(System.getProperty("user.name"));
    if (root) {
      chattr("+i", path);
    } else {
      Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
    }
    return new Undeletable(path, readOnly, root);
  }

  private static void chattr(String flag, Path file) throws Exception {
    Process p = new ProcessBuilder(List.of("chattr", flag, file.toString())).inheritIO().start();
    assertThat(p.waitFor()).as("chattr " + flag + " " + file + " (needs ext4 or another file system with attributes)")
        .isZero();
  }

  @Override
  public void close() throws Exception {
    if (immutable) {
      chattr("-i", path);
    } else {
      Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwx------"));
    }
  }
}
