package dev.medic.services;

import dev.medic.spi.SpecProblem;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether the service manager's program can be started: found on medic's PATH, or an executable
 * file when given as a path. Caught when the config is read, not when the first incident needs it.
 */
final class CommandLine {

  private CommandLine() {}

  static List<SpecProblem> problems(String program) {
    if (program.contains("/")) {
      return Files.isExecutable(Path.of(program)) ? List.of()
          : List.of(new SpecProblem("program", "'" + program + "' is not an executable file"));
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
          return List.of();
        }
      }
    }
    return List.of(new SpecProblem("program", "'" + program + "' is not on medic's PATH (" + path
        + "): install it or give its full path as program:"));
  }

  /** A file the command line names ({@code -c}, {@code --kubeconfig}) that is not there to read. */
  static List<SpecProblem> readable(String field, String file) {
    if (file == null || Files.isReadable(Path.of(file))) {
      return List.of();
    }
    return List.of(new SpecProblem(field, "'" + file + "' is not a readable file"));
  }

  /** Refuses a blank program name or one with spaces (a whole command line belongs in the argv, not here). */
  static String check(String program, String fallback) {
    if (program == null) {
      return fallback;
    }
    if (program.isBlank() || !program.strip().equals(program)) {
      throw new IllegalArgumentException("program must be a program name or path, got '" + program + "'");
    }
    return program;
  }

  /** Refuses a name that would be read as an option ({@code -H host}) or is not a plain word. */
  static void requireName(String field, String value, String pattern, String example) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " is required, like " + example);
    }
    if (value.startsWith("-") || !value.matches(pattern)) {
      throw new IllegalArgumentException(field + " '" + value + "' is not a valid name (expected something like "
          + example + ")");
    }
  }
}
