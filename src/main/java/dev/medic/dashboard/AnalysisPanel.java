package dev.medic.dashboard;

import dev.medic.spi.Analysis;
import java.util.List;
import java.util.Locale;

/**
 * The incident page's analysis section: each analysis made of the incident, newest first (who made
 * it, the verdict, the root it names and how sure it is, its evidence, the remedies it suggested and
 * those refused, what it cost, an agent's output), and links to the incident's bundle. Everything an
 * analyst wrote is escaped: it may quote what the watched systems said.
 */
final class AnalysisPanel {

  private AnalysisPanel() {}

  static void render(StringBuilder s, long incidentId, List<Analysis> analyses) {
    String bundle = "/api/incidents/" + incidentId + "/bundle";
    s.append("<section class=\"panel wide\" aria-labelledby=\"analysis-title\"><h2 id=\"analysis-title\">Analysis</h2>")
        .append("<p>Bundle of everything known about the incident: <a href=\"").append(Html.esc(bundle))
        .append("?format=markdown\">Markdown</a> · <a href=\"").append(Html.esc(bundle)).append("\">JSON</a></p>");
    if (analyses.isEmpty()) {
      s.append("<p class=\"empty\">No analysis yet.</p></section>");
      return;
    }
    s.append("<p>Advice with its evidence: a suggested remedy runs only through the Guard, and with approval if"
        + " destructive.</p>");
    for (Analysis a : analyses) {
      analysis(s, a);
    }
    s.append("</section>");
  }

  private static void analysis(StringBuilder s, Analysis a) {
    s.append("<article class=\"analysis\"><h3>").append(Html.esc(a.analyst())).append(": ")
        .append(Html.esc(a.verdict().name())).append("</h3><dl class=\"facts\">")
        .append("<dt>At</dt><dd>").append(Html.time(a.at())).append("</dd>")
        .append("<dt>Root cause</dt><dd>").append(root(a)).append("</dd>")
        .append(fact("Confidence", String.format(Locale.ROOT, "%.2f", a.confidence())))
        .append(fact("Summary", a.summary()));
    if (a.error() != null) {
      s.append(fact("Failed", a.error()));
    }
    if (a.usage() != null) {
      Analysis.Usage u = a.usage();
      s.append(fact("Usage", (u.model() == null ? "" : u.model() + ", ") + u.inputTokens() + " tokens in, "
          + u.outputTokens() + " out, " + String.format(Locale.ROOT, "$%.4f", u.costUsd()) + ", " + u.latencyMs() + " ms"));
    }
    s.append("</dl>");
    list(s, "Evidence", a.evidence());
    list(s, "Suggested actions", a.suggestedActions());
    list(s, "Refused suggestions", a.refused().stream().map(r -> r.action() + ": " + r.reason()).toList());
    if (a.output() != null && !a.output().isBlank()) {
      s.append("<h4>Agent output</h4><pre class=\"output\">").append(Html.esc(a.output())).append("</pre>");
    }
    s.append("</article>");
  }

  private static String root(Analysis a) {
    if (a.rootTarget() == null) {
      return "unknown";
    }
    String text = Html.esc(a.rootTarget()) + (a.rootCondition() == null ? "" : " " + Html.esc(a.rootCondition()));
    return a.rootIncidentId() == null ? text
        : "<a href=\"/incidents/" + a.rootIncidentId() + "\">" + text + " (#" + a.rootIncidentId() + ")</a>";
  }

  private static void list(StringBuilder s, String title, List<String> items) {
    if (items.isEmpty()) {
      return;
    }
    s.append("<h4>").append(Html.esc(title)).append("</h4><ul>");
    for (String item : items) {
      s.append("<li>").append(Html.esc(item)).append("</li>");
    }
    s.append("</ul>");
  }

  private static String fact(String term, String value) {
    return "<dt>" + Html.esc(term) + "</dt><dd>" + Html.esc(value) + "</dd>";
  }
}
