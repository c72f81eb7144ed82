package dev.medic.dashboard;

import dev.medic.api.Caller;
import dev.medic.api.TargetView;
import dev.medic.spi.Incident;
import dev.medic.store.AuditEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One target: its checks and their last results, latency and status charts for 1 h / 24 h / 7 d /
 * 30 d with its incidents and healing actions marked on the same time axis, those incidents and
 * actions as tables, and its healing strategies with how they fared so far.
 */
final class TargetPage {

  /** Incidents of all targets read back to find this target's. */
  static final int INCIDENT_SCAN = 1000;

  private TargetPage() {}

  /** How one strategy fared on the target, from the audit's attempt verdicts. */
  record StrategyRecord(String name, int attempts, int healed, int notHealed, int noEffect) {}

  /** An incident opening or closing, or a healing action, for a chart's markers. */
  record Event(Instant at, String kind, String label, Long incidentId) {}

  static String render(Caller caller, DashboardData data, TargetState t) {
    List<Incident> incidents = incidents(data, t.name(), INCIDENT_SCAN);
    List<AuditEntry> attempts = attempts(data, t.name());
    StringBuilder s = new StringBuilder(8192);
    s.append("<h1>").append(Html.esc(t.name())).append(' ')
        .append(StatusBadge.badge(t.status().name().toLowerCase(Locale.ROOT)));
    if (t.critical()) {
      s.append(" <span class=\"tag\">critical</span>");
    }
    s.append("</h1>");
    if (!t.dependsOn().isEmpty()) {
      s.append("<p>Depends on: ");
      for (int i = 0; i < t.dependsOn().size(); i++) {
        String d = t.dependsOn().get(i);
        s.append(i == 0 ? "" : ", ").append("<a href=\"/targets/").append(Html.path(d)).append("\">")
            .append(Html.esc(d)).append("</a>");
      }
      s.append("</p>");
    }
    checks(s, t.checks());
    charts(s, t.name());
    incidentTable(s, incidents);
    actions(s, attempts);
    strategies(s, data.strategies(t.name()), attempts);
    return Layout.page(caller, "target", t.name(), s.toString(), true);
  }

  private static void checks(StringBuilder s, List<TargetView.CheckView> checks) {
    s.append("<section class=\"panel wide\" aria-labelledby=\"checks-title\"><h2 id=\"checks-title\">Checks</h2>");
    if (checks.isEmpty()) {
      s.append("<p class=\"empty\">No check has run yet.</p></section>");
      return;
    }
    s.append("<div class=\"scroll\"><table id=\"checks\"><thead><tr><th scope=\"col\">Check</th><th scope=\"col\">Status</th>")
        .append("<th scope=\"col\">Last run</th><th scope=\"col\">Latency</th><th scope=\"col\">Condition</th>")
        .append("<th scope=\"col\">Message</th></tr></thead><tbody>");
    for (TargetView.CheckView c : checks) {
      s.append("<tr class=\"status-").append(Html.esc(c.status())).append("\"><th scope=\"row\">").append(Html.esc(c.name()))
          .append("</th><td>").append(StatusBadge.badge(c.status())).append("</td><td>").append(Html.time(c.at()))
          .append("</td><td class=\"num\">").append(Html.millis(c.latencyMs())).append("</td><td>")
          .append(Html.esc(c.condition() == null ? "-" : c.condition())).append("</td><td class=\"message\">")
          .append(Html.esc(c.message())).append("</td></tr>");
    }
    s.append("</tbody></table></div></section>");
  }

  /** Containers medic.js draws into with uPlot; the note says what was drawn, for screen readers too. */
  private static void charts(StringBuilder s, String target) {
    s.append("<section id=\"charts\" class=\"panel wide\" data-target=\"").append(Html.esc(target))
        .append("\" data-range=\"24h\" aria-labelledby=\"charts-title\"><h2 id=\"charts-title\">History</h2>")
        .append("<div class=\"ranges\" role=\"group\" aria-label=\"Time range\">");
    for (String[] r : new String[][] {{"1h", "1 h"}, {"24h", "24 h"}, {"7d", "7 d"}, {"30d", "30 d"}}) {
      s.append("<button type=\"button\" data-range=\"").append(r[0]).append("\" aria-pressed=\"")
          .append(r[0].equals("24h")).append("\">").append(r[1]).append("</button>");
    }
    s.append("</div><div class=\"chart chart-latency\" role=\"img\" aria-label=\"Latency p50, p95 and p99 of ")
        .append(Html.esc(target)).append(" over the chosen range\"></div>")
        .append("<div class=\"chart chart-status\" role=\"img\" aria-label=\"Share of healthy runs of ")
        .append(Html.esc(target)).append(" over the chosen range\"></div>")
        .append("<p class=\"chart-note legend-note\" aria-live=\"polite\">Charts need JavaScript; the tables below")
        .append(" list the incidents and actions.</p></section>");
  }

  private static void incidentTable(StringBuilder s, List<Incident> incidents) {
    s.append("<section class=\"panel wide\" aria-labelledby=\"target-incidents-title\">")
        .append("<h2 id=\"target-incidents-title\">Incidents</h2>");
    if (incidents.isEmpty()) {
      s.append("<p class=\"empty\">No incident.</p></section>");
      return;
    }
    s.append("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Incident</th><th scope=\"col\">Condition</th>")
        .append("<th scope=\"col\">State</th><th scope=\"col\">Opened</th><th scope=\"col\">Resolved</th>")
        .append("<th scope=\"col\">Attempts</th></tr></thead><tbody>");
    for (Incident i : incidents) {
      s.append("<tr><td><a href=\"/incidents/").append(i.id()).append("\">#").append(i.id()).append("</a></td><td>")
          .append(Html.esc(i.condition())).append("<div class=\"message\">").append(Html.esc(i.message()))
          .append("</div></td><td>").append(Html.esc(i.state().name().toLowerCase(Locale.ROOT))).append("</td><td>")
          .append(Html.time(i.openedAt())).append("</td><td>").append(Html.time(i.resolvedAt())).append("</td><td>")
          .append(i.healingAttempts()).append("</td></tr>");
    }
    s.append("</tbody></table></div></section>");
  }

  private static void actions(StringBuilder s, List<AuditEntry> attempts) {
    s.append("<section class=\"panel wide\" aria-labelledby=\"target-actions-title\">")
        .append("<h2 id=\"target-actions-title\">Healing actions</h2>");
    List<Overview.HealLine> lines = HealLog.lines(attempts, 100);
    if (lines.isEmpty()) {
      s.append("<p class=\"empty\">Healing has not acted on this target.</p></section>");
      return;
    }
    s.append(OverviewPage.healList(lines)).append("</section>");
  }

  private static void strategies(StringBuilder s, List<String> names, List<AuditEntry> attempts) {
    s.append("<section class=\"panel wide\" aria-labelledby=\"strategies-title\"><h2 id=\"strategies-title\">")
        .append("Healing strategies</h2>");
    List<StrategyRecord> records = strategyRecords(names, attempts);
    if (records.isEmpty()) {
      s.append("<p class=\"empty\">No strategy may act on this target.</p></section>");
      return;
    }
    s.append("<table id=\"strategies\"><thead><tr><th scope=\"col\">Strategy</th><th scope=\"col\">Attempts</th>")
        .append("<th scope=\"col\">Healed</th><th scope=\"col\">Did not heal</th><th scope=\"col\">No effect</th>")
        .append("<th scope=\"col\">Success</th></tr></thead><tbody>");
    for (StrategyRecord r : records) {
      s.append("<tr><th scope=\"row\">").append(Html.esc(r.name())).append("</th><td>").append(r.attempts())
          .append("</td><td>").append(r.healed()).append("</td><td>").append(r.notHealed()).append("</td><td>")
          .append(r.noEffect()).append("</td><td>")
          .append(r.attempts() == 0 ? "-" : Html.percent((double) r.healed() / r.attempts())).append("</td></tr>");
    }
    s.append("</tbody></table></section>");
  }

  /** Each strategy that may act, then any other that acted on the target before (a config since changed). */
  static List<StrategyRecord> strategyRecords(List<String> names, List<AuditEntry> attempts) {
    Map<String, int[]> counts = new LinkedHashMap<>();
    names.forEach(n -> counts.put(n, new int[3]));
    for (AuditEntry a : attempts) {
      if (!"attempt".equals(a.kind()) || a.strategy() == null) {
        continue;
      }
      int[] c = counts.computeIfAbsent(a.strategy(), k -> new int[3]);
      switch (a.result() == null ? "" : a.result()) {
        case "ok" -> c[0]++;
        case "no_effect" -> c[2]++;
        default -> c[1]++;
      }
    }
    List<StrategyRecord> records = new ArrayList<>();
    counts.forEach((name, c) -> records.add(new StrategyRecord(name, c[0] + c[1] + c[2], c[0], c[1], c[2])));
    return records;
  }

  static List<Incident> incidents(DashboardData data, String target, int scan) {
    return data.incidents(scan).stream().filter(i -> i.target().equals(target)).toList();
  }

  /** The audit's healing entries about the target, newest first. */
  static List<AuditEntry> attempts(DashboardData data, String target) {
    return data.audit(null, HealLog.SCAN).stream().filter(a -> target.equals(a.target()))
        .filter(a -> HealLog.line(a) != null).toList();
  }

  /** The target's incidents opening and closing and its healing actions since {@code from}, oldest first. */
  static List<Event> events(DashboardData data, String target, Instant from) {
    List<Event> events = new ArrayList<>();
    for (Incident i : incidents(data, target, INCIDENT_SCAN)) {
      if (!i.openedAt().isBefore(from)) {
        events.add(new Event(i.openedAt(), "incident_opened", "#" + i.id() + " " + i.condition() + " opened", i.id()));
      }
      if (i.resolvedAt() != null && !i.resolvedAt().isBefore(from)) {
        events.add(new Event(i.resolvedAt(), "incident_resolved", "#" + i.id() + " " + i.condition() + " resolved",
            i.id()));
      }
    }
    for (AuditEntry a : attempts(data, target)) {
      Overview.HealLine line = HealLog.line(a);
      if (!a.at().isBefore(from)) {
        events.add(new Event(a.at(), "heal", line.text(), a.incidentId()));
      }
    }
    events.sort(java.util.Comparator.comparing(Event::at));
    return events;
  }
}
