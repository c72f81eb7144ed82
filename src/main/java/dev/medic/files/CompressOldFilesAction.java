package dev.medic.files;

import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import dev.medic.spi.ActionSpec;
import dev.medic.spi.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Gzips old files in place ({@code app.log.3} becomes {@code app.log.3.gz}, same modification time
 * and permissions): the seed's "compress backups" and "rotate logs". Files already ending in
 * {@code .gz}, or whose {@code .gz} already exists, are left alone. Not destructive: every byte is
 * kept, and the original is removed only after its archive is complete and on disk.
 *
 * <ul>
 *   <li>{@code under} (required): absolute directories it may work in; {@code /} and system roots
 *       are refused
 *   <li>{@code match}: glob on the file name, default {@code *}
 *   <li>{@code older_than} (required): minimum age by modification time, like {@code 1d}
 *   <li>{@code recursive}: also below subdirectories, default false
 *   <li>{@code timeout}: the run stops starting new files after this long, default 30s
 * </ul>
 */
public record CompressOldFilesAction(List<String> under, String match, Duration olderThan, Boolean recursive,
    Duration timeout) implements ActionSpec {

  public CompressOldFilesAction {
    FileCriteria criteria = FileCriteria.of(under, match, olderThan, recursive);
    under = List.copyOf(under);
    match = criteria.match();
    recursive = criteria.recursive();
    Durations.requirePositive("timeout", timeout);
  }

  private FileCriteria criteria() {
    return FileCriteria.of(under, match, olderThan, recursive);
  }

  @Override
  public String describe(ActionContext context) {
    return "compress_old_files " + criteria().describe();
  }

  /** Already compressed, or its archive name is taken: gzipping it again would gain nothing or overwrite. */
  private static boolean compressible(Path file) {
    return !file.getFileName().toString().endsWith(".gz")
        && !Files.exists(file.resolveSibling(file.getFileName() + ".gz"), LinkOption.NOFOLLOW_LINKS);
  }

  @Override
  public ActionOutcome plan(ActionContext context) {
    OldFiles.Selection selection;
    try {
      selection = OldFiles.find(criteria(), FileRun.clock(context).instant(), CompressOldFilesAction::compressible,
          FileRun.deadline(effectiveTimeout()));
    } catch (IOException e) {
      return ActionOutcome.failed("cannot list " + criteria().describe() + ": " + e);
    }
    if (selection.files().isEmpty()) {
      return ActionOutcome.noEffect("would compress nothing: no uncompressed file " + criteria().describe()
          + selection.skippedNote());
    }
    return ActionOutcome.ok("would compress " + Listing.count(selection.files().size(), "file") + " ("
        + Bytes.format(selection.bytes()) + "): " + Listing.of(selection.files().stream()
            .map(f -> f.path() + " (" + Bytes.format(f.size()) + ")").toList()) + selection.skippedNote());
  }

  @Override
  public ActionOutcome run(ActionContext context) {
    FileCriteria criteria = criteria();
    long deadline = FileRun.deadline(effectiveTimeout());
    OldFiles.Selection selection;
    try {
      selection = OldFiles.find(criteria, FileRun.clock(context).instant(), CompressOldFilesAction::compressible, deadline);
    } catch (IOException e) {
      return ActionOutcome.failed("cannot list " + criteria.describe() + ": " + e);
    }
    if (selection.files().isEmpty()) {
      return ActionOutcome.noEffect("no uncompressed file " + criteria.describe() + ": nothing compressed"
          + selection.skippedNote());
    }
    List<String> done = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    long before = 0;
    long after = 0;
    int left = 0;
    for (OldFiles.Found file : selection.files()) {
      if (FileRun.past(deadline)) {
        left++;
        continue;
      }
      if (!OldFiles.stillInPlace(file.path())) {
        failures.add(file.path() + " (its directory changed since it was listed)");
        continue;
      }
      try {
        long archived = Gzip.compress(file.path());
        before += file.size();
        after += archived;
        done.add(file.path().getFileName() + ".gz");
      } catch (IOException e) {
        failures.add(file.path() + " (" + FileFailure.reason(e) + ")");
      }
    }
    String tail = (failures.isEmpty() ? "" : "; could not compress " + Listing.of(failures))
        + (left == 0 ? "" : "; stopped at the " + effectiveTimeout().toSeconds() + " s timeout with "
            + Listing.count(left, "file") + " left")
        + selection.skippedNote();
    if (done.isEmpty()) {
      return ActionOutcome.failed("compressed nothing " + criteria.describe() + tail);
    }
    return ActionOutcome.ok("compressed " + Listing.count(done.size(), "file") + ": "
        + Bytes.format(before) + " -> " + Bytes.format(after) + " (" + Bytes.format(before - after) + " freed): "
        + Listing.of(done) + tail);
  }
}
