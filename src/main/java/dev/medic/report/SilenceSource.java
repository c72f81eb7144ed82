package dev.medic.report;

import java.time.Instant;
import java.util.List;

/** The silences in force at an instant, in words, for a report to list. */
@FunctionalInterface
public interface SilenceSource {

  List<String> active(Instant now);

  /** No silences: until silences exist, a report lists none. */
  static SilenceSource none() {
    return now -> List.of();
  }
}
