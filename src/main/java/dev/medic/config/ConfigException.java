package dev.medic.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration that cannot be used. Every problem names file, line, field and what was expected. */
public final class ConfigException extends Exception {

  /** One problem at one place; line and column are 1-based, 0 when unknown. */
  public record Problem(String file, int line, int column, String field, String message) {
    @Override
    public String toString() {
      String where = line > 0 ? file + ":" + line + ":" + column : file;
      return where + ": " + (field == null || field.isEmpty() ? "" : field + ": ") + message;
    }
  }

  private final List<Problem> problems;

  public ConfigException(List<Problem> problems) {
    super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public ConfigException(Problem problem) {
    this(List.of(problem));
  }

  public List<Problem> problems() {
    return problems;
  }
}
