package dev.medic.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Finds the files a {@link FileCriteria} selects, now. Symbolic links are never followed: each
 * allowed directory is resolved to its real path once (and refused if that lands on a system
 * root), then links found inside are left alone, and those pointing outside the directory are
 * named, since such a link is how a remedy would be tricked into deleting someone else's files.
 */
final class OldFiles {

  /** One selected file, with what the remedy reports about it. */
  record Found(Path path, long size, FileTime modified) {}

  /**
   * The files selected, in path order, and what was passed over.
   *
   * @param skipped links pointing outside their directory, and allowed directories that are missing or refused
   */
  record Selection(List<Found> files, List<String> skipped) {
    long bytes() {
      return files.stream().mapToLong(Found::size).sum();
    }

    String skippedNote() {
      return skipped.isEmpty() ? "" : "; skipped " + Listing.of(skipped);
    }
  }

  private OldFiles() {}

  /**
   * Whether the file's directory is still the real directory it was listed in. Listing never
   * follows links, but a directory could be swapped for a link to elsewhere between listing and
   * acting: then the file is left alone rather than reached through that link.
   */
  static boolean stillInPlace(Path file) {
    Path parent = file.getParent();
    try {
      return parent.toRealPath().equals(parent);
    } catch (IOException e) {
      return false;
    }
  }

  /** Files one run selects at most: the rest wait for the next run, memory stays bounded. */
  static final int MAX_FILES = 100_000;

  /**
   * The files the criteria select now, in path order. The listing itself stops at the deadline or
   * at {@link #MAX_FILES} (saying so in the skipped note): a huge tree or a slow mount cannot hold
   * the run past its timeout before a single file was touched.
   */
  static Selection find(FileCriteria criteria, Instant now, Predicate<Path> keep, long deadline) throws IOException {
    TreeMap<Path, Found> files = new TreeMap<>(); // overlapping directories list a file once
    List<String> skipped = new ArrayList<>();
    FileTime cutoff = FileTime.from(criteria.cutoff(now));
    PathMatcher matcher = criteria.matcher();
    for (Path dir : criteria.under()) {
      if (!Files.isDirectory(dir)) {
        skipped.add(dir + " (" + (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) ? "not a directory" : "missing") + ")");
        continue;
      }
      Path root = dir.toRealPath();
      // The allow-list names real directories. Whoever can replace one on the way with a link
      // (the app user owning /var/log/app replacing archive/) must not send the remedy elsewhere:
      // a directory reached through a link is refused, naming where it leads, so the operator can
      // write that path in the config if it is really meant.
      if (!root.equals(dir)) {
        skipped.add(dir + " (reached through a symbolic link to " + root + ": refused; write the real directory in under:)");
        continue;
      }
      String refusal = AllowedDirs.refusal(root);
      if (refusal != null) {
        skipped.add(dir + " (" + refusal + ")");
        continue;
      }
      Visitor visitor = new Visitor(root, matcher, criteria.recursive(), cutoff, keep, files, skipped, deadline);
      if (criteria.recursive()) {
        Files.walkFileTree(root, visitor); // without FOLLOW_LINKS: linked directories are not entered
      } else {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
          for (Path entry : entries) {
            if (visitor.full()) {
              break;
            }
            BasicFileAttributes attrs;
            try {
              attrs = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException gone) {
              continue; // removed while listing (a rotation in progress): nothing to act on
            }
            visitor.consider(entry, attrs);
          }
        }
      }
      if (visitor.full()) {
        skipped.add("the rest of the listing (stopped " + (files.size() >= MAX_FILES
            ? "at " + MAX_FILES + " files" : "at the timeout") + "; the next run goes on)");
        break;
      }
    }
    return new Selection(List.copyOf(files.values()), List.copyOf(skipped));
  }

  private static final class Visitor extends SimpleFileVisitor<Path> {
    private final Path root;
    private final PathMatcher matcher;
    private final boolean recursive;
    private final FileTime cutoff;
    private final Predicate<Path> keep;
    private final TreeMap<Path, Found> files;
    private final List<String> skipped;
    private final long deadline;

    Visitor(Path root, PathMatcher matcher, boolean recursive, FileTime cutoff, Predicate<Path> keep, TreeMap<Path, Found> files,
        List<String> skipped, long deadline) {
      this.deadline = deadline;
      this.root = root;
      this.matcher = matcher;
      this.recursive = recursive;
      this.cutoff = cutoff;
      this.keep = keep;
      this.files = files;
      this.skipped = skipped;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
      consider(file, attrs);
      return full() ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
    }

    /** The listing must stop: past the deadline, or as many files as one run takes. */
    boolean full() {
      return files.size() >= MAX_FILES || FileRun.past(deadline);
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) {
      skipped.add(file + " (unreadable: " + e.getMessage() + ")");
      return FileVisitResult.CONTINUE;
    }

    void consider(Path entry, BasicFileAttributes attrs) {
      if (attrs.isSymbolicLink()) {
        if (!matcher.matches(entry.getFileName()) && !(recursive && Files.isDirectory(entry))) {
          return; // a link the selection would not have taken anyway is not worth a word
        }
        Path target = linkTarget(entry);
        if (target == null) {
          skipped.add("link " + entry + " (dangling)");
        } else if (!target.startsWith(root)) {
          skipped.add("link " + entry + " -> " + target + " (outside " + root + ")");
        }
        return;
      }
      if (!attrs.isRegularFile()) {
        return; // directories, sockets, fifos and devices are never acted on
      }
      if (matcher.matches(entry.getFileName()) && attrs.lastModifiedTime().compareTo(cutoff) < 0 && keep.test(entry)) {
        files.put(entry, new Found(entry, attrs.size(), attrs.lastModifiedTime()));
      }
    }

    private static Path linkTarget(Path link) {
      try {
        return link.toRealPath();
      } catch (IOException e) {
        return null;
      }
    }
  }
}
