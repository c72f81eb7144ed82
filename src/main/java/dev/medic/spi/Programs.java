package dev.medic.spi;

import java.util.List;

/** What a command line must hold to be started. */
public final class Programs {

  private Programs() {}

  public static List<SpecProblem> problems(String field, List<String> argv) {
    if (!argv.isEmpty() && argv.getFirst().isBlank()) {
      return List.of(new SpecProblem(field + "[0]", "the program to run is empty (expected a program name or path)"));
    }
    return List.of();
  }
}
