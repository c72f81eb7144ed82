package dev.medic.files;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code under:} allow-list of a file remedy: absolute directories, none of them a system root.
 * A remedy that deletes or rewrites files by age must never be pointed, by a typo, at the whole
 * disk or at the operating system's own files.
 */
final class AllowedDirs {

  /** Trees that hold the operating system, its configuration or kernel views: refused with everything in them. */
  private static final List<Path> SYSTEM_TREES = paths("/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64",
      "/libx32", "/boot", "/proc", "/sys", "/dev", "/usr/bin", "/usr/sbin", "/usr/lib", "/usr/lib32",
      "/usr/lib64", "/usr/libx32", "/usr/libexec", "/usr/share", "/usr/include", "/var/lib/dpkg", "/var/lib/rpm",
      "/var/lib/apt", "/root/.ssh");

  /** Roots whose subdirectories are fine (/var/log/app) but which are far too wide themselves. */
  private static final Set<Path> WIDE_ROOTS = Set.copyOf(paths("/", "/usr",
      "/usr/local", "/var", "/var/lib", "/home", "/root", "/opt", "/srv", "/tmp", "/run", "/mnt", "/media"));

  private AllowedDirs() {}

  /** Checks the list as written in the config; throws naming the field and the bad entry. */
  static List<Path> of(List<String> under) {
    if (under == null || under.isEmpty()) {
      throw new IllegalArgumentException("under is required: the directories this action may touch, like [/var/log/app]");
    }
    List<Path> dirs = new ArrayList<>();
    for (int i = 0; i < under.size(); i++) {
      String text = under.get(i);
      String field = "under[" + i + "]";
      if (text == null || text.isBlank()) {
        throw new IllegalArgumentException(field + " is empty (expected an absolute directory like /var/log/app)");
      }
      Path dir = Path.of(text);
      if (!dir.isAbsolute()) {
        throw new IllegalArgumentException(field + " must be an absolute directory, got '" + text + "'");
      }
      Path normal = dir.normalize();
      String refusal = refusal(normal);
      if (refusal != null) {
        throw new IllegalArgumentException(field + " '" + text + "' " + refusal);
      }
      dirs.add(normal);
    }
    return List.copyOf(dirs);
  }

  /** Why a directory (normalized, or resolved through its symlinks) may not be touched, or null. */
  static String refusal(Path dir) {
    if (WIDE_ROOTS.contains(dir)) {
      return "is a system root: name the directory that holds the files, like /var/log/app";
    }
    for (Path tree : SYSTEM_TREES) {
      if (dir.startsWith(tree)) {
        return "is inside " + tree + ", which belongs to the operating system";
      }
    }
    return null;
  }

  private static List<Path> paths(String... texts) {
    return java.util.Arrays.stream(texts).map(Path::of).toList();
  }
}
