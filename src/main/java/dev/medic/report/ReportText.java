package dev.medic.report;

import dev.medic.spi.Report;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A report as plain text (the command line, ntfy) or as Markdown (Discord), from its {@link ReportLines}. */
public final class ReportText {

  /** The characters CommonMark reads as markup; a backslash makes each literal. */
  private static final String MARKDOWN_RESERVED = "\\`*_{}[]()<>#+-.!|~";

  private ReportText() {}

  /** The title, then each block of lines with a blank line between blocks, then the footer; no icons. */
  public static String plain(Report report) {
    ReportLines lines = ReportLines.of(report);
    return lines.title() + "\n\n" + plainBody(lines);
  }

  /** The blocks and the footer of {@link #plain}, without the title (for channels that show it apart). */
  public static String plainBody(ReportLines lines) {
    return lay(lines, ReportLines.Line::text, lines.footer());
  }

  /** A bold title and lines with icons, every text escaped for CommonMark; the footer in italics. */
  public static String markdown(Report report) {
    ReportLines lines = ReportLines.of(report);
    return lines.icon() + " **" + escapeMarkdown(lines.title()) + "**\n\n" + markdownBody(lines);
  }

  /** The blocks and the footer of {@link #markdown}, without the title. */
  public static String markdownBody(ReportLines lines) {
    return lay(lines, line -> line.icon() + " " + escapeMarkdown(line.text()), "_" + escapeMarkdown(lines.footer()) + "_");
  }

  /** Each block's lines as {@code line} writes them, a blank line between blocks, then the footer. */
  public static String lay(ReportLines lines, Function<ReportLines.Line, String> line, String footer) {
    List<String> blocks = new ArrayList<>();
    for (List<ReportLines.Line> b : lines.blocks()) {
      blocks.add(String.join("\n", b.stream().map(line).toList()));
    }
    blocks.add(footer);
    return String.join("\n\n", blocks);
  }

  static String escapeMarkdown(String text) {
    StringBuilder sb = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (MARKDOWN_RESERVED.indexOf(c) >= 0) {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }
}
