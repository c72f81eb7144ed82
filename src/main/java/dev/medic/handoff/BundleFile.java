package dev.medic.handoff;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The bundle in a temporary file only medic's user can read (mode 0600: it holds the incident's logs
 * and config), deleted when the agent is done.
 *
 * @param path null for {@link #NONE}
 */
record BundleFile(Path path) implements AutoCloseable {

  /** No file: the bundle goes on stdin. */
  static final BundleFile NONE = new BundleFile(null);

  static BundleFile write(long incidentId, byte[] content, String suffix) throws IOException {
    // Created with the mode, not chmod-ed after: there is no moment at which others could open it.
    Path file = Files.createTempFile("medic-incident-" + incidentId + "-", suffix,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.write(file, content);
    } catch (IOException e) {
      Files.deleteIfExists(file);
      throw e;
    }
    return new BundleFile(file);
  }

  @Override
  public void close() {
    if (path != null) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException ignored) {
        // the temp directory's cleaner takes it; nothing medic does depends on it being gone
      }
    }
  }
}
