package dev.medic.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration that cannot be used. Every problem names file, line, field and what was expected.
 * Built with the file's {@link Redactor}, it never echoes a value that came from {@code ${ENV}}.
 */
public final class ConfigException extends Exception {

  /** One problem at one place; line and column are 1-based, 0 when unknown. */
  public record Problem(String file, int line, int column, String field, String message) {
    @Override
    public String toString() {
      String where = line > 0 ? file + ":" + line + ":" + column : file;
      return where + ": " + (field == null || field.isEmpty() ? "" : field + ": ") + message;
    }

    Problem redacted(Redactor redactor) {
      return new Problem(file, line, column, field, redactor.redact(message));
    }
  }

  private final List<Problem> problems;

  public ConfigException(List<Problem> problems) {
    this(problems, Redactor.none());
  }

  /** Problems whose messages pass through {@code redactor} before anyone can read them. */
  public ConfigException(List<Problem> problems, Redactor redactor) {
    this(problems.stream().map(p -> p.redacted(redactor)).toList(), true);
  }

  private ConfigException(List<Problem> redacted, boolean marker) {
    super(redacted.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(redacted);
  }

  public ConfigException(Problem problem) {
    this(List.of(problem));
  }

  public List<Problem> problems() {
    return problems;
  }
}
