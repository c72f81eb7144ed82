package dev.medic.report;

import dev.medic.spi.Report;
import dev.medic.spi.Status;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a report says, line by line, before any channel's markup: a title, then blocks of lines each
 * with an icon for the chats that show one. Every renderer lays these out and escapes the text its
 * own way, so all channels say the same.
 *
 * @param blocks groups of lines, shown with a blank line between them
 */
public record ReportLines(String icon, String title, List<List<Line>> blocks, String footer) {

  /** One line: an icon (emoji) for chats, and the text. */
  public record Line(String icon, String text) {}

  private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  public static ReportLines of(Report r) {
    String icon = switch (r.verdict()) {
      case ALL_GOOD -> "🟢";
      case SUSPICIOUS_INVESTIGATE -> "🟡";
      case ERRORS_INVESTIGATE -> "🔴";
    };
    String title = r.name().toUpperCase(Locale.ROOT) + " REPORT - " + r.verdict().words();
    List<List<Line>> blocks = new ArrayList<>();
    blocks.add(List.of(
        new Line("📅", "Report time: " + DAY_TIME.format(r.at())),
        new Line("⏱️", "Period analyzed: " + r.hours() + (r.hours() == 1 ? " hour" : " hours")),
        new Line("🎯", "Targets: " + scope(r.labels())),
        new Line("📋", "Verdict: " + r.verdict().key())));
    if (!r.reasons().isEmpty()) {
      String mark = r.verdict() == Report.Verdict.ERRORS_INVESTIGATE ? "❗" : "⚠️";
      blocks.add(r.reasons().stream().map(reason -> new Line(mark, reason)).toList());
    }
    blocks.add(r.targets().isEmpty() ? List.of(new Line("➖", "no targets"))
        : r.targets().stream().map(ReportLines::target).toList());
    blocks.add(summary(r));
    if (r.next() != null) {
      String when = r.next().atZone(ZoneOffset.UTC).toLocalDate().equals(r.at().atZone(ZoneOffset.UTC).toLocalDate())
          ? TIME.format(r.next()) : DAY_TIME.format(r.next());
      blocks.add(List.of(new Line("🔄", "Next report: " + when)));
    }
    return new ReportLines(icon, title, blocks, "Automated report by medic");
  }

  private static Line target(Report.TargetLine t) {
    boolean fine = t.status() == Status.UP && t.openIncident() == null;
    String icon = t.status() == Status.DOWN ? "❌" : fine ? "✅" : "⚠️";
    StringBuilder text = new StringBuilder(t.name()).append(": ").append(t.status().name().toLowerCase(Locale.ROOT));
    text.append(", ").append(t.uptimePercent() == null ? "no observations" : VerdictRules.percent(t.uptimePercent()) + " uptime");
    if (t.openIncident() != null) {
      text.append(", incident #").append(t.openIncident()).append(" open (").append(t.openCondition())
          .append(t.escalated() ? ", escalated)" : ")");
    }
    return new Line(icon, text.toString());
  }

  private static List<Line> summary(Report r) {
    Report.Counts c = r.incidents();
    List<Line> lines = new ArrayList<>();
    lines.add(new Line("📈", "Incidents: " + c.opened() + " opened, " + c.healed() + " healed, " + c.resolved()
        + " resolved, " + c.escalated() + " escalated"));
    lines.add(new Line("🩺", "Healing: " + (c.healAttempts() == 0 ? "no attempts"
        : (c.healAttempts() - c.healFailures()) + "/" + c.healAttempts() + " attempts healed ("
            + VerdictRules.percent(100.0 * r.healSuccessRate()) + ")")));
    lines.add(new Line("⏲️", "MTTR: " + (r.mttrSeconds() == null ? "none resolved" : duration(r.mttrSeconds()))));
    if (!r.logPatterns().isEmpty()) {
      lines.add(new Line("🔎", "Log patterns: " + r.logPatterns().entrySet().stream()
          .map(e -> e.getKey() + " x" + e.getValue()).collect(Collectors.joining(", "))));
    }
    if (!r.silences().isEmpty()) {
      lines.add(new Line("🔕", "Silences: " + String.join("; ", r.silences())));
    }
    return lines;
  }

  /** {@code env=staging, team=db}, or {@code all} without a filter. */
  static String scope(Map<String, String> labels) {
    return labels.isEmpty() ? "all" : new java.util.TreeMap<>(labels).entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
  }

  /** {@code 1h 5m}, {@code 3m 20s}, {@code 45s}. */
  static String duration(long seconds) {
    Duration d = Duration.ofSeconds(seconds);
    if (d.toHours() > 0) {
      return d.toHours() + "h " + d.toMinutesPart() + "m";
    }
    if (d.toMinutes() > 0) {
      return d.toMinutes() + "m " + d.toSecondsPart() + "s";
    }
    return seconds + "s";
  }
}
