package dev.medic.spi;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the watched targets did over a window of hours, as every report channel receives it: the
 * verdict and the rules that gave it, each target's state, and what incidents and healing did.
 *
 * @param name the report's name ({@code reports[].name}), or {@code medic} for one over all targets
 * @param at when it was made; the window is the {@code hours} before it
 * @param labels the target filter it was made with (empty: all targets)
 * @param reasons one line per verdict rule that fired; empty when all is good
 * @param healSuccessRate healed attempts per attempt with a verdict in the window, 0..1; null without one
 * @param mttrSeconds mean seconds from opening to resolution of the incidents resolved in the window; null without one
 * @param logPatterns incidents opened in the window per {@code log_} condition
 * @param silences silences in force when it was made, in words
 * @param next when the report is made again; null when it is not scheduled
 */
public record Report(
    String name,
    Instant at,
    int hours,
    Map<String, String> labels,
    Verdict verdict,
    List<String> reasons,
    List<TargetLine> targets,
    Counts incidents,
    Double healSuccessRate,
    Long mttrSeconds,
    Map<String, Integer> logPatterns,
    List<String> silences,
    Instant next) {

  public Report {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    reasons = List.copyOf(reasons);
    targets = List.copyOf(targets);
    logPatterns = logPatterns == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(logPatterns));
    silences = silences == null ? List.of() : List.copyOf(silences);
  }

  /** The verdict, worst first. */
  public enum Verdict {
    ERRORS_INVESTIGATE,
    SUSPICIOUS_INVESTIGATE,
    ALL_GOOD;

    @JsonValue
    public String key() {
      return name();
    }

    /** In words, for titles: {@code ERRORS, INVESTIGATE}. */
    public String words() {
      return switch (this) {
        case ALL_GOOD -> "ALL SYSTEMS HEALTHY";
        case SUSPICIOUS_INVESTIGATE -> "SUSPICIOUS, INVESTIGATE";
        case ERRORS_INVESTIGATE -> "ERRORS, INVESTIGATE";
      };
    }
  }

  /**
   * One target as it stands.
   *
   * @param status the worst status among its checks' newest observations; UNKNOWN without any
   * @param uptimePercent healthy observations per observation in the window, 0..100; null without any
   * @param openIncident the id of its open incident, null when none is open
   * @param openCondition that incident's condition, null when none is open
   * @param escalated whether that incident has been escalated
   */
  public record TargetLine(String name, Status status, Double uptimePercent, Long openIncident,
      String openCondition, boolean escalated) {}

  /**
   * Incidents and healing in the window.
   *
   * @param healed resolved in the window after at least one healing attempt
   * @param healAttempts attempts with a verdict (healed or not)
   * @param healFailures attempts that healed nothing
   */
  public record Counts(int opened, int resolved, int healed, int escalated, int healAttempts, int healFailures) {}

  /** The same on every attempt to send this report, so that a receiver can drop repeats. */
  @JsonIgnore
  public String idempotencyKey() {
    return "report-" + name + "-" + at.getEpochSecond();
  }

  /** The JSON body the webhook channel sends: {@code {"event":"report","idempotency_key":..,"report":{..}}}. */
  public Map<String, Object> payload() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("event", "report");
    body.put("idempotency_key", idempotencyKey());
    body.put("report", this);
    return body;
  }

  public byte[] payloadBytes() {
    try {
      return Notice.JSON.writeValueAsBytes(payload());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report " + name, e);
    }
  }
}
