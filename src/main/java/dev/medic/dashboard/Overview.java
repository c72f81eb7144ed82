package dev.medic.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.medic.store.Approval;
import java.time.Instant;
import java.util.List;

/**
 * What the overview page shows, as data: the page renders it, {@code /api/dashboard/data} answers it
 * as JSON.
 *
 * @param targets the status grid, in config order
 * @param healLog what healing did, newest first
 * @param incidents open incidents, newest first
 * @param approvals destructive actions waiting for a person to allow them, oldest first
 * @param escalations open incidents handed to people that nobody has acknowledged yet
 */
public record Overview(Instant at, HealthScore health, List<Row> targets, List<HealLine> healLog,
    List<OpenIncident> incidents, List<Approval> approvals, List<OpenIncident> escalations) {

  /**
   * One line of the status grid. Uptimes are shares 0..1 and latencies milliseconds; null when
   * there is nothing to tell (no runs in the window, no run that measured a latency).
   *
   * @param problem what the worst failing check says; empty when all are up
   * @param openIncident the newest open incident on the target, null if none
   */
  public record Row(String name, boolean critical, String status, String problem,
      @JsonProperty("uptime_24h") Double uptime24h, @JsonProperty("uptime_7d") Double uptime7d,
      @JsonProperty("uptime_30d") Double uptime30d, Double p50, Double p95, Double p99, Long openIncident) {}

  /**
   * One line of the healing log, seed 002's format: time, result mark, what was done, attempt k/n.
   *
   * @param result {@code healed}, {@code not_healed}, {@code no_effect}, {@code dry_run} or {@code escalated}
   * @param attempt the attempt's number on its strategy's ladder, null when the line is not an attempt
   * @param of the strategy's max_attempts, null when the line is not an attempt
   */
  public record HealLine(Instant at, String target, Long incidentId, String result, String text, Integer attempt,
      Integer of) {}

  /**
   * An open incident with what the people looking at it need.
   *
   * @param acknowledgedBy who took it on; null while nobody has
   * @param rootCause the incident this one is a symptom of, null when it is not a symptom
   */
  public record OpenIncident(long id, String target, String condition, String severity, String state,
      String message, Instant openedAt, int attempts, boolean escalated, String acknowledgedBy, Long rootCause) {}
}
