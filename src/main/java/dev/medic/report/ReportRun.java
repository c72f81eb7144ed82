package dev.medic.report;

import dev.medic.spi.Report;
import java.util.List;

/** A report and how each of its channels took it (empty when it was only made, not sent). */
public record ReportRun(Report report, List<ChannelOutcome> outcomes) {

  public ReportRun {
    outcomes = List.copyOf(outcomes);
  }
}
