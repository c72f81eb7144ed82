package dev.medic.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One medic per store: an OS file lock on {@code <store>.lock} beside the store file, held for as
 * long as the medic runs. The kernel releases it when the process ends, however it ends (a SIGKILLed
 * medic leaves no stale lock to clean up). The file holds the owner's pid so that a second medic can
 * say who is in the way. Only medics that run take it: read commands open the store without it.
 */
public final class StoreLock implements AutoCloseable {

  /** Thrown when another process holds the store. */
  public static final class HeldException extends IllegalStateException {
    private final Path store;
    private final String holder;

    HeldException(Path store, String holder) {
      super("store " + store + " is in use by another medic (pid " + holder + ", lock "
          + lockFileOf(store) + "); one medic per store: stop it or give this one another store");
      this.store = store;
      this.holder = holder;
    }

    public Path store() {
      return store;
    }

    /** The pid written by the holder, or {@code unknown} if it could not be read. */
    public String holder() {
      return holder;
    }
  }

  private final Path lockFile;
  private final FileChannel channel;
  private final FileLock lock;

  private StoreLock(Path lockFile, FileChannel channel, FileLock lock) {
    this.lockFile = lockFile;
    this.channel = channel;
    this.lock = lock;
  }

  /** The lock file of a store: {@code medic.db} → {@code medic.db.lock}. */
  public static Path lockFileOf(Path storeFile) {
    Path abs = storeFile.toAbsolutePath();
    return abs.resolveSibling(abs.getFileName() + ".lock");
  }

  /**
   * Takes the store for this process, at once or not at all.
   *
   * @throws HeldException if another process holds it, naming the store and that process's pid
   * @throws IllegalStateException if the lock file cannot be created (message names the file)
   */
  public static StoreLock acquire(Path storeFile) {
    Path lockFile = lockFileOf(storeFile);
    FileChannel channel = null;
    try {
      Files.createDirectories(lockFile.getParent());
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // this very process holds it already: a second medic in one JVM is refused too
      }
      if (lock == null) {
        String holder = holderOf(channel);
        channel.close();
        throw new HeldException(storeFile.toAbsolutePath(), holder);
      }
      // The pid is written only once the lock is ours: the holder's pid is never overwritten.
      byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(pid), 0);
      channel.force(false);
      return new StoreLock(lockFile, channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new IllegalStateException("cannot lock store " + storeFile.toAbsolutePath() + " with " + lockFile
          + ": " + e.getMessage(), e);
    }
  }

  private static String holderOf(FileChannel channel) {
    try {
      ByteBuffer buf = ByteBuffer.allocate(32);
      channel.read(buf, 0);
      String text = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
      return text.isEmpty() ? "unknown" : text;
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing more to release
      }
    }
  }

  public Path file() {
    return lockFile;
  }

  /** Releases the store. The file stays: deleting it would race with a medic that is taking it. */
  @Override
  public void close() {
    try {
      if (lock.isValid()) {
        lock.release();
      }
    } catch (IOException ignored) {
      // closing the channel below releases it as well
    }
    closeQuietly(channel);
  }
}
