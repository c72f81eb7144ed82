package dev.medic.config;

import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One condition a silence or maintenance window puts on an incident, as in Alertmanager: {@code
 * name} is {@code target}, {@code condition} or one of the target's labels; {@code operator} is
 * {@code =}, {@code !=}, {@code =~} (regular expression, matched against the whole value) or {@code
 * !~}. A label the target lacks satisfies only {@code !=} and {@code !~}: "not team db" holds for a
 * target with no team.
 */
public record LabelMatcher(String name, String operator, String value) {

  public enum Operator {
    EQUAL("="), NOT_EQUAL("!="), MATCHES("=~"), NOT_MATCHES("!~");

    private final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }

    boolean negative() {
      return this == NOT_EQUAL || this == NOT_MATCHES;
    }

    static Operator of(String symbol) {
      for (Operator o : values()) {
        if (o.symbol.equals(symbol)) {
          return o;
        }
      }
      throw new IllegalArgumentException("operator must be one of =, !=, =~, !~, got '" + symbol + "'");
    }
  }

  public LabelMatcher {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name is required (target, condition or a label of the target)");
    }
    operator = operator == null ? "=" : operator.strip();
    Operator op = Operator.of(operator);
    if (value == null) {
      throw new IllegalArgumentException("value is required (what '" + name + "' must be, or not be)");
    }
    if (op == Operator.MATCHES || op == Operator.NOT_MATCHES) {
      try {
        Pattern.compile(value);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("value is not a valid regular expression for " + name + " " + operator
            + ": " + e.getDescription() + " in '" + value + "'");
      }
    }
  }

  /**
   * Reads the command line's shape: {@code team=db}, {@code team!=db}, {@code team=~db|cache},
   * {@code team!~db.*}.
   */
  public static LabelMatcher parse(String text) {
    int at = 0;
    while (at < text.length() && text.charAt(at) != '=' && text.charAt(at) != '!') {
      at++;
    }
    if (at == 0 || at == text.length()) {
      throw new IllegalArgumentException("a matcher is NAME=VALUE, NAME!=VALUE, NAME=~REGEX or NAME!~REGEX, got '"
          + text + "'");
    }
    String rest = text.substring(at);
    String symbol = rest.startsWith("!=") || rest.startsWith("=~") || rest.startsWith("!~") ? rest.substring(0, 2)
        : rest.startsWith("=") ? "=" : rest.substring(0, 1);
    return new LabelMatcher(text.substring(0, at), symbol, rest.substring(symbol.length()));
  }

  public Operator op() {
    return Operator.of(operator);
  }

  /**
   * @param subject the incident's {@code target} and {@code condition} and the target's labels
   */
  public boolean matches(Map<String, String> subject) {
    Operator op = op();
    String actual = subject.get(name);
    if (actual == null) {
      return op.negative();
    }
    return switch (op) {
      case EQUAL -> actual.equals(value);
      case NOT_EQUAL -> !actual.equals(value);
      case MATCHES -> Pattern.compile(value).matcher(actual).matches();
      case NOT_MATCHES -> !Pattern.compile(value).matcher(actual).matches();
    };
  }

  /** {@code team=~"db|cache"}: how reports and logs show it. */
  @Override
  public String toString() {
    return name + operator + '"' + value + '"';
  }
}
