package dev.medic.spi;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A metric condition held for a duration, written as one line: {@code latency_ms > 2000 for 5m as
 * high_latency}. {@code for} and {@code as} are optional (held at once; condition {@code
 * <metric>_threshold}).
 *
 * <p>Against a rolling baseline instead of a fixed number: {@code processing_ms > 3x baseline over
 * 1h as latency_anomaly} compares each sample with {@code factor} times the mean of the check's
 * samples over the window (at least {@value #MIN_BASELINE_SAMPLES} of them; samples taken while the
 * condition holds do not move the baseline).
 *
 * @param factor null for a fixed threshold; the multiple of the baseline otherwise
 * @param baselineOver how far back the baseline reaches (default 1h)
 */
public record ThresholdRule(
    String metric, String op, double value, Duration holdFor, String condition, Double factor, Duration baselineOver) {

  public static final int MIN_BASELINE_SAMPLES = 5;

  private static final Pattern FORM =
      Pattern.compile(
          "([a-z_][a-z0-9_]*)\\s*(>=|<=|>|<|==|!=)\\s*(-?\\d+(?:\\.\\d+)?)(x\\s+baseline(?:\\s+over\\s+(\\S+))?)?"
              + "(?:\\s+for\\s+(\\S+))?(?:\\s+as\\s+([a-z_][a-z0-9_]*))?");

  public ThresholdRule(String metric, String op, double value, Duration holdFor, String condition) {
    this(metric, op, value, holdFor, condition, null, null);
  }

  private static final java.util.Set<String> OPS = java.util.Set.of(">", ">=", "<", "<=", "==", "!=");

  public ThresholdRule {
    if (metric == null || !metric.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("metric must be a name like latency_ms, got " + metric
          + " (a threshold is usually one line: 'latency_ms > 2000 for 5m')");
    }
    if (op == null || !OPS.contains(op)) {
      throw new IllegalArgumentException("op must be one of > >= < <= == !=, got " + op);
    }
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value must be a finite number, got " + value);
    }
    if (condition != null && !condition.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("condition must be a name like high_latency, got '" + condition + "'");
    }
    holdFor = holdFor == null ? Duration.ZERO : holdFor;
    condition = condition == null ? metric + "_threshold" : condition;
    if (factor != null && (factor <= 0 || !Double.isFinite(factor))) {
      throw new IllegalArgumentException("factor must be > 0, got " + factor);
    }
    baselineOver = factor == null ? null : baselineOver == null ? Duration.ofHours(1) : baselineOver;
  }

  @JsonCreator
  public static ThresholdRule parse(String text) {
    Matcher m = FORM.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "expected '<metric> <op> <number>[x baseline [over <duration>]] [for <duration>] [as <condition>]',"
              + " e.g. 'latency_ms > 2000 for 5m' or 'processing_ms > 3x baseline as latency_anomaly', got '"
              + text + "'");
    }
    Duration hold = m.group(6) == null ? Duration.ZERO : Durations.parse(m.group(6));
    String condition = m.group(7) == null ? m.group(1) + "_threshold" : m.group(7);
    double number = Double.parseDouble(m.group(3));
    if (m.group(4) != null) {
      Duration over = m.group(5) == null ? null : Durations.parse(m.group(5));
      return new ThresholdRule(m.group(1), m.group(2), number, hold, condition, number, over);
    }
    return new ThresholdRule(m.group(1), m.group(2), number, hold, condition);
  }

  public boolean relative() {
    return factor != null;
  }

  /** For a baseline rule: is the sample past {@code factor} times the baseline? */
  public boolean breached(double actual, double baseline) {
    return compare(actual, factor * baseline);
  }

  public boolean breached(double actual) {
    return compare(actual, value);
  }

  private boolean compare(double actual, double value) {
    return switch (op) {
      case ">" -> actual > value;
      case ">=" -> actual >= value;
      case "<" -> actual < value;
      case "<=" -> actual <= value;
      case "==" -> actual == value;
      case "!=" -> actual != value;
      default -> throw new IllegalStateException(op);
    };
  }

  @JsonValue
  @Override
  public String toString() {
    String v = value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    if (factor != null) {
      v = v + "x baseline over " + Durations.format(baselineOver);
    }
    return metric + " " + op + " " + v
        + (holdFor.isZero() ? "" : " for " + Durations.format(holdFor))
        + " as " + condition;
  }
}
