package dev.medic.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${NAME}} and {@code ${NAME:-default}} inside one scalar value, after YAML has parsed it: the
 * value of a variable is text inside that scalar and can never change the document's structure (a
 * {@code #}, a {@code ": "} or a newline in it arrive verbatim). Collects unset variables as problems
 * and the substituted values as secrets for the {@link Redactor}. One instance per file loaded.
 */
final class EnvSubstitution {

  static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  /** The scalar after substitution, and the values that went into it. */
  record Result(String text, List<String> values) {}

  private final String file;
  private final Function<String, String> environment;
  private final List<ConfigException.Problem> problems = new ArrayList<>();
  private final List<String> secrets = new ArrayList<>();

  EnvSubstitution(String file, Function<String, String> environment) {
    this.file = file;
    this.environment = environment;
  }

  /**
   * @param line 1-based line of the first character of the scalar's text
   * @param column 1-based column of that character (after an opening quote)
   */
  Result apply(String scalar, int line, int column) {
    Matcher m = REFERENCE.matcher(scalar);
    StringBuilder out = new StringBuilder();
    List<String> values = new ArrayList<>();
    while (m.find()) {
      String value = environment.apply(m.group(1));
      if (value == null) {
        value = m.group(2);
      } else {
        values.add(value);
      }
      if (value == null) {
        problems.add(new ConfigException.Problem(file, line, position(scalar, m.start(), line, column), null,
            "environment variable " + m.group(1) + " is not set (write ${" + m.group(1)
                + ":-default} to give a default)"));
        value = "";
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return new Result(out.toString(), values);
  }

  /** The column of {@code offset} in a scalar that starts at {@code column}, exact on its first line. */
  private static int position(String scalar, int offset, int line, int column) {
    return scalar.lastIndexOf('\n', offset) < 0 ? column + offset : column;
  }

  /** The values taken from the environment into string values: what the redactor must hide. */
  void secret(List<String> values) {
    secrets.addAll(values);
  }

  List<ConfigException.Problem> problems() {
    return problems;
  }

  List<String> secrets() {
    return secrets;
  }
}
