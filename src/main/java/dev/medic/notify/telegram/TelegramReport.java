package dev.medic.notify.telegram;

import dev.medic.report.ReportLines;
import dev.medic.report.ReportText;
import dev.medic.spi.Report;

/**
 * A report as a Telegram chat shows it: the verdict's light and a bold title, the time, window, targets
 * and verdict, the reasons, one line per target, the incident and healing figures, the next report,
 * and an italic footer. MarkdownV2, with every text escaped; only medic's markers are bare.
 */
final class TelegramReport {

  /** Telegram refuses a message over 4096 characters. */
  static final int MESSAGE_MAX = 4096;

  private static final String CUT = MarkdownV2.escape("... (cut: too long for one message)");

  private TelegramReport() {}

  static String markdown(Report report) {
    ReportLines lines = ReportLines.of(report);
    String text = lines.icon() + " " + MarkdownV2.bold(lines.title()) + "\n\n"
        + ReportText.lay(lines, line -> line.icon() + " " + MarkdownV2.escape(line.text()),
            "_" + MarkdownV2.escape(lines.footer()) + "_");
    if (text.length() <= MESSAGE_MAX) {
      return text;
    }
    // Cut between lines, where no escape or entity is open (the title's bold closes on its line).
    int end = text.lastIndexOf('\n', MESSAGE_MAX - CUT.length() - 1);
    return text.substring(0, end + 1) + CUT;
  }
}
