package dev.medic.dashboard;

import dev.medic.store.History;
import java.util.List;
import java.util.Locale;

/**
 * A grid row's trend: p95 latency over the last 24 hours as a small inline SVG, with its figures
 * as text for those who do not see it.
 */
final class Sparkline {

  static final int WIDTH = 120;
  static final int HEIGHT = 24;

  private Sparkline() {}

  static String render(String target, List<History.Bucket> buckets) {
    List<History.Bucket> measured = buckets.stream().filter(b -> b.p95() != null).toList();
    if (measured.isEmpty()) {
      return "<span class=\"spark empty\">no data</span>";
    }
    double max = measured.stream().mapToDouble(History.Bucket::p95).max().orElse(1);
    double min = measured.stream().mapToDouble(History.Bucket::p95).min().orElse(0);
    double span = Math.max(max - min, 1e-9);
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < measured.size(); i++) {
      double x = measured.size() == 1 ? WIDTH / 2.0 : i * (WIDTH - 2.0) / (measured.size() - 1) + 1;
      double y = HEIGHT - 2 - (measured.get(i).p95() - min) / span * (HEIGHT - 4);
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
    }
    String label = "p95 latency of " + target + " over 24 h: from " + Html.millis(min) + " to " + Html.millis(max)
        + ", last " + Html.millis(measured.getLast().p95());
    return "<svg class=\"spark\" width=\"" + WIDTH + "\" height=\"" + HEIGHT + "\" viewBox=\"0 0 " + WIDTH + " " + HEIGHT
        + "\" role=\"img\" aria-label=\"" + Html.esc(label) + "\"><title>" + Html.esc(label)
        + "</title><polyline points=\"" + points.toString().strip() + "\"/></svg>";
  }
}
