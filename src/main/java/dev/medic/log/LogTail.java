package dev.medic.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Follows one log file like {@code tail -F}: keeps it open between reads and reads what was
 * appended since. When the path names another file (rename rotation), the old open file is read to
 * its end first and the new one from its start; a file that shrank under the read position
 * (copy-truncate) is read again from its start. A line is handed on only once its newline is there;
 * a line longer than the cap is cut, the rest skipped up to its newline.
 *
 * <p>The durable state is the file's identity and the offset of the first byte not yet handed on
 * (the start of a partial line): {@link #position()} reports it, {@link #resume} continues from it.
 * The open channel is only a cache of it.
 */
final class LogTail {

  /** Receives each complete line, without its line end; the bytes are valid during the call only. */
  @FunctionalInterface
  interface LineSink {
    void line(byte[] bytes, int offset, int length);
  }

  /** Where the next file opened is read from. */
  private sealed interface Start {}

  /** The first run ever: what is in the file already is not news. */
  private record AtEnd() implements Start {}

  /** A file that appeared after the watch began: all of it is news. */
  private record FromStart() implements Start {}

  /** Continue a file read before (by an earlier medic, or before an interrupted read). */
  private record Resume(FileIdentity file, long offset, Long head) implements Start {}

  /** What one read did. */
  record Progress(boolean present, long bytes, long lines, List<String> events) {}

  /**
   * Where reading stands: null identity when no file was followed yet.
   *
   * @param head a checksum of the file's first bytes (up to {@link #HEAD_BYTES}, never past the
   *     offset), telling a file that reuses a deleted file's inode from that file; null if unknown
   */
  record Position(FileIdentity file, long offset, Long head) {}

  /** How many of a file's first bytes its fingerprint covers. */
  static final int HEAD_BYTES = 256;

  /** Enough for a few hundred lines per read; kept per check, so not larger. */
  static final int BUFFER_BYTES = 32 * 1024;

  private final Path path;
  private final int maxLineBytes;
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
  private final byte[] partial;
  private int partialLength;
  private boolean partialCut;

  private Start start = new AtEnd();
  private FileChannel channel;
  private FileIdentity file;
  /** The path named no file at the previous read while the old one was still held open. */
  private boolean goneAtLastRead;
  /** Offset of the next byte to read from the channel. */
  private long readAt;
  /** Offset of the first byte of the line being assembled: everything before it was handed on. */
  private long lineStart;
  /** How many first bytes of the open file {@link #head} covers (grows to HEAD_BYTES). */
  private int headLength;
  private long head;

  private long bytes;
  private long lines;

  LogTail(Path path, int maxLineBytes) {
    this.path = path;
    this.maxLineBytes = maxLineBytes;
    this.partial = new byte[maxLineBytes];
  }

  /** Continue from a position an earlier reader reported, instead of starting at the end. */
  void resume(Position p) {
    closeChannel();
    start = p.file() == null ? new FromStart() : new Resume(p.file(), p.offset(), p.head());
  }

  Position position() {
    if (channel != null) {
      // The fingerprint is taken after each read; until then it may cover fewer bytes than the
      // offset says, and a resume would take the file for another one.
      boolean current = headLength == Math.min(HEAD_BYTES, lineStart);
      return new Position(file, lineStart, current ? Long.valueOf(head) : null);
    }
    return start instanceof Resume r ? new Position(r.file(), r.offset(), r.head()) : new Position(null, 0, null);
  }

  /** Whether nothing was followed yet and the next file seen is read from its start. */
  boolean waitingFromStart() {
    return channel == null && start instanceof FromStart;
  }

  /**
   * Reads what is new, until the end of the file or the deadline ({@link System#nanoTime}).
   * After an exception (the read was interrupted, the file became unreadable) the next read
   * reopens the file and continues from {@link #position()}.
   */
  Progress read(LineSink sink, long deadline) throws IOException {
    bytes = 0;
    lines = 0;
    List<String> events = new ArrayList<>(0);
    try {
      return follow(sink, deadline, events);
    } catch (IOException | RuntimeException e) {
      Position at = position();
      closeChannel();
      if (at.file() != null) {
        start = new Resume(at.file(), at.offset(), at.head());
      }
      throw e;
    }
  }

  private Progress follow(LineSink sink, long deadline, List<String> events) throws IOException {
    FileIdentity now = FileIdentity.of(path);
    if (now != null) {
      goneAtLastRead = false;
    }
    if (channel != null && !file.equals(now)) {
      // Renamed away or replaced: what the writer put in the old file before it let go is read first.
      if (!drain(sink, deadline)) {
        return new Progress(now != null, bytes, lines, events);
      }
      if (now == null && !goneAtLastRead) {
        // Kept open for one run: a rotation that creates the new file a moment later loses nothing.
        goneAtLastRead = true;
        events.add("waiting for " + path + " (the file it named was read to its end)");
        return new Progress(false, bytes, lines, events);
      }
      if (now == null) {
        // Still gone a run later: deleted, not rotated. Let go of it, so that its space is freed
        // (a log removed to make room on a full disk); a file created there later is new.
        endOfFile(sink);
        events.add("released " + path + ": deleted (read to its end); a new file there will be read from its start");
        closeChannel();
        start = new FromStart();
        return new Progress(false, bytes, lines, events);
      }
      endOfFile(sink);
      events.add("rotated: read the old file (" + file + ") to its end, reading the new one from its start");
      closeChannel();
      start = new FromStart();
    }
    if (channel == null) {
      if (now == null) {
        if (start instanceof AtEnd) {
          start = new FromStart(); // created after the watch began: all of it is news
        }
        events.add("waiting for " + path);
        return new Progress(false, bytes, lines, events);
      }
      if (!open(sink, deadline, events)) {
        events.add("waiting for " + path);
        return new Progress(false, bytes, lines, events);
      }
    } else if (channel.size() < readAt) {
      events.add("truncated: reading " + path + " again from its start");
      restartAt(0);
    } else if (headLength > 0 && checksum(channel, headLength) != head) {
      // Truncated and written past the old offset between two reads: same file, other content.
      events.add("rewritten: reading " + path + " again from its start");
      restartAt(0);
    }
    drain(sink, deadline);
    fingerprint();
    return new Progress(true, bytes, lines, events);
  }

  /** Opens the file the path names and places the read position as {@link #start} says. */
  private boolean open(LineSink sink, long deadline, List<String> events) throws IOException {
    FileChannel ch;
    FileIdentity opened;
    for (int attempt = 1; ; attempt++) {
      FileIdentity before = FileIdentity.of(path);
      try {
        ch = FileChannel.open(path, StandardOpenOption.READ);
      } catch (NoSuchFileException e) {
        return false;
      }
      opened = FileIdentity.of(path);
      if (opened != null && opened.equals(before)) {
        break;
      }
      ch.close(); // replaced between the look and the open: look again at the next run
      if (attempt == 3 || opened == null) {
        return false;
      }
    }
    long from;
    try {
      from = place(ch, opened, sink, deadline, events);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    channel = ch;
    file = opened;
    restartAt(from);
    return true;
  }

  /** Where to start reading the file just opened, as {@link #start} says. */
  private long place(FileChannel fresh, FileIdentity id, LineSink sink, long deadline, List<String> events)
      throws IOException {
    long size = fresh.size();
    return switch (start) {
      case AtEnd a -> size;
      case FromStart f -> 0;
      case Resume r when r.file().equals(id) && size >= r.offset() && sameHead(fresh, r) -> r.offset();
      case Resume r when r.file().equals(id) && size >= r.offset() -> {
        // A new file that got the inode of the deleted one: its first bytes differ.
        events.add("replaced while medic was stopped: reading the new " + path + " from its start");
        yield 0;
      }
      case Resume r when r.file().equals(id) -> {
        events.add("truncated while medic was stopped: reading " + path + " from its start");
        yield 0;
      }
      case Resume r -> {
        finishRotated(r, sink, deadline, events);
        events.add("rotated while medic was stopped: reading the new " + path + " from its start");
        yield 0;
      }
    };
  }

  /**
   * The file read before a restart was renamed meanwhile: if it still sits in the same directory
   * (app.log.1), the lines it got after the saved offset are read before the new file's.
   */
  private void finishRotated(Resume r, LineSink sink, long deadline, List<String> events) throws IOException {
    Path dir = path.toAbsolutePath().getParent();
    Path old = null;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (!p.equals(path) && Files.isRegularFile(p) && r.file().equals(FileIdentity.of(p))) {
          old = p;
          break;
        }
      }
    } catch (IOException e) {
      return; // an unlistable directory: only the new file can be read
    }
    if (old == null) {
      return;
    }
    try (FileChannel ch = FileChannel.open(old, StandardOpenOption.READ)) {
      if (ch.size() < r.offset()) {
        return;
      }
      channel = ch;
      restartAt(r.offset());
      drain(sink, deadline);
      endOfFile(sink);
      events.add("read the rest of " + old.getFileName() + " (the file before rotation)");
    } finally {
      channel = null;
    }
  }

  private void restartAt(long offset) {
    readAt = offset;
    lineStart = offset;
    partialLength = 0;
    partialCut = false;
    headLength = 0;
    head = 0;
  }

  private static boolean sameHead(FileChannel ch, Resume r) throws IOException {
    return r.head() == null || checksum(ch, (int) Math.min(HEAD_BYTES, r.offset())) == r.head();
  }

  /** Extends the open file's fingerprint over what was handed on, until it covers HEAD_BYTES. */
  private void fingerprint() throws IOException {
    if (headLength < HEAD_BYTES && lineStart > headLength) {
      headLength = (int) Math.min(HEAD_BYTES, lineStart);
      head = checksum(channel, headLength);
    }
  }

  /** CRC-32 of the file's first bytes; a value below 2^32, exact as a double metric. */
  private static long checksum(FileChannel ch, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length);
    while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
      // a short read of a regular file only happens at its end
    }
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(b.flip());
    return crc.getValue();
  }

  /** Reads to the end of the open file; false when the deadline came first. */
  private boolean drain(LineSink sink, long deadline) throws IOException {
    while (true) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      buffer.clear();
      int n = channel.read(buffer, readAt);
      if (n <= 0) {
        return true;
      }
      split(buffer.array(), n, sink);
      readAt += n;
      bytes += n;
    }
  }

  private void split(byte[] a, int n, LineSink sink) {
    int from = 0;
    for (int i = 0; i < n; i++) {
      if (a[i] != '\n') {
        continue;
      }
      if (partialLength == 0 && !partialCut) {
        emit(a, from, i - from, sink);
      } else {
        keep(a, from, i - from);
        emit(partial, 0, partialLength, sink);
        partialLength = 0;
        partialCut = false;
      }
      from = i + 1;
      lineStart = readAt + from;
    }
    keep(a, from, n - from);
  }

  /** Holds the start of a line whose newline has not come yet, up to the cap. */
  private void keep(byte[] a, int from, int length) {
    int room = maxLineBytes - partialLength;
    if (length > room) {
      partialCut = true;
    }
    int take = Math.min(room, length);
    System.arraycopy(a, from, partial, partialLength, take);
    partialLength += take;
  }

  private void emit(byte[] a, int from, int length, LineSink sink) {
    int len = Math.min(length, maxLineBytes);
    if (len > 0 && a[from + len - 1] == '\r' && len == length) {
      len--;
    }
    lines++;
    sink.line(a, from, len);
  }

  /** The old file is done: a last line without its newline is a line all the same. */
  private void endOfFile(LineSink sink) {
    if (partialLength > 0 || partialCut) {
      emit(partial, 0, partialLength, sink);
    }
    restartAt(readAt);
  }

  void close() {
    closeChannel();
  }

  private void closeChannel() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing held but a descriptor, and it is gone either way
      }
      channel = null;
    }
  }
}
