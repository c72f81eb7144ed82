package dev.medic.report;

import dev.medic.config.MedicConfig;
import dev.medic.config.TargetConfig;
import dev.medic.spi.Incident;
import dev.medic.spi.Observation;
import dev.medic.spi.Report;
import dev.medic.spi.Status;
import dev.medic.store.AuditEntry;
import dev.medic.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Makes a {@link Report} from what the store remembers: observations for status and uptime, incidents
 * for what opened, healed and resolved, the audit for escalations and healing attempts. The window is
 * the {@code hours} before the clock's now.
 */
public final class ReportBuilder {

  /**
   * Observations read per target: a week of one check every 10 s is 60,480, so this covers the longest
   * window (720 h) of a target with a few checks; a busier target's uptime is then that of its newest rows.
   */
  static final int MAX_OBSERVATIONS = 200_000;

  /** Incidents and audit rows read per report, newest first. */
  static final int MAX_ROWS = 100_000;

  private final Store store;
  private final Clock clock;
  private final SilenceSource silences;

  public ReportBuilder(Store store, Clock clock, SilenceSource silences) {
    this.store = store;
    this.clock = clock;
    this.silences = silences;
  }

  /**
   * @param labels only targets carrying all of these; empty for all
   * @param next when the report is made again, or null
   */
  public Report build(MedicConfig config, String name, int hours, Map<String, String> labels, Instant next) {
    Instant now = clock.instant();
    Instant from = now.minus(Duration.ofHours(hours));
    List<TargetConfig> targets = config.targets().stream()
        .filter(t -> t.labels().entrySet().containsAll(labels.entrySet())).toList();
    Set<String> names = new HashSet<>();
    targets.forEach(t -> names.add(t.name()));

    Map<String, Incident> openByTarget = new LinkedHashMap<>();
    for (Incident i : store.incidents().list(true, MAX_ROWS)) {
      // The most severe, then the oldest, open incident stands for its target.
      if (names.contains(i.target())) {
        openByTarget.merge(i.target(), i, (a, b) -> worse(a, b));
      }
    }
    List<Report.TargetLine> lines = new ArrayList<>();
    for (TargetConfig t : targets) {
      lines.add(line(t.name(), from, openByTarget.get(t.name())));
    }

    int opened = 0;
    int resolved = 0;
    int healed = 0;
    long repairSeconds = 0;
    Map<String, Integer> logPatterns = new TreeMap<>();
    for (Incident i : store.incidents().list(null, MAX_ROWS)) {
      if (!names.contains(i.target())) {
        continue;
      }
      if (!i.openedAt().isBefore(from)) {
        opened++;
        if (i.condition().startsWith("log_")) {
          logPatterns.merge(i.condition(), 1, Integer::sum);
        }
      }
      if (i.resolvedAt() != null && !i.resolvedAt().isBefore(from) && !i.symptom()) {
        resolved++;
        repairSeconds += i.resolutionSeconds();
        if (i.healingAttempts() > 0) {
          healed++;
        }
      }
    }

    Set<Long> escalated = new HashSet<>();
    int attempts = 0;
    int failures = 0;
    for (AuditEntry e : store.audit().list(null, MAX_ROWS)) {
      if (e.at().isBefore(from)) {
        break; // newest first: the rest are older still
      }
      if (e.target() == null || !names.contains(e.target())) {
        continue;
      }
      switch (e.kind()) {
        case "escalated" -> escalated.add(e.incidentId());
        case "attempt" -> {
          // An attempt without effect neither heals nor fails.
          if (e.result().equals("ok") || e.result().equals("failed")) {
            attempts++;
            failures += e.result().equals("failed") ? 1 : 0;
          }
        }
        default -> { }
      }
    }
    Report.Counts counts = new Report.Counts(opened, resolved, healed, escalated.size(), attempts, failures);
    VerdictRules.Judged judged = VerdictRules.judge(lines, counts, hours);
    return new Report(name, now, hours, labels, judged.verdict(), judged.reasons(), lines, counts,
        attempts == 0 ? null : (double) (attempts - failures) / attempts,
        resolved == 0 ? null : repairSeconds / resolved,
        logPatterns, silences.active(now).stream().map(config.redactor()::redact).toList(), next);
  }

  private Report.TargetLine line(String target, Instant from, Incident open) {
    Map<String, Status> newest = new LinkedHashMap<>();
    int seen = 0;
    int healthy = 0;
    for (Observation o : store.observations().list(target, MAX_OBSERVATIONS)) {
      newest.putIfAbsent(o.check(), o.status());
      if (!o.at().isBefore(from)) {
        seen++;
        healthy += o.healthy() ? 1 : 0;
      }
    }
    Status now = newest.values().stream().reduce(VerdictRules::worst).orElse(Status.UNKNOWN);
    return new Report.TargetLine(target, now, seen == 0 ? null : 100.0 * healthy / seen,
        open == null ? null : open.id(), open == null ? null : open.condition(), open != null && open.escalated());
  }

  private static Incident worse(Incident a, Incident b) {
    int bySeverity = a.severity().compareTo(b.severity());
    if (bySeverity != 0) {
      return bySeverity < 0 ? a : b;
    }
    return a.openedAt().isAfter(b.openedAt()) ? b : a;
  }
}
