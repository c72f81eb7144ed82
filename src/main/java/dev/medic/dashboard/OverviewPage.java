package dev.medic.dashboard;

import dev.medic.api.Caller;
import dev.medic.store.Approval;
import java.util.List;
import java.util.Locale;

/**
 * The overview: health score with its reasons, approvals and escalations waiting for people, open
 * incidents, the status grid and the healing log. Each part is also a fragment of its own (same
 * id) that the live updates fetch and swap in place.
 */
final class OverviewPage {

  /** Reasons beyond these are counted, not listed: the grid shows every target anyway. */
  static final int REASONS_SHOWN = 10;

  private OverviewPage() {}

  static String render(Caller caller, Overview o) {
    boolean act = Layout.mayAct(caller);
    String body = "<h1 class=\"visually-hidden\">Overview</h1><div class=\"overview\">"
        + score(o.health())
        + approvals(o.approvals(), act, null)
        + escalations(o.escalations())
        + incidents(o.incidents(), act, null)
        + grid(o.targets())
        + healLog(o.healLog())
        + "</div>";
    return Layout.page(caller, "overview", "Overview", body, false);
  }

  static String score(HealthScore h) {
    StringBuilder s = new StringBuilder("<section id=\"health-score\" class=\"panel score level-")
        .append(Html.esc(h.level())).append("\" aria-labelledby=\"score-title\">")
        .append("<h2 id=\"score-title\">System health</h2><p class=\"score-value\">");
    if (h.score() == null) {
      s.append("<span class=\"number\">-</span> <span class=\"level\">no results yet</span>");
    } else {
      s.append("<span class=\"number\">").append(String.format(Locale.ROOT, "%.1f", h.score())).append("</span>")
          .append("<span class=\"unit\">/100</span> <span class=\"level\"><span aria-hidden=\"true\">")
          .append(levelIcon(h.level())).append("</span> ").append(Html.esc(levelWords(h.level()))).append("</span>");
    }
    s.append("</p>");
    List<String> reasons = h.score() == null ? h.reasons().subList(1, h.reasons().size()) : h.reasons();
    if (!reasons.isEmpty()) {
      s.append("<ul class=\"reasons\">");
      for (String r : reasons.subList(0, Math.min(reasons.size(), REASONS_SHOWN))) {
        s.append("<li>").append(Html.esc(r)).append("</li>");
      }
      if (reasons.size() > REASONS_SHOWN) {
        s.append("<li>and ").append(reasons.size() - REASONS_SHOWN).append(" more (see the grid)</li>");
      }
      s.append("</ul>");
    }
    return s.append("</section>").toString();
  }

  private static String levelIcon(String level) {
    return switch (level) {
      case "green" -> "\u2714";
      case "yellow" -> "\u26A0";
      default -> "\u2716";
    };
  }

  private static String levelWords(String level) {
    return switch (level) {
      case "green" -> "green: all systems operational";
      case "yellow" -> "yellow: degraded";
      default -> "red: outage or critical issue";
    };
  }

  /** @param notice the outcome of the last button pressed here, or null */
  static String approvals(List<Approval> approvals, boolean act, String notice) {
    StringBuilder s = new StringBuilder("<section id=\"approvals\" class=\"panel\" aria-labelledby=\"approvals-title\">")
        .append("<h2 id=\"approvals-title\">Waiting for approval</h2>").append(notice(notice));
    if (approvals.isEmpty()) {
      return s.append("<p class=\"empty\">No action is waiting for approval.</p></section>").toString();
    }
    s.append("<ul class=\"cards\">");
    for (Approval a : approvals) {
      s.append("<li class=\"card\" id=\"approval-").append(a.id()).append("\"><p><strong>")
          .append(Html.esc(a.target())).append("</strong>: ").append(Html.esc(a.strategy())).append(" would ")
          .append(Html.esc(a.action())).append("</p><p class=\"meta\">for <a href=\"/incidents/").append(a.incidentId())
          .append("\">incident #").append(a.incidentId()).append("</a>, requested ").append(Html.time(a.requestedAt()))
          .append(", expires ").append(Html.time(a.expiresAt())).append("</p>");
      if (act) {
        s.append("<div class=\"actions\">")
            .append(decision(a.id(), "approve", "Approve")).append(decision(a.id(), "reject", "Reject"))
            .append("</div>");
      }
      s.append("</li>");
    }
    return s.append("</ul></section>").toString();
  }

  private static String decision(long id, String decision, String label) {
    return "<button type=\"button\" class=\"" + decision + "\" data-approval=\"" + id + "\" hx-post=\"/ui/approvals/"
        + id + "\" hx-vals='{\"decision\": \"" + decision + "\"}' hx-target=\"#approvals\" hx-swap=\"outerHTML\">"
        + label + "</button>";
  }

  static String escalations(List<Overview.OpenIncident> escalations) {
    StringBuilder s = new StringBuilder("<section id=\"escalations\" class=\"panel\" aria-labelledby=\"escalations-title\">")
        .append("<h2 id=\"escalations-title\">Escalated, waiting for a person</h2>");
    if (escalations.isEmpty()) {
      return s.append("<p class=\"empty\">Nothing is waiting for a person.</p></section>").toString();
    }
    s.append("<ul>");
    for (Overview.OpenIncident i : escalations) {
      s.append("<li><a href=\"/incidents/").append(i.id()).append("\">#").append(i.id()).append(" ")
          .append(Html.esc(i.target())).append(": ").append(Html.esc(i.condition())).append("</a> since ")
          .append(Html.time(i.openedAt())).append("</li>");
    }
    return s.append("</ul></section>").toString();
  }

  /** @param notice the outcome of the last button pressed here, or null */
  static String incidents(List<Overview.OpenIncident> open, boolean act, String notice) {
    StringBuilder s = new StringBuilder("<section id=\"incidents\" class=\"panel\" aria-labelledby=\"incidents-title\">")
        .append("<h2 id=\"incidents-title\">Open incidents <span class=\"count\">(").append(open.size())
        .append(")</span></h2>").append(notice(notice));
    if (open.isEmpty()) {
      return s.append("<p class=\"empty\">No open incident.</p></section>").toString();
    }
    s.append("<table class=\"incidents\"><thead><tr><th scope=\"col\">Incident</th><th scope=\"col\">Target</th>")
        .append("<th scope=\"col\">Condition</th><th scope=\"col\">State</th><th scope=\"col\">Since</th>")
        .append("<th scope=\"col\">Attempts</th><th scope=\"col\">Taken on by</th>");
    if (act) {
      s.append("<th scope=\"col\">Actions</th>");
    }
    s.append("</tr></thead><tbody>");
    for (Overview.OpenIncident i : open) {
      s.append("<tr id=\"incident-").append(i.id()).append("\" class=\"severity-").append(Html.esc(i.severity()))
          .append("\"><td><a href=\"/incidents/").append(i.id()).append("\">#").append(i.id()).append("</a>");
      if (i.rootCause() != null) {
        s.append(" <span class=\"symptom\">symptom of <a href=\"/incidents/").append(i.rootCause()).append("\">#")
            .append(i.rootCause()).append("</a></span>");
      }
      s.append("</td><td><a href=\"/targets/").append(Html.path(i.target())).append("\">").append(Html.esc(i.target()))
          .append("</a></td><td>").append(Html.esc(i.condition())).append("<div class=\"message\">")
          .append(Html.esc(i.message())).append("</div></td><td>").append(Html.esc(i.state()))
          .append(i.escalated() ? " <span class=\"tag\">escalated</span>" : "").append("</td><td>")
          .append(Html.time(i.openedAt())).append("</td><td>").append(i.attempts()).append("</td><td class=\"ack-by\">")
          .append(i.acknowledgedBy() == null ? "-" : Html.esc(i.acknowledgedBy())).append("</td>");
      if (act) {
        s.append("<td><div class=\"actions\">")
            .append(incidentButtons(i.id(), i.acknowledgedBy() == null, "#incidents")).append("</div></td>");
      }
      s.append("</tr>");
    }
    return s.append("</tbody></table></section>").toString();
  }

  /** Acknowledge (while nobody has) and silence for one open incident; they answer the panel {@code target}. */
  static String incidentButtons(long id, boolean acknowledgeable, String target) {
    StringBuilder s = new StringBuilder();
    if (acknowledgeable) {
      s.append("<button type=\"button\" class=\"ack\" data-incident=\"").append(id).append("\" hx-post=\"/ui/incidents/")
          .append(id).append("/ack\" hx-target=\"").append(target).append("\" hx-swap=\"outerHTML\">Acknowledge</button>");
    }
    s.append("<form class=\"silence inline\" hx-post=\"/ui/incidents/").append(id).append("/silence\" hx-target=\"")
        .append(target).append("\" hx-swap=\"outerHTML\"><label for=\"silence-").append(id)
        .append("\" class=\"visually-hidden\">Silence incident ").append(id).append(" for</label><select id=\"silence-")
        .append(id).append("\" name=\"duration\"><option value=\"1h\">1 h</option><option value=\"4h\">4 h</option>")
        .append("<option value=\"24h\">24 h</option></select><button type=\"submit\" class=\"silence\" data-incident=\"")
        .append(id).append("\">Silence</button></form>");
    return s.toString();
  }

  /**
   * Rows the overview renders at once; the rest follow in pages of this size as the grid scrolls
   * into view. A thousand rows at once take the browser over half a second to parse; the first
   * page shows every target in trouble, since the grid is worst first.
   */
  static final int GRID_PAGE = 100;

  static String grid(List<Overview.Row> rows) {
    StringBuilder s = new StringBuilder(rows.size() * 700 + 1024)
        .append("<section class=\"panel wide\" aria-labelledby=\"grid-title\"><h2 id=\"grid-title\">Targets <span class=\"count\">(")
        .append(rows.size()).append(")</span></h2><div class=\"scroll\"><table id=\"status-grid\">")
        .append("<thead><tr><th scope=\"col\">Target</th><th scope=\"col\">Status</th>")
        .append("<th scope=\"col\">Uptime 24 h</th><th scope=\"col\">7 d</th><th scope=\"col\">30 d</th>")
        .append("<th scope=\"col\">Latency p50 / p95 / p99 (24 h)</th><th scope=\"col\">Trend 24 h</th>")
        .append("<th scope=\"col\">Open incident</th></tr></thead><tbody>");
    s.append(gridPage(rows.subList(0, Math.min(rows.size(), GRID_PAGE)), GRID_PAGE, rows.size()));
    if (rows.isEmpty()) {
      s.append("<tr><td colspan=\"8\" class=\"empty\">No targets are configured.</td></tr>");
    }
    return s.append("</tbody></table></div></section>").toString();
  }

  /**
   * Rows of the grid and, when more follow, a last row that fetches them once it comes into view.
   *
   * @param next the offset of the row after these
   * @param total how many rows the grid has
   */
  static String gridPage(List<Overview.Row> rows, int next, int total) {
    StringBuilder s = new StringBuilder(rows.size() * 700 + 256);
    for (Overview.Row r : rows) {
      row(s, r);
    }
    if (next < total) {
      s.append("<tr id=\"grid-more\" class=\"more\" hx-get=\"/ui/grid?offset=").append(next)
          .append("\" hx-trigger=\"intersect once\" hx-swap=\"outerHTML\"><td colspan=\"8\">")
          .append(total - next).append(" more targets; loading as you scroll&hellip;</td></tr>");
    }
    return s.toString();
  }

  static String row(Overview.Row r) {
    StringBuilder s = new StringBuilder(700);
    row(s, r);
    return s.toString();
  }

  /**
   * One grid row. Its sparkline is a placeholder that fetches itself once scrolled into view, so a
   * page of 1,000 targets costs no 1,000 series reads.
   */
  private static void row(StringBuilder s, Overview.Row r) {
    String name = Html.esc(r.name());
    String path = Html.path(r.name());
    s.append("<tr id=\"row-").append(name).append("\" data-status=\"").append(Html.esc(r.status()))
        .append("\" class=\"status-").append(Html.esc(r.status())).append("\"><th scope=\"row\"><a href=\"/targets/")
        .append(path).append("\">").append(name).append("</a>");
    if (r.critical()) {
      s.append(" <span class=\"tag\">critical</span>");
    }
    s.append("</th><td>").append(StatusBadge.badge(r.status()));
    if (!r.problem().isEmpty()) {
      s.append("<div class=\"message\">").append(Html.esc(r.problem())).append("</div>");
    }
    s.append("</td><td>").append(Html.percent(r.uptime24h())).append("</td><td>").append(Html.percent(r.uptime7d()))
        .append("</td><td>").append(Html.percent(r.uptime30d())).append("</td><td class=\"num\">")
        .append(Html.millis(r.p50())).append(" / ").append(Html.millis(r.p95())).append(" / ").append(Html.millis(r.p99()))
        .append("</td><td><span class=\"spark\" hx-get=\"/ui/sparkline/").append(path)
        .append("\" hx-trigger=\"intersect once\" hx-swap=\"outerHTML\">&hellip;</span></td><td>");
    if (r.openIncident() == null) {
      s.append("-");
    } else {
      s.append("<a href=\"/incidents/").append(r.openIncident()).append("\">#").append(r.openIncident()).append("</a>");
    }
    s.append("</td></tr>");
  }

  static String healLog(List<Overview.HealLine> lines) {
    StringBuilder s = new StringBuilder("<section id=\"heal-log\" class=\"panel wide\" aria-labelledby=\"heal-title\">")
        .append("<h2 id=\"heal-title\">Auto-heal activity</h2>");
    if (lines.isEmpty()) {
      return s.append("<p class=\"empty\">Healing has not acted yet.</p></section>").toString();
    }
    return s.append(healList(lines)).append("</section>").toString();
  }

  /** The log's lines as a list, newest first: seed 002's "[time] mark what was done (attempt k/n)". */
  static String healList(List<Overview.HealLine> lines) {
    StringBuilder s = new StringBuilder(lines.size() * 200 + 32).append("<ol class=\"log\">");
    for (Overview.HealLine l : lines) {
      s.append("<li class=\"result-").append(Html.esc(l.result())).append("\">[").append(Html.time(l.at())).append("] ")
          .append(StatusBadge.mark(l.result())).append(" ");
      if (l.incidentId() != null) {
        s.append("<a href=\"/incidents/").append(l.incidentId()).append("\">").append(Html.esc(l.text())).append("</a>");
      } else {
        s.append(Html.esc(l.text()));
      }
      if (l.attempt() != null) {
        s.append(" (attempt ").append(l.attempt()).append('/').append(l.of()).append(')');
      }
      s.append("</li>");
    }
    return s.append("</ol>").toString();
  }

  private static String notice(String notice) {
    return notice == null ? "" : "<p class=\"notice\" role=\"status\">" + Html.esc(notice) + "</p>";
  }
}
