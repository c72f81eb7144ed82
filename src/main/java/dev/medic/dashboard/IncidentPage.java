package dev.medic.dashboard;

import dev.medic.api.Caller;
import dev.medic.incident.Acknowledgement;
import dev.medic.spi.Incident;
import dev.medic.spi.TimelineEvent;
import dev.medic.store.AuditEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One incident whole: what it is, its timeline (observations, conditions, decisions, actions and
 * their effect, verifications, notifications) in time order, the output a dead process left, and
 * its audit entries.
 */
final class IncidentPage {

  /** The timeline event that carries a dead process's last output lines. */
  static final String PROCESS_OUTPUT = "process_output";

  private IncidentPage() {}

  /** One line of the merged timeline: from the incident's own timeline or from the audit. */
  record Moment(Instant at, String kind, String text, String actor, String source) {}

  static String render(Caller caller, DashboardData data, Incident i) {
    boolean act = Layout.mayAct(caller);
    List<TimelineEvent> timeline = data.timeline(i.id());
    List<AuditEntry> audit = data.audit(i.id(), 1000).reversed();
    StringBuilder s = new StringBuilder(4096);
    s.append("<h1>Incident #").append(i.id()).append(": <a href=\"/targets/").append(Html.path(i.target())).append("\">")
        .append(Html.esc(i.target())).append("</a> ").append(Html.esc(i.condition())).append("</h1>")
        .append("<section class=\"panel\" aria-labelledby=\"facts-title\"><h2 id=\"facts-title\">What it is</h2><dl class=\"facts\">")
        .append(fact("State", i.state().name().toLowerCase(Locale.ROOT) + (i.resolutionStatus() == null ? ""
            : " (" + i.resolutionStatus() + ")")))
        .append(fact("Severity", i.severity().name().toLowerCase(Locale.ROOT)))
        .append(fact("Message", i.message()))
        .append("<dt>Opened</dt><dd>").append(Html.time(i.openedAt())).append("</dd>")
        .append("<dt>Resolved</dt><dd>").append(Html.time(i.resolvedAt())).append("</dd>")
        .append(fact("Healing attempts", i.healingAttempts() + (i.strategiesTried().isEmpty() ? ""
            : " (" + String.join(", ", i.strategiesTried()) + ")")))
        .append(fact("Escalated", i.escalated() ? "yes" : "no"));
    if (i.resolutionDetails() != null) {
      s.append(fact("Resolution", i.resolutionDetails()));
    }
    Optional<Incident> root = data.rootOf(i.id());
    root.ifPresent(r -> s.append("<dt>Symptom of</dt><dd><a href=\"/incidents/").append(r.id()).append("\">#")
        .append(r.id()).append(" ").append(Html.esc(r.target())).append(" ").append(Html.esc(r.condition()))
        .append("</a></dd>"));
    s.append("</dl>").append(actions(data, i.id(), act, null)).append("</section>");
    AnalysisPanel.render(s, i.id(), data.analyses(i.id()));
    processOutput(s, timeline);
    s.append("<section class=\"panel wide\" aria-labelledby=\"timeline-title\"><h2 id=\"timeline-title\">Timeline</h2>")
        .append("<ol class=\"timeline\">");
    for (Moment m : moments(timeline, audit)) {
      s.append("<li class=\"kind-").append(Html.esc(m.kind())).append("\">").append(Html.time(m.at()))
          .append(" <span class=\"tag\">").append(Html.esc(m.kind().replace('_', ' '))).append("</span> ")
          .append(Html.esc(m.text()));
      if (m.actor() != null && !"medic".equals(m.actor())) {
        s.append(" <span class=\"actor\">by ").append(Html.esc(m.actor())).append("</span>");
      }
      s.append("</li>");
    }
    s.append("</ol></section>");
    auditTable(s, audit);
    return Layout.page(caller, "incident", "Incident #" + i.id(), s.toString(), false);
  }

  /**
   * The block with who took the incident on and, for operators while it is open, its buttons;
   * they answer this block refreshed.
   */
  static String actions(DashboardData data, long id, boolean act, String notice) {
    StringBuilder s = new StringBuilder("<div id=\"" + DashboardActions.INCIDENT_ACTIONS + "\" class=\"actions\">");
    if (notice != null) {
      s.append("<p class=\"notice\" role=\"status\">").append(Html.esc(notice)).append("</p>");
    }
    Optional<Incident> incident = data.incident(id);
    Optional<Acknowledgement> ack = data.acknowledgement(id);
    ack.ifPresent(a -> s.append("<p>Acknowledged by <strong>").append(Html.esc(a.by())).append("</strong> at ")
        .append(Html.time(a.at())).append(a.comment() == null || a.comment().isBlank() ? ""
            : ": " + Html.esc(a.comment())).append("</p>"));
    if (act && incident.isPresent() && incident.get().isOpen()) {
      s.append(OverviewPage.incidentButtons(id, ack.isEmpty(), "#" + DashboardActions.INCIDENT_ACTIONS));
    }
    return s.append("</div>").toString();
  }

  /** The last output lines of a process that died, as the incident's timeline noted them. */
  private static void processOutput(StringBuilder s, List<TimelineEvent> timeline) {
    timeline.stream().filter(e -> PROCESS_OUTPUT.equals(e.event())).reduce((a, b) -> b).ifPresent(e ->
        s.append("<section class=\"panel wide\" aria-labelledby=\"output-title\"><h2 id=\"output-title\">")
            .append("Last output of the process</h2><p>").append(Html.time(e.at())).append("</p><pre class=\"output\">")
            .append(Html.esc(e.detail())).append("</pre></section>"));
  }

  /** The incident's timeline and its audit entries in one time order; the timeline first at equal times. */
  static List<Moment> moments(List<TimelineEvent> timeline, List<AuditEntry> audit) {
    List<Moment> all = new ArrayList<>();
    for (TimelineEvent e : timeline) {
      if (!PROCESS_OUTPUT.equals(e.event())) {
        all.add(new Moment(e.at(), e.event(), e.detail() == null ? "" : e.detail(), null, "timeline"));
      }
    }
    for (AuditEntry a : audit) {
      String text = (a.strategy() == null ? "" : a.strategy() + ": ") + (a.detail() == null ? "" : a.detail())
          + (a.result() == null || a.result().isEmpty() ? "" : " [" + a.result() + "]");
      all.add(new Moment(a.at(), a.kind(), text, a.actor(), "audit"));
    }
    all.sort(Comparator.comparing(Moment::at).thenComparing(m -> m.source().equals("timeline") ? 0 : 1));
    return all;
  }

  private static void auditTable(StringBuilder s, List<AuditEntry> audit) {
    s.append("<section class=\"panel wide\" aria-labelledby=\"audit-title\"><h2 id=\"audit-title\">Audit entries</h2>");
    if (audit.isEmpty()) {
      s.append("<p class=\"empty\">No audit entries.</p></section>");
      return;
    }
    s.append("<div class=\"scroll\"><table class=\"audit\"><thead><tr><th scope=\"col\">#</th><th scope=\"col\">Time</th>")
        .append("<th scope=\"col\">Kind</th><th scope=\"col\">Strategy</th><th scope=\"col\">Result</th>")
        .append("<th scope=\"col\">By</th><th scope=\"col\">Detail</th></tr></thead><tbody>");
    for (AuditEntry a : audit) {
      s.append("<tr><td>").append(a.id()).append("</td><td>").append(Html.time(a.at())).append("</td><td>")
          .append(Html.esc(a.kind())).append("</td><td>").append(Html.esc(a.strategy())).append("</td><td>")
          .append(Html.esc(a.result())).append("</td><td>").append(Html.esc(a.actor())).append("</td><td class=\"detail\">")
          .append(Html.esc(a.detail())).append("</td></tr>");
    }
    s.append("</tbody></table></div></section>");
  }

  private static String fact(String term, String value) {
    return "<dt>" + Html.esc(term) + "</dt><dd>" + Html.esc(value) + "</dd>";
  }
}
