package dev.medic.demo;

import dev.medic.spi.Incident;
import dev.medic.store.AuditEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The demo's closing table: per target, what happened since the demo started. */
public final class DemoSummary {

  /**
   * @param meanTimeToResolve from opening to the verified resolution, averaged over the resolved
   *     incidents; empty when none resolved
   */
  public record Row(String target, int incidents, int resolved, int escalated, int actions,
      Optional<Duration> meanTimeToResolve) {}

  private DemoSummary() {}

  /**
   * @param targets the configured targets, in order (each gets a row, even without incidents)
   * @param since the demo's start: earlier incidents and actions (a reused store) are not counted
   */
  public static List<Row> rows(List<String> targets, List<Incident> incidents, List<AuditEntry> audit, Instant since) {
    Map<Long, Instant> verified = lastVerifyPassed(audit);
    Map<String, long[]> perTarget = new LinkedHashMap<>();
    targets.forEach(t -> perTarget.put(t, new long[5]));
    for (Incident i : incidents) {
      if (i.openedAt().isBefore(since)) {
        continue;
      }
      long[] row = perTarget.computeIfAbsent(i.target(), k -> new long[5]);
      row[0]++;
      if (!i.isOpen() && i.resolvedAt() != null) {
        row[1]++;
        row[4] += Duration.between(i.openedAt(), resolvedAt(i, verified)).toMillis();
      }
      if (i.escalated()) {
        row[2]++;
      }
    }
    for (AuditEntry a : audit) {
      if ("action".equals(a.kind()) && a.target() != null && !a.at().isBefore(since) && perTarget.containsKey(a.target())) {
        perTarget.get(a.target())[3]++;
      }
    }
    return perTarget.entrySet().stream().map(e -> {
      long[] r = e.getValue();
      return new Row(e.getKey(), (int) r[0], (int) r[1], (int) r[2], (int) r[3],
          r[1] == 0 ? Optional.<Duration>empty() : Optional.of(Duration.ofMillis(r[4] / r[1])));
    }).toList();
  }

  /**
   * When the incident was resolved for good: the checks may clear it before the verify that follows
   * an action has seen the target healthy long enough, and the demo reports time to a verified fix.
   */
  private static Instant resolvedAt(Incident i, Map<Long, Instant> verified) {
    Instant v = verified.get(i.id());
    return v != null && v.isAfter(i.resolvedAt()) ? v : i.resolvedAt();
  }

  private static Map<Long, Instant> lastVerifyPassed(List<AuditEntry> audit) {
    Map<Long, Instant> last = new HashMap<>();
    for (AuditEntry a : audit) {
      if ("verify".equals(a.kind()) && "ok".equals(a.result()) && a.incidentId() != null) {
        last.merge(a.incidentId(), a.at(), (x, y) -> x.isAfter(y) ? x : y);
      }
    }
    return last;
  }
}
