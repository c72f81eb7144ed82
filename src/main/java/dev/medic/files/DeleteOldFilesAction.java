package dev.medic.files;

import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import dev.medic.spi.ActionSpec;
import dev.medic.spi.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes old files from an allow-list of directories: rotated logs, stale exports, temp files
 * (the seed's "disk space low: clean old logs"). Regular files only, never a directory, never
 * through a symbolic link.
 *
 * <p>Destructive: what it deletes is gone, so its strategy waits for approval unless it says
 * {@code approval: none}. Pair it with {@code compress_old_files} to keep data and still free
 * space.
 *
 * <ul>
 *   <li>{@code under} (required): absolute directories it may delete in; {@code /} and system roots
 *       like {@code /etc}, {@code /usr}, {@code /var} are refused
 *   <li>{@code match}: glob on the file name, default {@code *}
 *   <li>{@code older_than} (required): minimum age by modification time, like {@code 7d}
 *   <li>{@code recursive}: also below subdirectories, default false
 *   <li>{@code timeout}: the run stops deleting after this long, default 30s
 * </ul>
 */
public record DeleteOldFilesAction(List<String> under, String match, Duration olderThan, Boolean recursive,
    Duration timeout) implements ActionSpec {

  public DeleteOldFilesAction {
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
  public boolean destructive() {
    return true;
  }

  @Override
  public String describe(ActionContext context) {
    return "delete_old_files " + criteria().describe();
  }

  @Override
  public ActionOutcome plan(ActionContext context) {
    OldFiles.Selection selection;
    try {
      selection = OldFiles.find(criteria(), FileRun.clock(context).instant(), path -> true,
          FileRun.deadline(effectiveTimeout()));
    } catch (IOException e) {
      return ActionOutcome.failed("cannot list " + criteria().describe() + ": " + e);
    }
    if (selection.files().isEmpty()) {
      return ActionOutcome.noEffect("would delete nothing: no file " + criteria().describe() + selection.skippedNote());
    }
    return ActionOutcome.ok("would delete " + Listing.count(selection.files().size(), "file") + " ("
        + Bytes.format(selection.bytes()) + "): " + Listing.of(selection.files().stream()
            .map(f -> f.path() + " (" + Bytes.format(f.size()) + ")").toList()) + selection.skippedNote());
  }

  @Override
  public ActionOutcome run(ActionContext context) {
    FileCriteria criteria = criteria();
    long deadline = FileRun.deadline(effectiveTimeout());
    OldFiles.Selection selection;
    try {
      selection = OldFiles.find(criteria, FileRun.clock(context).instant(), path -> true, deadline);
    } catch (IOException e) {
      return ActionOutcome.failed("cannot list " + criteria.describe() + ": " + e);
    }
    if (selection.files().isEmpty()) {
      return ActionOutcome.noEffect("no file " + criteria.describe() + ": nothing deleted" + selection.skippedNote());
    }
    List<String> deleted = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    long freed = 0;
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
        // Files.delete removes a link, never what it points to, should the file be swapped for one meanwhile.
        Files.delete(file.path());
        deleted.add(file.path().toString());
        freed += file.size();
      } catch (IOException e) {
        failures.add(file.path() + " (" + FileFailure.reason(e) + ")");
      }
    }
    String tail = (failures.isEmpty() ? "" : "; could not delete " + Listing.of(failures))
        + (left == 0 ? "" : "; stopped at the " + effectiveTimeout().toSeconds() + " s timeout with "
            + Listing.count(left, "file") + " left")
        + selection.skippedNote();
    if (deleted.isEmpty()) {
      return ActionOutcome.failed("deleted nothing " + criteria.describe() + tail);
    }
    return ActionOutcome.ok("deleted " + Listing.count(deleted.size(), "file") + " (" + Bytes.format(freed)
        + " freed): " + Listing.of(deleted) + tail);
  }
}
