package dev.medic.docker;

import dev.medic.spi.Observation;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The log lines of a check's containers since the last run, matched against its patterns. Each
 * container's reading moves on only to just after the newest line the engine returned: the
 * engine's timestamps, never medic's clock, so an engine whose clock runs behind loses nothing,
 * and a read that failed is asked again from the same point. What a restart of medic resumes from
 * is the earliest of those points: after a restart a selection of several containers may see a
 * few lines twice, never miss one.
 *
 * <p>Not thread-safe: one per probe, whose runs never overlap.
 */
final class ContainerLogs {

  static final int EVIDENCE_LINES = 5;
  static final int EVIDENCE_CHARS = 300;

  /** What one read found: counts, the first critical lines (cut), and why a read failed, if one did. */
  record Scan(int critical, int warning, List<String> evidence, String note) {}

  private final LogRules rules;
  /** Per container id: read up to here. */
  private final Map<String, Instant> cursors = new HashMap<>();
  /** Where a container without a cursor of its own starts; null before the first run. */
  private Instant since;

  ContainerLogs(LogRules rules) {
    this.rules = rules;
  }

  /** Continues where the last run before a restart of medic stopped. */
  void resume(Observation last) {
    Double seconds = last.metrics().get("log_since_seconds");
    if (seconds != null && seconds > 0) {
      since = Instant.EPOCH.plus(Math.round(seconds * 1e6), ChronoUnit.MICROS);
    }
  }

  /** The first run of a check with nothing to resume reads only what is written from now on. */
  void startAt(Instant now) {
    if (since == null) {
      since = now;
    }
  }

  /** Where a restart of medic would resume, as the {@code log_since_seconds} metric. */
  double sinceSeconds() {
    return ChronoUnit.MICROS.between(Instant.EPOCH, since) / 1e6;
  }

  Scan read(DockerClient client, List<ContainerState> found) throws InterruptedException {
    int critical = 0;
    int warning = 0;
    List<String> evidence = new ArrayList<>();
    String note = "";
    Instant earliest = null;
    for (ContainerState s : found) {
      Instant from = cursors.getOrDefault(s.id(), since);
      Instant next = from;
      List<LogLine> lines;
      try {
        lines = client.logs(s.id(), from, s.tty());
      } catch (DockerException e) {
        note = "logs not read: " + e.getMessage();
        earliest = earlier(earliest, from);
        continue;
      }
      for (LogLine line : lines) {
        if (line.at().isBefore(from) && !line.at().equals(Instant.EPOCH)) {
          continue; // an engine that ignores since: already read
        }
        Instant after = line.at().plus(1, ChronoUnit.MICROS);
        if (after.isAfter(next)) {
          next = after;
        }
        if (rules.critical().stream().anyMatch(p -> p.matches(line.text()))) {
          critical++;
          if (evidence.size() < EVIDENCE_LINES) {
            String text = line.text().length() > EVIDENCE_CHARS ? line.text().substring(0, EVIDENCE_CHARS) + "..." : line.text();
            evidence.add((found.size() > 1 ? s.name() + ": " : "") + text);
          }
        } else if (rules.warning().stream().anyMatch(p -> p.matches(line.text()))) {
          warning++;
        }
      }
      // Microsecond precision, so that the metric (a double of seconds) carries the exact point.
      next = next.truncatedTo(ChronoUnit.MICROS).plus(next.getNano() % 1000 == 0 ? 0 : 1, ChronoUnit.MICROS);
      cursors.put(s.id(), next);
      earliest = earlier(earliest, next);
    }
    // Containers no longer selected (removed, scaled down) leave no cursor behind.
    cursors.keySet().retainAll(found.stream().map(ContainerState::id).toList());
    if (earliest != null) {
      since = earliest;
    }
    return new Scan(critical, warning, evidence, note);
  }

  private static Instant earlier(Instant a, Instant b) {
    return a == null || b.isBefore(a) ? b : a;
  }
}
