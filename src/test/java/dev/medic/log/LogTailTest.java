package dev.medic.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Following real files: appends, partial lines, rotation, truncation, restarts. */
class LogTailTest {

  @TempDir Path dir;

  private final List<LogTail> opened = new ArrayList<>();

  @AfterEach
  void closeAll() {
    opened.forEach(LogTail::close);
  }

  private LogTail tail(Path file) {
    LogTail t = new LogTail(file, 64);
    opened.add(t);
    return t;
  }

  private static List<String> read(LogTail tail) throws IOException {
    List<String> lines = new ArrayList<>();
    tail.read((b, off, len) -> lines.add(new String(b, off, len, StandardCharsets.UTF_8)),
        System.nanoTime() + 5_000_000_000L);
    return lines;
  }

  private static void append(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  @Test
  void startsAtTheEndAndReadsOnlyWhatIsAppended() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "old 1\nold 2\n");
    LogTail tail = tail(log);
    assertThat(read(tail)).isEmpty();
    append(log, "new 1\nnew 2\n");
    assertThat(read(tail)).containsExactly("new 1", "new 2");
    assertThat(read(tail)).isEmpty();
    append(log, "new 3\r\n");
    assertThat(read(tail)).containsExactly("new 3");
    assertThat(tail.position().offset()).isEqualTo(Files.size(log));
  }

  @Test
  void keepsAPartialLineUntilItsNewlineArrives() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "");
    LogTail tail = tail(log);
    read(tail);
    append(log, "first\nhalf of ");
    assertThat(read(tail)).containsExactly("first");
    // The saved offset points at the start of the unfinished line, so a restart re-reads it whole.
    assertThat(tail.position().offset()).isEqualTo("first\n".length());
    append(log, "the second\n");
    assertThat(read(tail)).containsExactly("half of the second");
  }

  @Test
  void renameRotationLosesNothingAndReadsNothingTwice() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "");
    LogTail tail = tail(log);
    read(tail);
    append(log, "a1\n");
    assertThat(read(tail)).containsExactly("a1");
    append(log, "a2\na3 no newline");
    Files.move(log, dir.resolve("app.log.1"));
    append(dir.resolve("app.log.1"), "\na4 written late to the old file\n");
    append(log, "b1\nb2\n");
    assertThat(read(tail)).containsExactly("a2", "a3 no newline", "a4 written late to the old file", "b1", "b2");
    append(log, "b3\n");
    assertThat(read(tail)).containsExactly("b3");
  }

  @Test
  void renamedAwayWithTheNewFileCreatedLaterStillFinishesTheOldOne() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "");
    LogTail tail = tail(log);
    read(tail);
    append(log, "a1\n");
    Files.move(log, dir.resolve("app.log.1"));
    assertThat(read(tail)).containsExactly("a1");
    append(dir.resolve("app.log.1"), "a2\n");
    append(log, "b1\n");
    assertThat(read(tail)).containsExactly("a2", "b1");
  }

  @Test
  void copyTruncateReadsTheNewLinesFromTheStart() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "");
    LogTail tail = tail(log);
    read(tail);
    append(log, "before rotation 1\nbefore rotation 2\n");
    assertThat(read(tail)).containsExactly("before rotation 1", "before rotation 2");
    Files.copy(log, dir.resolve("app.log.1"));
    try (var ch = java.nio.channels.FileChannel.open(log, StandardOpenOption.WRITE)) {
      ch.truncate(0);
    }
    append(log, "after 1\n");
    assertThat(read(tail)).containsExactly("after 1");
    append(log, "after 2\n");
    assertThat(read(tail)).containsExactly("after 2");
  }

  @Test
  void copyTruncateRefilledPastTheOldOffsetIsStillReadFromTheStart() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "");
    LogTail tail = tail(log);
    read(tail);
    append(log, "2026-01-01 old line\n");
    read(tail);
    try (var ch = java.nio.channels.FileChannel.open(log, StandardOpenOption.WRITE)) {
      ch.truncate(0);
    }
    append(log, "2026-01-02 new line that is longer than the old content\n");
    assertThat(read(tail)).containsExactly("2026-01-02 new line that is longer than the old content");
  }

  @Test
  void aDeletedFileRecreatedLaterIsReadFromItsStart() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "x\n");
    LogTail tail = tail(log);
    read(tail);
    append(log, "last words\n");
    Files.delete(log);
    LogTail.Progress gone = tail.read((b, o, l) -> { }, System.nanoTime() + 1_000_000_000L);
    assertThat(gone.present()).isFalse();
    assertThat(gone.lines()).isEqualTo(1);
    assertThat(gone.events()).anyMatch(e -> e.startsWith("waiting for " + log));
    append(log, "reborn 1\nreborn 2\n");
    assertThat(read(tail)).containsExactly("reborn 1", "reborn 2");
  }

  /** A log removed to make room on a full disk: held open for one read, then let go so its space is freed. */
  @Test
  void aDeletedFileStillGoneAtTheNextReadIsReleased() throws IOException {
    Path log = dir.resolve("huge.log");
    append(log, "x\n");
    LogTail tail = tail(log);
    read(tail);
    Files.delete(log);
    assertThat(openDeleted(log)).isTrue();

    read(tail);
    assertThat(openDeleted(log)).as("held for one read, in case a rotation creates it again").isTrue();
    LogTail.Progress released = tail.read((b, o, l) -> { }, System.nanoTime() + 1_000_000_000L);

    assertThat(released.events()).anyMatch(e -> e.startsWith("released " + log));
    assertThat(openDeleted(log)).isFalse();
    append(log, "new 1\n");
    assertThat(read(tail)).containsExactly("new 1");
  }

  /** Whether this JVM still holds a descriptor on the deleted file (the kernel shows "(deleted)"). */
  private static boolean openDeleted(Path file) throws IOException {
    try (var fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.anyMatch(fd -> {
        try {
          return Files.readSymbolicLink(fd).toString().equals(file + " (deleted)");
        } catch (IOException e) {
          return false;
        }
      });
    }
  }

  @Test
  void aFileThatAppearsAfterTheWatchBeganIsReadFromItsStart() throws IOException {
    Path log = dir.resolve("later.log");
    LogTail tail = tail(log);
    assertThat(read(tail)).isEmpty();
    assertThat(tail.waitingFromStart()).isTrue();
    append(log, "hello\n");
    assertThat(read(tail)).containsExactly("hello");
  }

  @Test
  void aNewReaderResumesFromTheSavedOffset() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "");
    LogTail first = tail(log);
    read(first);
    append(log, "seen 1\nhalf");
    assertThat(read(first)).containsExactly("seen 1");
    LogTail.Position saved = first.position();
    first.close();
    append(log, " done\nunseen 2\n");

    LogTail second = tail(log);
    second.resume(saved);
    assertThat(read(second)).containsExactly("half done", "unseen 2");
  }

  @Test
  void aResumedReaderFinishesTheFileRotatedWhileItWasStopped() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "");
    LogTail first = tail(log);
    read(first);
    append(log, "seen\n");
    read(first);
    LogTail.Position saved = first.position();
    first.close();
    append(log, "missed by nobody\n");
    Files.move(log, dir.resolve("app.log.1"));
    append(log, "new file 1\n");

    LogTail second = tail(log);
    second.resume(saved);
    assertThat(read(second)).containsExactly("missed by nobody", "new file 1");
  }

  @Test
  void aResumedReaderStartsTheNewFileAtItsStartWhenTheOldOneIsGone() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "");
    LogTail first = tail(log);
    read(first);
    append(log, "seen\n");
    read(first);
    LogTail.Position saved = first.position();
    first.close();
    Files.delete(log);
    append(log, "new file 1\nnew file 2\n");

    LogTail second = tail(log);
    second.resume(saved);
    assertThat(read(second)).containsExactly("new file 1", "new file 2");
  }

  @Test
  void aResumedReaderReadsATruncatedFileFromItsStart() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "");
    LogTail first = tail(log);
    read(first);
    append(log, "a long line that is gone\n");
    read(first);
    LogTail.Position saved = first.position();
    first.close();
    Files.writeString(log, "short\n", StandardOpenOption.TRUNCATE_EXISTING);

    LogTail second = tail(log);
    second.resume(saved);
    assertThat(read(second)).containsExactly("short");
  }

  @Test
  void capsVeryLongLinesWithoutLosingTheNextOnes() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "");
    LogTail tail = tail(log);
    read(tail);
    String huge = "L".repeat(200_000);
    append(log, "before\n" + huge + "\nafter\n");
    List<String> lines = read(tail);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).isEqualTo("before");
    assertThat(lines.get(1)).isEqualTo("L".repeat(64));
    assertThat(lines.get(2)).isEqualTo("after");
    // The same when the long line arrives in pieces across reads.
    append(log, "M".repeat(100));
    assertThat(read(tail)).isEmpty();
    append(log, "M".repeat(100) + "\nnext\n");
    assertThat(read(tail)).containsExactly("M".repeat(64), "next");
  }

  @Test
  void anInterruptedReadLosesNothingAndTheNextReadContinues() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "");
    LogTail tail = tail(log);
    read(tail);
    append(log, "one\ntwo\n");
    Thread.currentThread().interrupt(); // closes the channel under the read, as a timed-out run's would
    try {
      assertThatThrownBy(() -> read(tail)).isInstanceOf(java.nio.channels.ClosedByInterruptException.class);
    } finally {
      Thread.interrupted();
    }
    assertThat(tail.position().offset()).isZero();
    append(log, "three\n");
    assertThat(read(tail)).containsExactly("one", "two", "three");
  }

  @Test
  void stopsAtTheDeadlineAndContinuesOnTheNextRead() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "");
    LogTail tail = tail(log);
    read(tail);
    append(log, "one\n");
    List<String> lines = new ArrayList<>();
    LogTail.Progress p = tail.read((b, o, l) -> lines.add(new String(b, o, l)), System.nanoTime() - 1);
    assertThat(p.lines()).isZero();
    assertThat(read(tail)).containsExactly("one");
  }
}
