package dev.medic.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.medic.store.AlertOverride;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * One target's part of a {@code PUT /api/alerts/config} body, {@code {"failures": 5, "successes":
 * 2, "window": {"size": 10, "failures": 4} | null, "thresholds": ["latency_ms > 1000 for 3s"]}}.
 * Types are checked here; values by the config's own records when the change is applied.
 */
final class AlertOverrideBody {

  private static final Set<String> FIELDS = Set.of("failures", "successes", "window", "thresholds");

  private AlertOverrideBody() {}

  /** @throws ApiServer.BadRequest 400 naming the target, field and value that are wrong */
  static AlertOverride read(String target, JsonNode node) {
    String where = "targets." + target;
    if (!node.isObject()) {
      throw bad(where + " must be an object like {\"failures\": 5}, got " + node);
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw bad(where + "." + name + " is not a detection field; expected failures, successes, window or thresholds");
      }
    }
    Integer failures = positive(where + ".failures", node.get("failures"));
    Integer successes = positive(where + ".successes", node.get("successes"));
    boolean windowSet = node.has("window");
    Integer windowSize = null;
    Integer windowFailures = null;
    JsonNode window = node.get("window");
    if (windowSet && !window.isNull()) {
      if (!window.isObject() || !window.path("size").canConvertToExactIntegral()
          || !window.path("failures").canConvertToExactIntegral()) {
        throw bad(where + ".window must be {\"size\": N, \"failures\": M} or null, got " + window);
      }
      windowSize = positive(where + ".window.size", window.get("size"));
      windowFailures = positive(where + ".window.failures", window.get("failures"));
    }
    List<String> thresholds = null;
    JsonNode rules = node.get("thresholds");
    if (rules != null) {
      if (!rules.isArray()) {
        throw bad(where + ".thresholds must be a list of rules like \"latency_ms > 1000 for 3s\", got " + rules);
      }
      thresholds = new ArrayList<>();
      for (int i = 0; i < rules.size(); i++) {
        if (!rules.get(i).isTextual()) {
          throw bad(where + ".thresholds[" + i + "] must be a text like \"latency_ms > 1000 for 3s\", got " + rules.get(i));
        }
        String rule = rules.get(i).asText();
        // One rule is one line: the store keeps them a line each.
        if (rule.contains("\n") || rule.contains("\r")) {
          throw bad(where + ".thresholds[" + i + "] must be one line, got " + rules.get(i));
        }
        thresholds.add(rule);
      }
    }
    return new AlertOverride(target, failures, successes, windowSet, windowSize, windowFailures, thresholds, null, null);
  }

  private static Integer positive(String field, JsonNode value) {
    if (value == null) {
      return null;
    }
    if (!value.canConvertToExactIntegral() || value.asLong() < 1 || value.asLong() > 10_000) {
      throw bad(field + " must be a whole number 1..10000, got " + value);
    }
    return value.intValue();
  }

  private static ApiServer.BadRequest bad(String message) {
    return new ApiServer.BadRequest(400, message);
  }
}
