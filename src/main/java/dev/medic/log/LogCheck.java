package dev.medic.log;

import dev.medic.spi.CheckSpec;
import dev.medic.spi.LinePattern;
import dev.medic.spi.Probe;
import dev.medic.spi.ProbeContext;
import dev.medic.spi.ThresholdRule;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Follows a log file like {@code tail -F} and matches each new line against patterns. The first
 * run starts at the end of the file (what is there already is not news); later runs read what was
 * appended, through rename rotation and copy-truncate; after a restart of medic the check continues
 * from the offset its last observation recorded.
 *
 * <p>Conditions: {@code log_critical} (DOWN at once: a line matched a {@code critical} pattern; the
 * lines are the message), {@code log_unreadable} (DOWN: the file exists but cannot be read). A
 * missing file is UP with the note "waiting for FILE" and {@code log_present} 0. Rules it brings:
 * with {@code max_critical_per_minute}: {@code critical_per_minute > N as log_error_rate}; with
 * {@code max_warnings_per_minute}: {@code warning_per_minute > N as log_error_rate}.
 *
 * @param path the log file, an absolute path (required); one file per check, no globs
 * @param critical patterns of lines that are an incident by themselves: a regular expression,
 *     bare ({@code ERROR|Exception}) or between slashes with flags ({@code /FATAL:.*database/i})
 * @param warning patterns of lines that are counted, and raise only through a rate
 * @param maxCriticalPerMinute more critical lines than this within the last minute raise {@code
 *     log_error_rate}
 * @param maxWarningsPerMinute more warning lines than this within the last minute raise {@code
 *     log_error_rate}
 */
public record LogCheck(
    String name,
    Duration interval,
    Duration timeout,
    String path,
    List<LinePattern> critical,
    List<LinePattern> warning,
    Integer maxCriticalPerMinute,
    Integer maxWarningsPerMinute)
    implements CheckSpec {

  /** What is kept of a line for matching and evidence; the rest is skipped up to its newline. */
  static final int MAX_LINE_BYTES = 8 * 1024;

  public static final String LOG_CRITICAL = "log_critical";
  public static final String LOG_UNREADABLE = "log_unreadable";
  public static final String LOG_ERROR_RATE = "log_error_rate";

  public LogCheck {
    name = name == null ? "log" : name;
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("path is required: the log file to follow, like /var/log/app.log");
    }
    try {
      if (!Path.of(path).isAbsolute()) {
        throw new IllegalArgumentException("path must be absolute, got '" + path + "'");
      }
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("path '" + path + "' is not a valid path: " + e.getReason());
    }
    if (path.contains("*") || path.contains("?") || path.contains("[")) {
      throw new IllegalArgumentException("path must name one file, got '" + path
          + "': globs are not supported (one log check per file)");
    }
    critical = critical == null ? List.of() : List.copyOf(critical);
    warning = warning == null ? List.of() : List.copyOf(warning);
    if (critical.isEmpty() && warning.isEmpty()) {
      throw new IllegalArgumentException("a log check needs at least one pattern in critical or warning");
    }
    if (maxCriticalPerMinute != null && maxCriticalPerMinute < 0) {
      throw new IllegalArgumentException("max_critical_per_minute must be >= 0, got " + maxCriticalPerMinute);
    }
    if (maxWarningsPerMinute != null && maxWarningsPerMinute < 0) {
      throw new IllegalArgumentException("max_warnings_per_minute must be >= 0, got " + maxWarningsPerMinute);
    }
    if (maxCriticalPerMinute != null && critical.isEmpty()) {
      throw new IllegalArgumentException("max_critical_per_minute needs critical patterns to count");
    }
    if (maxWarningsPerMinute != null && warning.isEmpty()) {
      throw new IllegalArgumentException("max_warnings_per_minute needs warning patterns to count");
    }
  }

  public Probe create(ProbeContext context) {
    return new LogProbe(this, context.clock());
  }

  @Override
  public boolean raisesOnFirstFailure() {
    return true; // a critical line is certain the moment it is read; the next run will not see it again
  }

  @Override
  public Set<String> conditions() {
    return Set.of(LOG_CRITICAL, LOG_UNREADABLE);
  }

  @Override
  public List<ThresholdRule> rules() {
    List<ThresholdRule> rules = new ArrayList<>(2);
    if (maxCriticalPerMinute != null) {
      rules.add(new ThresholdRule("critical_per_minute", ">", maxCriticalPerMinute, null, LOG_ERROR_RATE));
    }
    if (maxWarningsPerMinute != null) {
      rules.add(new ThresholdRule("warning_per_minute", ">", maxWarningsPerMinute, null, LOG_ERROR_RATE));
    }
    return rules;
  }
}
