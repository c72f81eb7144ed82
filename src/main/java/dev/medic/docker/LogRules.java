package dev.medic.docker;

import dev.medic.spi.LinePattern;
import java.util.List;

/**
 * Patterns for the container's log lines (stdout and stderr), each a regular expression or {@code
 * /regex/i}. Only lines written since the previous run are read.
 *
 * @param critical a matching line makes the run DOWN with {@code log_critical}, the lines as evidence
 * @param warning matching lines are counted in {@code log_warning_lines}
 */
public record LogRules(List<LinePattern> critical, List<LinePattern> warning) {

  public LogRules {
    critical = critical == null ? List.of() : List.copyOf(critical);
    warning = warning == null ? List.of() : List.copyOf(warning);
    if (critical.isEmpty() && warning.isEmpty()) {
      throw new IllegalArgumentException("logs needs critical or warning patterns (or leave logs out)");
    }
  }
}
