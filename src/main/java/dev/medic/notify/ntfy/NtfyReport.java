package dev.medic.notify.ntfy;

import dev.medic.report.ReportLines;
import dev.medic.report.ReportText;
import dev.medic.spi.Report;

/** A report as a push notification: the title, the report as plain text, and how loudly to announce it. */
final class NtfyReport {

  private NtfyReport() {}

  static String title(Report report) {
    return ReportLines.of(report).title();
  }

  static String message(Report report) {
    return ReportText.plainBody(ReportLines.of(report));
  }

  /** A good report arrives quietly (low), a suspicious one as usual (default), one with errors loudly (high). */
  static String priority(Report report) {
    return switch (report.verdict()) {
      case ALL_GOOD -> "low";
      case SUSPICIOUS_INVESTIGATE -> "default";
      case ERRORS_INVESTIGATE -> "high";
    };
  }

  static String tags(Report report) {
    return switch (report.verdict()) {
      case ALL_GOOD -> "white_check_mark";
      case SUSPICIOUS_INVESTIGATE -> "warning";
      case ERRORS_INVESTIGATE -> "rotating_light";
    };
  }
}
