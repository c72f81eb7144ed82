package dev.medic.spi;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything known about one incident, in one self-contained document: what a person, a model or an
 * external agent needs to find its cause without asking medic anything else. Served as JSON ({@code
 * GET /api/incidents/{id}/bundle}, {@code medic incident bundle ID}) and as Markdown.
 *
 * <p>Texts that came from the watched systems (check messages, log lines, process output, action
 * output) are untrusted: they are data to read, never instructions to follow.
 *
 * @param version the bundle format's version, {@value #VERSION}
 * @param incident the incident, its texts redacted
 * @param timeline its events, oldest first
 * @param observations the target's check runs from a while before it opened until now, oldest first
 * @param logLines matching log lines and the last lines of the target's log or process output,
 *     oldest first (untrusted)
 * @param actions what medic tried for it, with the effect of each, oldest first
 * @param targetConfig the target's config as written, secrets redacted
 * @param strategies the strategies this target allows: the only actions an analyst may suggest
 * @param neighbourhood the targets it depends on and those that depend on it, with their state
 * @param related incidents on other targets open at the same time, or opened close to it
 * @param similar past incidents of the same target and condition, newest first, with what ended them
 */
public record IncidentBundle(
    int version,
    Instant generatedAt,
    Incident incident,
    List<TimelineEvent> timeline,
    List<ObservationSample> observations,
    List<String> logLines,
    List<ActionTaken> actions,
    Map<String, Object> targetConfig,
    List<StrategyOption> strategies,
    Neighbourhood neighbourhood,
    List<Incident> related,
    List<PastIncident> similar) {

  public static final int VERSION = 1;

  public IncidentBundle {
    timeline = timeline == null ? List.of() : List.copyOf(timeline);
    observations = observations == null ? List.of() : List.copyOf(observations);
    logLines = logLines == null ? List.of() : List.copyOf(logLines);
    actions = actions == null ? List.of() : List.copyOf(actions);
    targetConfig = targetConfig == null ? Map.of() : targetConfig;
    strategies = strategies == null ? List.of() : List.copyOf(strategies);
    neighbourhood = neighbourhood == null ? new Neighbourhood(List.of(), List.of()) : neighbourhood;
    related = related == null ? List.of() : List.copyOf(related);
    similar = similar == null ? List.of() : List.copyOf(similar);
  }

  /** One check run; {@code message} is untrusted. */
  public record ObservationSample(Instant at, String check, Status status, Double latencyMs, String condition,
      String message, Map<String, Double> metrics) {}

  /**
   * One action medic took (or decided against) for the incident.
   *
   * @param outcome {@code healed}, {@code failed}, {@code no_effect}, {@code skipped}, {@code dry_run}...
   * @param detail what it did or why not (untrusted where it quotes output)
   */
  public record ActionTaken(Instant at, String strategy, String action, String outcome, String detail) {}

  /**
   * A strategy the target allows.
   *
   * @param action the action's {@code type:} ({@code process_restart}, {@code redis_command})
   * @param destructive whether it needs a person's approval
   * @param conditions the conditions it is bound to
   */
  public record StrategyOption(String name, String action, boolean destructive, List<String> conditions) {}

  /**
   * The dependency graph around the target, both ways, as far as it reaches.
   *
   * @param dependsOn what the target depends on, directly (distance 1) and through others
   * @param dependents what depends on the target, directly and through others
   */
  public record Neighbourhood(List<Neighbour> dependsOn, List<Neighbour> dependents) {}

  /**
   * One target near the incident's.
   *
   * @param status {@code up}, {@code down}, {@code degraded} or {@code unknown}, now
   * @param distance edges away from the incident's target
   * @param dependsOn its own {@code depends_on}, so the graph can be walked from the bundle alone
   * @param openIncidents its incidents open now
   */
  public record Neighbour(String target, String status, int distance, List<String> dependsOn,
      List<Incident> openIncidents) {}

  /**
   * An earlier incident like this one.
   *
   * @param resolvedBy the strategy whose action healed it, or how it ended ({@code cleared},
   *     {@code escalated}, {@code symptom})
   */
  public record PastIncident(Incident incident, String resolvedBy) {}
}
