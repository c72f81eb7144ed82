package dev.medic.dashboard;

import dev.medic.incident.Acknowledgement;
import dev.medic.spi.Incident;
import dev.medic.store.History;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the overview, or one part of it for a live refresh, from {@link DashboardData}. The
 * windows' uptime and latency are read once per build for all targets (one batched read each), not
 * once per target.
 */
final class OverviewReader {

  static final int HEAL_LOG_LINES = 50;

  private final DashboardData data;

  OverviewReader(DashboardData data) {
    this.data = data;
  }

  Overview overview() {
    List<TargetState> targets = data.targets();
    var approvals = data.pendingApprovals();
    List<Overview.OpenIncident> open = openIncidents();
    return new Overview(data.now(), HealthScore.of(targets, approvals.size()), rows(targets), healLog(), open,
        approvals, escalations(open));
  }

  HealthScore score() {
    return HealthScore.of(data.targets(), data.pendingApprovals().size());
  }

  /**
   * The grid's rows for these targets, worst first (down, degraded, no result yet, up; critical
   * before the rest; otherwise in the config's order): with a thousand targets, what needs a look
   * is at the top. One read per window for all of them.
   */
  List<Overview.Row> rows(List<TargetState> targets) {
    Instant now = data.now();
    History history = data.history();
    Map<String, Double> day = history.uptime(now.minus(Duration.ofDays(1)), now);
    Map<String, Double> week = history.uptime(now.minus(Duration.ofDays(7)), now);
    Map<String, Double> month = history.uptime(now.minus(Duration.ofDays(30)), now);
    Map<String, History.Latency> latency = history.latency(now.minus(Duration.ofDays(1)), now);
    List<Overview.Row> rows = new ArrayList<>(targets.size());
    for (TargetState t : targets) {
      History.Latency l = latency.get(t.name());
      rows.add(new Overview.Row(t.name(), t.critical(), t.status().name().toLowerCase(Locale.ROOT), t.problem(),
          day.getOrDefault(t.name(), t.uptime24h()), week.get(t.name()), month.get(t.name()),
          l == null ? null : l.p50(), l == null ? null : l.p95(), l == null ? null : l.p99(),
          t.openIncidents().isEmpty() ? null : t.openIncidents().getLast()));
    }
    rows.sort(WORST_FIRST);
    return rows;
  }

  /** The grid's rows from {@code offset}, at most {@code limit} of them, in the grid's order. */
  List<Overview.Row> rows(int offset, int limit) {
    List<Overview.Row> all = rows(data.targets());
    return offset >= all.size() ? List.of() : all.subList(offset, Math.min(all.size(), offset + limit));
  }

  private static final java.util.Comparator<Overview.Row> WORST_FIRST =
      java.util.Comparator.comparingInt((Overview.Row r) -> switch (r.status()) {
        case "down" -> 0;
        case "degraded" -> 1;
        case "unknown" -> 2;
        default -> 3;
      }).thenComparing(r -> !r.critical());

  Optional<Overview.Row> row(String name) {
    return data.target(name).map(t -> rows(List.of(t)).getFirst());
  }

  List<Overview.HealLine> healLog() {
    return HealLog.lines(data.audit(null, HealLog.SCAN), HEAL_LOG_LINES);
  }

  List<Overview.OpenIncident> openIncidents() {
    List<Overview.OpenIncident> open = new ArrayList<>();
    for (Incident i : data.openIncidents()) {
      open.add(new Overview.OpenIncident(i.id(), i.target(), i.condition(), i.severity().name().toLowerCase(Locale.ROOT),
          i.state().name().toLowerCase(Locale.ROOT), i.message(), i.openedAt(), i.healingAttempts(), i.escalated(),
          data.acknowledgement(i.id()).map(Acknowledgement::by).orElse(null),
          data.rootOf(i.id()).map(Incident::id).orElse(null)));
    }
    return open;
  }

  /** Escalated incidents nobody has taken on: these wait for a person. */
  static List<Overview.OpenIncident> escalations(List<Overview.OpenIncident> open) {
    return open.stream().filter(i -> i.escalated() && i.acknowledgedBy() == null).toList();
  }
}
