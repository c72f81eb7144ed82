package dev.medic.files;

import dev.medic.spi.Durations;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * Which files a file remedy acts on: regular files directly in (or, with {@code recursive}, below)
 * the allowed directories whose name matches the glob and whose last modification is older than
 * the age. The same selection serves the dry run and the run, so the plan names what the run does.
 */
record FileCriteria(List<Path> under, String match, Duration olderThan, boolean recursive) {

  static FileCriteria of(List<String> under, String match, Duration olderThan, Boolean recursive) {
    List<Path> dirs = AllowedDirs.of(under);
    String glob = match == null ? "*" : match;
    if (glob.isBlank() || glob.contains("/")) {
      throw new IllegalArgumentException("match must be a glob on the file name like '*.log.*' (no '/'), got '" + glob + "'");
    }
    try {
      FileSystems.getDefault().getPathMatcher("glob:" + glob);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("match '" + glob + "' is not a valid glob: " + e.getDescription());
    }
    if (olderThan == null) {
      throw new IllegalArgumentException("older_than is required: how old a file must be (by modification time), like 7d");
    }
    Durations.requirePositive("older_than", olderThan);
    return new FileCriteria(dirs, glob, olderThan, recursive != null && recursive);
  }

  PathMatcher matcher() {
    return FileSystems.getDefault().getPathMatcher("glob:" + match);
  }

  /** Files last modified before this moment are old enough. */
  Instant cutoff(Instant now) {
    return now.minus(olderThan);
  }

  /** How the selection reads in a detail: {@code '*.log.*' older than 7d under /var/log/app}. */
  String describe() {
    return "'" + match + "' older than " + Durations.format(olderThan)
        + (recursive ? " below " : " under ") + String.join(", ", under.stream().map(Path::toString).toList());
  }
}
