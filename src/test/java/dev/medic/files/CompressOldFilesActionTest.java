package dev.medic.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import dev.medic.spi.Bindings;
import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import dev.medic.support.SettableClock;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compress_old_files on real files: the archives are read back with the JDK's gunzip. */
class CompressOldFilesActionTest {

  static final Instant NOW = DeleteOldFilesActionTest.NOW;

  @TempDir Path dir;
  final ActionContext ctx = new ActionContext(
      Incident.open("app", "disk_low", Severity.WARNING, "msg", NOW).withId(1),
      Bindings.builder().bind(Clock.class, new SettableClock(NOW)).build());

  CompressOldFilesAction action(String match) {
    return new CompressOldFilesAction(List.of(dir.toString()), match, Duration.ofDays(1), false, null);
  }

  static String gunzip(Path archive) throws Exception {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(archive))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static Path text(Path path, String content, Duration age) throws Exception {
    Files.writeString(path, content);
    Files.setLastModifiedTime(path, FileTime.from(NOW.minus(age)));
    return path;
  }

  @Test
  void replacesEachOldFileByAGzipWithTheSameContentModificationTimeAndPermissions() throws Exception {
    String content = "GET /health 200\n".repeat(5000);
    Path log = text(dir.resolve("access.log.1"), content, Duration.ofDays(3));
    Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-r-----"));
    FileTime mtime = Files.getLastModifiedTime(log);

    ActionOutcome outcome = action("*.log.*").run(ctx);

    Path archive = dir.resolve("access.log.1.gz");
    assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.OK);
    assertThat(outcome.detail()).startsWith("compressed 1 file: 78.1 KiB -> ")
        .endsWith(" freed): access.log.1.gz");
    assertThat(log).doesNotExist();
    assertThat(gunzip(archive)).isEqualTo(content);
    assertThat(Files.getLastModifiedTime(archive)).isEqualTo(mtime);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(archive))).isEqualTo("rw-r-----");
    assertThat(Files.size(archive)).isLessThan(content.length() / 10);
  }

  @Test
  void leavesArchivesFreshFilesAndFilesWhoseArchiveExistsAlone() throws Exception {
    Path already = text(dir.resolve("a.log.2.gz"), "x", Duration.ofDays(9));
    Path fresh = text(dir.resolve("b.log.1"), "fresh", Duration.ofHours(2));
    Path taken = text(dir.resolve("c.log.1"), "new content", Duration.ofDays(9));
    Path existing = text(dir.resolve("c.log.1.gz"), "someone else's archive", Duration.ofDays(9));

    ActionOutcome outcome = action("*").run(ctx);

    assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.NO_EFFECT);
    assertThat(outcome.detail()).isEqualTo("no uncompressed file '*' older than 1d under " + dir + ": nothing compressed");
    assertThat(Files.readString(already)).isEqualTo("x");
    assertThat(fresh).exists();
    assertThat(Files.readString(taken)).isEqualTo("new content");
    assertThat(Files.readString(existing)).isEqualTo("someone else's archive");
  }

  @Test
  void aFileThatCannotBeArchivedKeepsItsOriginalAndLeavesNoPartialArchive() throws Exception {
    Path ok = text(dir.resolve("ok.log.1"), "fine", Duration.ofDays(9));
    Path sub = Files.createDirectories(dir.resolve("locked"));
    Path stuck = text(sub.resolve("stuck.log.1"), "kept", Duration.ofDays(9));
    CompressOldFilesAction action = new CompressOldFilesAction(List.of(dir.toString()), "*.log.*", Duration.ofDays(1),
        true, null);
    // An immutable directory (as root) or a read-only one refuses the new archive beside the file.
    try (Undeletable ignored = Undeletable.directory(sub)) {
      ActionOutcome outcome = action.run(ctx);

      assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.OK);
      assertThat(outcome.detail()).contains("compressed 1 file").contains(": ok.log.1.gz; could not compress " + stuck + " (");
      assertThat(Files.readString(stuck)).isEqualTo("kept");
      assertThat(sub.resolve("stuck.log.1.gz")).doesNotExist();
      assertThat(gunzip(dir.resolve("ok.log.1.gz"))).isEqualTo("fine");
      assertThat(ok).doesNotExist();
    }
  }

  @Test
  void anArchiveThatAppearsAfterListingIsNeitherOverwrittenNorRemoved() throws Exception {
    Path log = text(dir.resolve("app.log.1"), "original", Duration.ofDays(2));
    Path archive = text(dir.resolve("app.log.1.gz"), "written by someone else", Duration.ofDays(2));

    assertThatThrownBy(() -> Gzip.compress(log)).isInstanceOf(FileAlreadyExistsException.class);

    assertThat(Files.readString(archive)).isEqualTo("written by someone else");
    assertThat(Files.readString(log)).isEqualTo("original");
  }

  @Test
  void planNamesTheFilesAndTouchesNothing() throws Exception {
    Path log = text(dir.resolve("app.log.1"), "0123456789", Duration.ofDays(2));
    ActionOutcome plan = action("*.log.*").plan(ctx);
    assertThat(plan.detail()).isEqualTo("would compress 1 file (10 B): " + log + " (10 B)");
    assertThat(log).exists();
    assertThat(dir.resolve("app.log.1.gz")).doesNotExist();
  }

  @Test
  void compressingKeepsDataSoItNeedsNoApproval() {
    assertThat(action("*").destructive()).isFalse();
  }
}
