package dev.medic.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * Replaces one file by its gzip: {@code name} becomes {@code name.gz} with the same modification
 * time and permissions. The original is deleted only once the archive is complete and forced to
 * disk, so a crash or a full disk midway loses nothing: at worst a partial {@code .gz} is removed
 * and the original stays.
 */
final class Gzip {

  private Gzip() {}

  /** The archive's size. Throws, leaving the original as it was, when any step fails. */
  static long compress(Path file) throws IOException {
    Path archive = file.resolveSibling(file.getFileName() + ".gz");
    PosixFileAttributes attrs = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!attrs.isRegularFile()) {
      // Swapped since it was listed: a pipe would block the read for ever, a link lead elsewhere.
      throw new IOException("no longer a regular file");
    }
    // CREATE_NEW: an existing .gz is never overwritten (and, failing here, never cleaned up either:
    // it is not ours). Created with the original's permissions (narrowed by the umask), so a private
    // log never becomes a readable archive even for a moment.
    FileChannel out = FileChannel.open(archive, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
        PosixFilePermissions.asFileAttribute(attrs.permissions()));
    boolean complete = false;
    try (out) {
      try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
          GZIPOutputStream gzip = new GZIPOutputStream(unclosable(Channels.newOutputStream(out)), 64 * 1024)) {
        in.transferTo(gzip);
      }
      out.force(true);
      PosixFileAttributeView view = Files.getFileAttributeView(archive, PosixFileAttributeView.class,
          LinkOption.NOFOLLOW_LINKS);
      view.setPermissions(attrs.permissions());
      copyOwnership(view, attrs);
      view.setTimes(attrs.lastModifiedTime(), null, null);
      requireUnchanged(file, attrs);
      complete = true;
    } finally {
      if (!complete) {
        Files.deleteIfExists(archive);
      }
    }
    long size = Files.size(archive);
    Files.delete(file);
    syncDirectory(file.getParent());
    return size;
  }

  /** A file written to while it was read would lose what was appended: it is kept, and the archive dropped. */
  private static void requireUnchanged(Path file, PosixFileAttributes before) throws IOException {
    PosixFileAttributes now = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (now.size() != before.size() || !now.lastModifiedTime().equals(before.lastModifiedTime())) {
      throw new IOException("written to while being compressed; kept as it is");
    }
  }

  /** Only root may give a file away; anyone else keeps the archive as their own, which is all they can do. */
  private static void copyOwnership(PosixFileAttributeView view, PosixFileAttributes attrs) {
    try {
      view.setOwner(attrs.owner());
      view.setGroup(attrs.group());
    } catch (IOException | UnsupportedOperationException notPermitted) {
      // medic runs without the right to chown: the archive stays medic's, the data is intact
    }
  }

  /** Makes the rename of contents (new archive, removed original) durable as well, where the OS allows it. */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException ignored) {
      // not every file system can sync a directory; the archive itself is already on disk
    }
  }

  /** The gzip stream must not close the channel: it is forced to disk after the gzip trailer is written. */
  private static OutputStream unclosable(OutputStream out) {
    return new java.io.FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        out.flush();
      }
    };
  }
}
