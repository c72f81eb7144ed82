package dev.medic.live;

import dev.medic.api.TargetView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code data} of a {@code metrics_update}: every target's status and last latency, and counts. */
final class MonitorMetrics {

  private MonitorMetrics() {}

  /**
   * @return {@code targets} (name, status, latency_ms: the slowest check's last run, open_incidents),
   *     {@code status_counts} (up, degraded, down, unknown) and {@code open_incidents}
   */
  static Map<String, Object> of(List<TargetView> targets) {
    List<Map<String, Object>> rows = new ArrayList<>(targets.size());
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String s : List.of("up", "degraded", "down", "unknown")) {
      counts.put(s, 0);
    }
    Set<Long> open = new HashSet<>();
    for (TargetView t : targets) {
      Double latency = null;
      for (TargetView.CheckView c : t.checks()) {
        if (c.latencyMs() != null && (latency == null || c.latencyMs() > latency)) {
          latency = c.latencyMs();
        }
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", t.name());
      row.put("status", t.status());
      row.put("latency_ms", latency);
      row.put("open_incidents", t.openIncidents().size());
      rows.add(row);
      counts.merge(t.status(), 1, Integer::sum);
      open.addAll(t.openIncidents());
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("targets", rows);
    data.put("status_counts", counts);
    data.put("open_incidents", open.size());
    return data;
  }
}
