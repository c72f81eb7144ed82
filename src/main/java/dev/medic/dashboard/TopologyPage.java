package dev.medic.dashboard;

import dev.medic.api.Caller;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The topology: the {@code depends_on} graph drawn as SVG in layers (what depends on nothing on the
 * left), each target with its status as colour, icon and word, root causes outlined heavily; and
 * the same as a table for those who do not see the drawing.
 */
final class TopologyPage {

  static final int COLUMN = 210;
  static final int ROW = 44;
  static final int BOX_W = 170;
  static final int BOX_H = 30;

  private TopologyPage() {}

  static String render(Caller caller, Topology topology) {
    return Layout.page(caller, "topology", "Topology", "<h1>Topology</h1>" + section(topology), false);
  }

  /** The part that live updates swap: the drawing and the table. */
  static String section(Topology t) {
    StringBuilder s = new StringBuilder(t.nodes().size() * 600 + 2048)
        .append("<section id=\"topology\" class=\"panel wide topology\" aria-labelledby=\"topology-title\">")
        .append("<h2 id=\"topology-title\">Dependencies</h2>");
    if (t.rootCauses().isEmpty()) {
      s.append("<p>No root cause: nothing is failing.</p>");
    } else {
      s.append("<p>Root causes: ");
      for (int i = 0; i < t.rootCauses().size(); i++) {
        String name = t.rootCauses().get(i);
        s.append(i == 0 ? "" : ", ").append("<a href=\"/targets/").append(Html.path(name)).append("\">")
            .append(Html.esc(name)).append("</a>");
      }
      s.append("</p>");
    }
    svg(s, t);
    table(s, t);
    return s.append("</section>").toString();
  }

  private static void svg(StringBuilder s, Topology t) {
    Map<String, int[]> at = new HashMap<>();
    Map<Integer, Integer> perLayer = new HashMap<>();
    int rows = 0;
    int layers = 0;
    for (Topology.Node n : t.nodes()) {
      int row = perLayer.merge(n.layer(), 1, Integer::sum) - 1;
      at.put(n.name(), new int[] {10 + n.layer() * COLUMN, 10 + row * ROW});
      rows = Math.max(rows, row + 1);
      layers = Math.max(layers, n.layer() + 1);
    }
    int width = Math.max(layers * COLUMN, COLUMN);
    int height = Math.max(rows * ROW + 20, 60);
    s.append("<svg viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" width=\"").append(width)
        .append("\" height=\"").append(height).append("\" role=\"img\" aria-labelledby=\"topology-svg-title\">")
        .append("<title id=\"topology-svg-title\">Dependency graph of ").append(t.nodes().size())
        .append(" targets; the table below lists the same</title>")
        .append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" ")
        .append("markerHeight=\"7\" orient=\"auto-start-reverse\"><path class=\"arrow\" d=\"M 0 0 L 10 5 L 0 10 z\"/>")
        .append("</marker></defs>");
    for (Topology.Edge e : t.edges()) {
      int[] from = at.get(e.from());
      int[] to = at.get(e.to());
      s.append("<path class=\"edge\" marker-end=\"url(#arrow)\" d=\"M ").append(from[0]).append(' ')
          .append(from[1] + BOX_H / 2).append(" C ").append(from[0] - 30).append(' ').append(from[1] + BOX_H / 2)
          .append(", ").append(to[0] + BOX_W + 30).append(' ').append(to[1] + BOX_H / 2).append(", ")
          .append(to[0] + BOX_W).append(' ').append(to[1] + BOX_H / 2).append("\"/>");
    }
    for (Topology.Node n : t.nodes()) {
      int[] p = at.get(n.name());
      String label = n.name() + ": " + n.status() + (n.rootCause() ? ", root cause" : "")
          + (n.openIncidents().isEmpty() ? "" : ", " + n.openIncidents().size() + " open incident(s)");
      s.append("<a href=\"/targets/").append(Html.path(n.name())).append("\"><g class=\"node status-")
          .append(Html.esc(n.status())).append(n.rootCause() ? " root" : "").append("\" id=\"node-")
          .append(Html.esc(n.name())).append("\" data-status=\"").append(Html.esc(n.status())).append("\"><title>")
          .append(Html.esc(label)).append("</title><rect x=\"").append(p[0]).append("\" y=\"").append(p[1])
          .append("\" width=\"").append(BOX_W).append("\" height=\"").append(BOX_H).append("\" rx=\"4\"/><text x=\"")
          .append(p[0] + 8).append("\" y=\"").append(p[1] + 20).append("\">").append(StatusBadge.icon(n.status()))
          .append(' ').append(Html.esc(shorten(n.name()))).append("</text></g></a>");
    }
    s.append("</svg>");
  }

  private static String shorten(String name) {
    return name.length() <= 20 ? name : name.substring(0, 19) + "\u2026";
  }

  private static void table(StringBuilder s, Topology t) {
    Map<String, List<String>> neededBy = new HashMap<>();
    Map<String, List<String>> needs = new HashMap<>();
    for (Topology.Edge e : t.edges()) {
      neededBy.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e.from());
      needs.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e.to());
    }
    s.append("<div class=\"scroll\"><table class=\"topology-table\"><caption class=\"visually-hidden\">Targets and their")
        .append(" dependencies</caption><thead><tr><th scope=\"col\">Target</th><th scope=\"col\">Status</th>")
        .append("<th scope=\"col\">Depends on</th><th scope=\"col\">Needed by</th><th scope=\"col\">Root cause</th>")
        .append("</tr></thead><tbody>");
    for (Topology.Node n : t.nodes()) {
      s.append("<tr class=\"status-").append(Html.esc(n.status())).append("\"><th scope=\"row\"><a href=\"/targets/")
          .append(Html.path(n.name())).append("\">").append(Html.esc(n.name())).append("</a></th><td>")
          .append(StatusBadge.badge(n.status())).append("</td><td>")
          .append(Html.esc(String.join(", ", needs.getOrDefault(n.name(), List.of())))).append("</td><td>")
          .append(Html.esc(String.join(", ", neededBy.getOrDefault(n.name(), List.of())))).append("</td><td>")
          .append(n.rootCause() ? "<strong>root cause</strong>" : "-").append("</td></tr>");
    }
    s.append("</tbody></table></div>");
  }
}
