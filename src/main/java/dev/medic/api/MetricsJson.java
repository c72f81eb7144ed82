package dev.medic.api;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * medic's metrics as one JSON document (seed 001's {@code /metrics} dump): the agent's own numbers
 * and each target's checks with their last latency and the metrics they reported. Made from the
 * same sources as the Prometheus text, so the two agree.
 */
final class MetricsJson {

  private final ReadModel view;
  private final Clock clock;

  MetricsJson(ReadModel view, Clock clock) {
    this.view = view;
    this.clock = clock;
  }

  Map<String, Object> dump() {
    ReadModel.Health health = view.health();
    Map<String, Object> agent = new LinkedHashMap<>();
    agent.put("uptime_seconds", health.uptimeSeconds());
    agent.put("checks_run", (long) sample(view.metrics(), "medic_checks_total"));
    agent.put("open_incidents", health.openIncidents());
    agent.put("targets", health.targets());
    agent.put("store_writable", health.storeWritable());
    agent.put("store_backlog", health.storeBacklog());
    agent.put("mode", health.mode());
    agent.put("dry_run", health.dryRun());
    Map<String, Object> targets = new LinkedHashMap<>();
    for (TargetView t : view.targets()) {
      Map<String, Object> checks = new LinkedHashMap<>();
      for (TargetView.CheckView c : t.checks()) {
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("status", c.status());
        check.put("latency_ms", c.latencyMs());
        check.put("at", c.at());
        check.put("metrics", c.metrics());
        checks.put(c.name(), check);
      }
      Map<String, Object> target = new LinkedHashMap<>();
      target.put("status", t.status());
      target.put("uptime_24h", t.uptime24h());
      target.put("open_incidents", t.openIncidents().size());
      target.put("checks", checks);
      targets.put(t.name(), target);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("timestamp", clock.instant());
    body.put("agent", agent);
    body.put("targets", targets);
    return body;
  }

  /** The value of an unlabelled sample in Prometheus text, 0 when absent. */
  static double sample(String exposition, String name) {
    for (String line : exposition.split("\n")) {
      if (line.startsWith(name + " ")) {
        try {
          return Double.parseDouble(line.substring(name.length() + 1).strip());
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 0;
  }
}
