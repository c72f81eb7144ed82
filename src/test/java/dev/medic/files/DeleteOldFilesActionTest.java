package dev.medic.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import dev.medic.spi.Bindings;
import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import dev.medic.support.SettableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** delete_old_files on real files in a temporary directory, aged against a settable clock. */
class DeleteOldFilesActionTest {

  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @TempDir Path dir;
  final SettableClock clock = new SettableClock(NOW);
  final ActionContext ctx = new ActionContext(
      Incident.open("app", "disk_low", Severity.WARNING, "msg", NOW).withId(1),
      Bindings.builder().bind(Clock.class, clock).build());

  /** A file of {@code size} bytes last modified {@code age} before the test's now. */
  static Path file(Path path, int size, Duration age) throws Exception {
    Files.createDirectories(path.getParent());
    Files.write(path, new byte[size]);
    Files.setLastModifiedTime(path, java.nio.file.attribute.FileTime.from(NOW.minus(age)));
    return path;
  }

  DeleteOldFilesAction action(String match, Duration olderThan, boolean recursive) {
    return new DeleteOldFilesAction(List.of(dir.toString()), match, olderThan, recursive, null);
  }

  @Test
  void deletesOnlyMatchingFilesOlderThanTheAgeAndReportsBytesFreed() throws Exception {
    Path old1 = file(dir.resolve("app.log.1"), 1000, Duration.ofDays(8));
    Path old2 = file(dir.resolve("app.log.2"), 2048, Duration.ofDays(30));
    Path current = file(dir.resolve("app.log"), 500, Duration.ofDays(30)); // does not match *.log.*
    Path fresh = file(dir.resolve("app.log.3"), 700, Duration.ofDays(6));
    Path nested = file(dir.resolve("old/app.log.9"), 300, Duration.ofDays(60)); // not recursive

    ActionOutcome outcome = action("*.log.*", Duration.ofDays(7), false).run(ctx);

    assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.OK);
    assertThat(outcome.detail()).isEqualTo("deleted 2 files (3.0 KiB freed): " + old1 + ", " + old2);
    assertThat(old1).doesNotExist();
    assertThat(old2).doesNotExist();
    assertThat(current).exists();
    assertThat(fresh).exists();
    assertThat(nested).exists();
  }

  @Test
  void ageIsMeasuredOnTheInjectedClock() throws Exception {
    Path log = file(dir.resolve("app.log.1"), 10, Duration.ofDays(6));
    DeleteOldFilesAction action = action("*.log.*", Duration.ofDays(7), false);

    assertThat(action.run(ctx).result()).isEqualTo(ActionOutcome.Result.NO_EFFECT);
    assertThat(log).exists();

    clock.advance(Duration.ofDays(2));
    assertThat(action.run(ctx).result()).isEqualTo(ActionOutcome.Result.OK);
    assertThat(log).doesNotExist();
  }

  @Test
  void recursiveDescendsIntoSubdirectoriesButNeverDeletesADirectory() throws Exception {
    Path nested = file(dir.resolve("2025/01/app.log.1"), 10, Duration.ofDays(60));
    Path oldDir = Files.createDirectories(dir.resolve("archive.log.1"));
    Files.setLastModifiedTime(oldDir, java.nio.file.attribute.FileTime.from(NOW.minus(Duration.ofDays(90))));

    ActionOutcome outcome = action("*.log.*", Duration.ofDays(7), true).run(ctx);

    assertThat(outcome.detail()).isEqualTo("deleted 1 file (10 B freed): " + nested);
    assertThat(nested).doesNotExist();
    assertThat(oldDir).isDirectory();
    assertThat(dir.resolve("2025/01")).isDirectory();
  }

  @Test
  void symlinkPointingOutsideTheDirectoryIsSkippedAndNamed(@TempDir Path elsewhere) throws Exception {
    Path secret = file(elsewhere.resolve("secret.log.1"), 10, Duration.ofDays(60));
    Path link = Files.createSymbolicLink(dir.resolve("link.log.1"), secret);
    Path linkedDir = Files.createSymbolicLink(dir.resolve("linked"), elsewhere);
    Path own = file(dir.resolve("own.log.1"), 10, Duration.ofDays(60));

    ActionOutcome outcome = action("*.log.*", Duration.ofDays(7), true).run(ctx);

    assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.OK);
    assertThat(outcome.detail()).contains("deleted 1 file").contains(own.toString())
        .contains("; skipped ")
        .contains("link " + link + " -> " + secret.toRealPath() + " (outside " + dir.toRealPath() + ")")
        .contains("link " + linkedDir + " -> " + elsewhere.toRealPath() + " (outside " + dir.toRealPath() + ")");
    assertThat(own).doesNotExist();
    assertThat(secret).exists();
    assertThat(link).isSymbolicLink();
    assertThat(linkedDir).isSymbolicLink();
  }

  /** Whoever owns /var/log/app can replace archive/ with a link to the database's directory. */
  @Test
  void anAllowedDirectoryReplacedByALinkIsRefusedAndNothingIsDeleted(@TempDir Path elsewhere) throws Exception {
    Path precious = file(elsewhere.resolve("base.log.1"), 10, Duration.ofDays(60));
    Path archive = Files.createSymbolicLink(dir.resolve("archive"), elsewhere);
    DeleteOldFilesAction action = new DeleteOldFilesAction(List.of(archive.toString()), "*", Duration.ofDays(7), false, null);

    ActionOutcome plan = action.plan(ctx);
    ActionOutcome outcome = action.run(ctx);

    assertThat(precious).exists();
    assertThat(outcome.result()).isNotEqualTo(ActionOutcome.Result.OK);
    assertThat(outcome.detail()).contains(archive + " (reached through a symbolic link to " + elsewhere.toRealPath());
    assertThat(plan.detail()).contains("reached through a symbolic link");
  }

  @Test
  void aListingPastItsDeadlineStopsAndSaysTheNextRunGoesOn() throws Exception {
    for (int i = 0; i < 50; i++) {
      file(dir.resolve("d" + (i % 5) + "/app.log." + i), 10, Duration.ofDays(30));
    }
    FileCriteria criteria = FileCriteria.of(List.of(dir.toString()), "*.log.*", Duration.ofDays(7), true);

    OldFiles.Selection late = OldFiles.find(criteria, NOW, path -> true, System.nanoTime() - 1);
    OldFiles.Selection inTime = OldFiles.find(criteria, NOW, path -> true, FileRun.deadline(Duration.ofSeconds(30)));

    assertThat(late.files().size()).isLessThan(50);
    assertThat(late.skippedNote()).contains("stopped at the timeout; the next run goes on");
    assertThat(inTime.files()).hasSize(50);
    assertThat(inTime.skippedNote()).isEmpty();
  }

  @Test
  void aDirectorySwappedForALinkAfterListingIsNotReachedThroughIt(@TempDir Path elsewhere) throws Exception {
    Path listed = file(dir.resolve("sub/app.log.1"), 10, Duration.ofDays(60));
    assertThat(OldFiles.stillInPlace(listed)).isTrue();
    file(elsewhere.resolve("app.log.1"), 10, Duration.ofDays(60));
    Files.delete(listed);
    Files.delete(dir.resolve("sub"));
    Files.createSymbolicLink(dir.resolve("sub"), elsewhere);

    assertThat(OldFiles.stillInPlace(listed)).isFalse();
  }

  @Test
  void planListsExactlyTheFilesTheRunDeletesWithSizesAndTotalTouchingNothing() throws Exception {
    Path a = file(dir.resolve("a.gz"), 1536, Duration.ofDays(10));
    Path b = file(dir.resolve("b.gz"), 1024 * 1024, Duration.ofDays(10));
    file(dir.resolve("c.gz"), 10, Duration.ofDays(1));
    DeleteOldFilesAction action = action("*.gz", Duration.ofDays(7), false);

    ActionOutcome plan = action.plan(ctx);

    assertThat(plan.result()).isEqualTo(ActionOutcome.Result.OK);
    assertThat(plan.detail()).isEqualTo("would delete 2 files (1.0 MiB): " + a + " (1.5 KiB), " + b + " (1.0 MiB)");
    assertThat(a).exists();
    assertThat(b).exists();
    assertThat(action.run(ctx).detail()).contains(": " + a + ", " + b).doesNotContain("c.gz");
  }

  @Test
  void nothingOldEnoughIsNoEffect() throws Exception {
    file(dir.resolve("app.log.1"), 10, Duration.ofHours(1));
    DeleteOldFilesAction action = action("*.log.*", Duration.ofDays(7), false);

    assertThat(action.plan(ctx).result()).isEqualTo(ActionOutcome.Result.NO_EFFECT);
    ActionOutcome outcome = action.run(ctx);
    assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.NO_EFFECT);
    assertThat(outcome.detail()).isEqualTo("no file '*.log.*' older than 7d under " + dir + ": nothing deleted");
  }

  @Test
  void missingDirectoryIsNamedNotAFailure() {
    Path missing = dir.resolve("gone");
    ActionOutcome outcome = new DeleteOldFilesAction(List.of(missing.toString()), null, Duration.ofDays(1), null, null)
        .run(ctx);
    assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.NO_EFFECT);
    assertThat(outcome.detail()).endsWith("; skipped " + missing + " (missing)");
  }

  @Test
  void aFileThatCannotBeDeletedIsNamedWhileTheOthersGo() throws Exception {
    Path stuck = file(dir.resolve("stuck.log.1"), 10, Duration.ofDays(60));
    Path other = file(dir.resolve("other.log.1"), 10, Duration.ofDays(60));
    try (Undeletable ignored = Undeletable.make(stuck)) {
      ActionOutcome outcome = action("*.log.*", Duration.ofDays(7), false).run(ctx);

      assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.OK);
      assertThat(outcome.detail()).startsWith("deleted 1 file (10 B freed)")
          .contains(": " + other + "; could not delete " + stuck + " (");
      assertThat(other).doesNotExist();
      assertThat(stuck).exists();
    }
  }

  @Test
  void failsWhenNoSelectedFileCouldBeDeleted() throws Exception {
    Path stuck = file(dir.resolve("stuck.log.1"), 10, Duration.ofDays(60));
    try (Undeletable ignored = Undeletable.make(stuck)) {
      ActionOutcome outcome = action("*.log.*", Duration.ofDays(7), false).run(ctx);
      assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.FAILED);
      assertThat(outcome.detail()).startsWith("deleted nothing '*.log.*' older than 7d under " + dir
          + "; could not delete " + stuck);
    }
  }

  @Test
  void detailNamesTheFirstTwentyFilesAndCountsTheRest() throws Exception {
    for (int i = 0; i < 25; i++) {
      file(dir.resolve("f%02d.tmp".formatted(i)), 1, Duration.ofDays(2));
    }
    ActionOutcome outcome = action("*.tmp", Duration.ofDays(1), false).run(ctx);

    assertThat(outcome.detail()).startsWith("deleted 25 files (25 B freed)")
        .contains(dir.resolve("f19.tmp").toString()).doesNotContain("f20.tmp").endsWith(" and 5 more");
    try (var left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void deletingIsDestructiveSoItsStrategyWaitsForApproval() {
    assertThat(action("*", Duration.ofDays(1), false).destructive()).isTrue();
    assertThat(action("*", Duration.ofDays(1), false).restartsTarget()).isFalse();
  }
}
