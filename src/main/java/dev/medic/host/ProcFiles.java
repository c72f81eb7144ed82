package dev.medic.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads kernel pseudo-files. */
final class ProcFiles {

  private ProcFiles() {}

  /**
   * The whole file, read to its end. {@link Files#readString} returns only the first byte of some
   * {@code /proc/sys} files (they report size 0 and answer a sized read short), so it is not used.
   */
  static String read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
