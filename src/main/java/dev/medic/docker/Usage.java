package dev.medic.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** CPU and memory from one stats sample, computed as the docker CLI does. */
final class Usage {

  private Usage() {}

  /**
   * Memory in use: the cgroup's usage less the inactive page cache (reclaimable, and what the CLI
   * leaves out: {@code total_inactive_file} on cgroup v1, {@code inactive_file} on v2).
   */
  static double memoryUsed(JsonNode stats) {
    JsonNode mem = stats.path("memory_stats");
    double usage = mem.path("usage").asDouble(0);
    JsonNode s = mem.path("stats");
    double inactive = s.has("total_inactive_file") ? s.path("total_inactive_file").asDouble(0)
        : s.path("inactive_file").asDouble(0);
    return inactive < usage ? usage - inactive : usage;
  }

  /** The limit the engine reports: the container's memory limit, or the host's memory when unlimited. */
  static double memoryLimit(JsonNode stats) {
    return stats.path("memory_stats").path("limit").asDouble(0);
  }

  /**
   * CPU percent as {@code docker stats} shows it (100 = one CPU busy). From the sample's own
   * previous reading when the engine sent one, else from the counters the probe kept since its last
   * run (a one-shot sample has none). Records this sample's counters in {@code tracked}.
   */
  static Double cpuPercent(JsonNode stats, Tracked tracked) {
    JsonNode cpu = stats.path("cpu_stats");
    double total = cpu.path("cpu_usage").path("total_usage").asDouble(-1);
    double system = cpu.path("system_cpu_usage").asDouble(-1);
    int cpus = cpu.path("online_cpus").asInt(0);
    if (cpus == 0) {
      cpus = Math.max(1, cpu.path("cpu_usage").path("percpu_usage").size());
    }
    JsonNode pre = stats.path("precpu_stats");
    double preTotal = pre.path("cpu_usage").path("total_usage").asDouble(0);
    double preSystem = pre.path("system_cpu_usage").asDouble(0);
    if (preSystem <= 0) {
      preTotal = tracked.cpuTotal;
      preSystem = tracked.systemTotal;
    }
    tracked.cpuTotal = total;
    tracked.systemTotal = system;
    if (total < 0 || system <= 0 || preSystem <= 0 || preTotal < 0 || system <= preSystem || total < preTotal) {
      return null;
    }
    return (total - preTotal) / (system - preSystem) * cpus * 100.0;
  }

  static void put(Map<String, Double> metrics, String name, Double value) {
    if (value != null && Double.isFinite(value)) {
      metrics.put(name, value);
    }
  }
}
