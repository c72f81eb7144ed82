package dev.medic.spi;

import java.time.Instant;
import java.util.List;

/**
 * What one analyst concluded about one incident: advice with its evidence, never an action. Its
 * suggested actions are names of strategies the incident's target allows; one becomes an action only
 * when it is proposed and passes the Guard (and approval, if destructive).
 *
 * @param id 0 until stored
 * @param analyst the analyst's configured name ({@code rules} for the rule analyst)
 * @param rootTarget the target most likely at the root; null when the analyst could not tell
 * @param rootCondition that target's condition at the root; null when unknown
 * @param rootIncidentId the incident at the root (may be this one); null when unknown
 * @param summary one or two sentences a person reads first
 * @param confidence 0 to 1
 * @param evidence the facts the conclusion rests on, one line each
 * @param suggestedActions strategy names, each one this target allows
 * @param refused suggestions that were not allowed, with why: kept so that people see them
 * @param usage what the analysis cost (tokens, money, time); null for one that cost nothing worth telling
 * @param output what an external agent printed, trimmed; null for other analysts
 * @param error why the analysis failed (timeout, unreadable reply, budget); null when it succeeded
 */
public record Analysis(
    long id,
    long incidentId,
    String analyst,
    Instant at,
    Verdict verdict,
    String rootTarget,
    String rootCondition,
    Long rootIncidentId,
    String summary,
    double confidence,
    List<String> evidence,
    List<String> suggestedActions,
    List<Refusal> refused,
    Usage usage,
    String output,
    String error) {

  public Analysis {
    if (analyst == null || analyst.isBlank()) {
      throw new IllegalArgumentException("analyst is required");
    }
    if (verdict == null) {
      throw new IllegalArgumentException("verdict is required");
    }
    if (Double.isNaN(confidence) || confidence < 0 || confidence > 1) {
      throw new IllegalArgumentException("confidence must be within 0..1, got " + confidence);
    }
    summary = summary == null ? "" : summary;
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
    suggestedActions = suggestedActions == null ? List.of() : List.copyOf(suggestedActions);
    refused = refused == null ? List.of() : List.copyOf(refused);
  }

  /** A suggestion the analyst made that is not allowed here, and why. */
  public record Refusal(String action, String reason) {}

  /**
   * What an analysis cost.
   *
   * @param model the model that answered, as its server named it; null for none
   * @param costUsd estimated from the configured prices; 0 when none are configured
   */
  public record Usage(String model, long inputTokens, long outputTokens, double costUsd, long latencyMs) {}

  /** An analysis that could not be made: a person should look, and the reason says why. */
  public static Analysis failed(long incidentId, String analyst, Instant at, String error, Usage usage) {
    return new Analysis(0, incidentId, analyst, at, Verdict.SUSPICIOUS_INVESTIGATE, null, null, null,
        "analysis failed: " + error, 0, List.of(), List.of(), List.of(), usage, null, error);
  }

  public boolean failed() {
    return error != null;
  }

  /**
   * The same analysis with every free text (root, summary, evidence, refusals, output, error) passed
   * through {@code redact}: any of them may quote the watched systems, and a model may echo a secret.
   */
  public Analysis withTexts(java.util.function.UnaryOperator<String> redact) {
    java.util.function.UnaryOperator<String> r = text -> text == null ? null : redact.apply(text);
    return new Analysis(id, incidentId, analyst, at, verdict, r.apply(rootTarget), r.apply(rootCondition),
        rootIncidentId, r.apply(summary), confidence, evidence.stream().map(r).toList(), suggestedActions,
        refused.stream().map(x -> new Refusal(r.apply(x.action()), r.apply(x.reason()))).toList(), usage,
        r.apply(output), r.apply(error));
  }

  public Analysis withId(long newId) {
    return new Analysis(newId, incidentId, analyst, at, verdict, rootTarget, rootCondition, rootIncidentId, summary,
        confidence, evidence, suggestedActions, refused, usage, output, error);
  }

  /** {@code rules: postgres db_down (#12), confidence 0.80 — ERRORS_INVESTIGATE}: for pages and logs. */
  public String line() {
    String root = rootTarget == null ? "root unknown"
        : rootTarget + (rootCondition == null ? "" : " " + rootCondition)
            + (rootIncidentId == null ? "" : " (#" + rootIncidentId + ")");
    return analyst + ": " + root + ", confidence " + String.format(java.util.Locale.ROOT, "%.2f", confidence)
        + " — " + verdict + (summary.isBlank() ? "" : ": " + summary);
  }
}
