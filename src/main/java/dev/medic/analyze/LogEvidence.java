package dev.medic.analyze;

import dev.medic.spi.Observation;
import dev.medic.spi.TimelineEvent;
import dev.medic.store.AuditEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines of the watched system's own output that bear on an incident, gathered from where medic
 * records them: a supervised process's last output (its {@code process_output} timeline events and
 * {@code process_exited} audit entries), the lines a log or container-log check quoted in its
 * failing runs, and the messages of failing checks. Each line is prefixed with when and where it was
 * seen, redacted, and kept once; the newest {@code cap} are kept, oldest first.
 */
final class LogEvidence {

  /**
   * A check message quoting log lines: {@code 3 critical lines in /var/log/app.log: a | b | c} (log
   * check) or {@code running: 2 critical log lines: a | b} (container logs).
   */
  private static final Pattern QUOTED = Pattern.compile("(\\d+) critical (?:log )?lines?(?: in ([^:]+))?: (.*)",
      Pattern.DOTALL);

  private record Line(Instant at, String text) {}

  private final List<Line> lines = new ArrayList<>();
  private final Set<String> seen = new LinkedHashSet<>();
  private final UnaryOperator<String> redact;

  LogEvidence(UnaryOperator<String> redact) {
    this.redact = redact;
  }

  /** A process's output recorded on the incident's timeline. */
  LogEvidence timeline(List<TimelineEvent> events) {
    for (TimelineEvent e : events) {
      if ("process_output".equals(e.event())) {
        output(e.at(), e.detail());
      }
    }
    return this;
  }

  /** The target's process exits recorded in the audit. */
  LogEvidence exits(List<AuditEntry> entries) {
    for (AuditEntry e : entries) {
      if (AuditEntry.PROCESS_EXITED.equals(e.kind())) {
        output(e.at(), e.detail());
      }
    }
    return this;
  }

  /** Failing check runs: the log lines they quote, or their message. */
  LogEvidence observations(List<Observation> observations) {
    for (Observation o : observations) {
      if (o.healthy() || o.message().isBlank()) {
        continue;
      }
      Matcher m = QUOTED.matcher(o.message());
      if (m.find()) {
        String where = m.group(2) == null ? o.check() : m.group(2).strip();
        for (String quote : m.group(3).split(" \\| ")) {
          if (!quote.matches("\\(\\d+ more\\)")) {
            add(o.at(), where + ": " + quote.strip());
          }
        }
      } else {
        add(o.at(), o.check() + " " + o.status().name().toLowerCase(java.util.Locale.ROOT) + ": " + o.message());
      }
    }
    return this;
  }

  /** How the process ended (the first line), then the output it left, line by line. */
  private void output(Instant at, String report) {
    if (report == null || report.isBlank()) {
      return;
    }
    String[] parts = report.split("\n");
    add(at, "process: " + parts[0]);
    for (int i = 1; i < parts.length; i++) {
      add(at, "process output: " + parts[i]);
    }
  }

  private void add(Instant at, String text) {
    String clean = redact.apply(text);
    // The same exit reaches both the timeline and the audit; a stuck check says the same thing each run.
    if (seen.add(clean)) {
      lines.add(new Line(at, clean));
    }
  }

  /** The newest {@code cap} lines, oldest first, each as {@code 2026-11-30T12:00:00Z text}. */
  List<String> lines(int cap) {
    List<Line> sorted = lines.stream().sorted(Comparator.comparing(Line::at)).toList();
    return sorted.subList(Math.max(0, sorted.size() - cap), sorted.size()).stream()
        .map(l -> l.at() + " " + l.text())
        .toList();
  }
}
