package dev.medic.handoff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.spi.Analysis;
import dev.medic.spi.IncidentBundle;
import dev.medic.spi.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an agent's output says, read tolerantly. An answer in the analysts' JSON schema ({@code
 * root_cause}, {@code root_target}, {@code root_condition}, {@code evidence}, {@code confidence},
 * {@code verdict}, {@code suggested_actions}) is found as the whole output, as its last JSON line, in
 * a fenced block, or inside the {@code result} text (or {@code structured_output}) of the one JSON
 * object Claude Code prints with {@code --output-format json}, whose cost and tokens are kept too.
 * Any other output is a free-text report: its last line is the summary, and the verdict says a
 * person should look.
 *
 * @param fields the schema object, or null when the output holds none
 * @param text the agent's own words: the envelope's {@code result}, or the whole output
 * @param envelope Claude Code's result object, or null
 */
record AgentAnswer(JsonNode fields, String text, JsonNode envelope) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> SCHEMA_FIELDS = List.of("verdict", "root_cause", "root_target", "root_condition",
      "suggested_actions");
  private static final Pattern FENCED = Pattern.compile("```(?:json)?\\s*\\n(.*?)```", Pattern.DOTALL);
  private static final int SUMMARY_CHARS = 500;

  static AgentAnswer read(String output) {
    for (JsonNode candidate : objects(output)) {
      if (isSchema(candidate)) {
        return new AgentAnswer(candidate, output, null);
      }
      if (candidate.path("result").isTextual() || candidate.path("structured_output").isObject()) {
        String result = candidate.path("result").asText("");
        JsonNode structured = candidate.path("structured_output");
        if (isSchema(structured)) {
          return new AgentAnswer(structured, result, candidate);
        }
        JsonNode inner = objects(result).stream().filter(AgentAnswer::isSchema).findFirst().orElse(null);
        return new AgentAnswer(inner, result, candidate);
      }
    }
    return new AgentAnswer(null, output, null);
  }

  /** The analysis this answer makes; suggestions the target does not allow go to {@code refused}. */
  Analysis analysis(long incidentId, String analyst, Instant at, List<IncidentBundle.StrategyOption> allowed,
      Duration took, String output) {
    Analysis.Usage usage = usage(took);
    if (envelope != null && (envelope.path("is_error").asBoolean(false)
        || envelope.path("subtype").asText("success").startsWith("error"))) {
      String error = "the agent reported an error (" + envelope.path("subtype").asText("is_error") + ")"
          + (text.isBlank() ? "" : ": " + lastLine(text));
      return new Analysis(0, incidentId, analyst, at, Verdict.SUSPICIOUS_INVESTIGATE, null, null, null,
          "analysis failed: " + error, 0, List.of(), List.of(), List.of(), usage, output, error);
    }
    if (fields == null) {
      return new Analysis(0, incidentId, analyst, at, Verdict.SUSPICIOUS_INVESTIGATE, null, null, null,
          lastLine(text), 0, List.of(), List.of(), List.of(), usage, output, null);
    }
    Set<String> names = new LinkedHashSet<>(allowed.stream().map(IncidentBundle.StrategyOption::name).toList());
    List<String> suggested = new ArrayList<>();
    List<Analysis.Refusal> refused = new ArrayList<>();
    for (String action : suggestions(fields.path("suggested_actions"))) {
      if (names.contains(action)) {
        if (!suggested.contains(action)) {
          suggested.add(action);
        }
      } else {
        refused.add(new Analysis.Refusal(action, names.isEmpty() ? "this target allows no strategy"
            : "not a strategy this target allows (" + String.join(", ", names) + ")"));
      }
    }
    String summary = text(fields.path("root_cause")).or(() -> text(fields.path("summary")))
        .orElseGet(() -> lastLine(text));
    return new Analysis(0, incidentId, analyst, at, verdict(fields.path("verdict")),
        text(fields.path("root_target")).orElse(null), text(fields.path("root_condition")).orElse(null),
        incidentNumber(fields.path("root_incident_id")), clip(summary), confidence(fields.path("confidence")),
        strings(fields.path("evidence")), suggested, refused, usage, output, null);
  }

  /** Claude Code's cost and tokens when it printed them; the time taken always. */
  private Analysis.Usage usage(Duration took) {
    if (envelope == null) {
      return new Analysis.Usage(null, 0, 0, 0, took.toMillis());
    }
    JsonNode u = envelope.path("usage");
    long input = u.path("input_tokens").asLong(0) + u.path("cache_creation_input_tokens").asLong(0)
        + u.path("cache_read_input_tokens").asLong(0);
    Iterator<String> models = envelope.path("modelUsage").fieldNames();
    String model = envelope.path("model").isTextual() ? envelope.path("model").asText()
        : models.hasNext() ? models.next() : null;
    double cost = Math.max(0, envelope.path("total_cost_usd").asDouble(0));
    return new Analysis.Usage(model, input, u.path("output_tokens").asLong(0), cost, took.toMillis());
  }

  private static boolean isSchema(JsonNode node) {
    return node != null && node.isObject() && SCHEMA_FIELDS.stream().anyMatch(node::has);
  }

  /**
   * The JSON objects the text may be, most likely first: all of it, each line from the last, each
   * fenced block, and from its first brace to its last.
   */
  static List<JsonNode> objects(String text) {
    List<String> tries = new ArrayList<>();
    String stripped = text.strip();
    tries.add(stripped);
    List<String> lines = stripped.lines().map(String::strip).toList();
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).startsWith("{") && lines.get(i).endsWith("}")) {
        tries.add(lines.get(i));
      }
    }
    Matcher fenced = FENCED.matcher(stripped);
    while (fenced.find()) {
      tries.add(fenced.group(1).strip());
    }
    int first = stripped.indexOf('{');
    int last = stripped.lastIndexOf('}');
    if (first >= 0 && last > first) {
      tries.add(stripped.substring(first, last + 1));
    }
    List<JsonNode> found = new ArrayList<>();
    for (String t : new LinkedHashSet<>(tries)) {
      if (t.startsWith("{")) {
        try {
          JsonNode node = JSON.readTree(t);
          if (node != null && node.isObject()) {
            found.add(node);
          }
        } catch (Exception ignored) {
          // not JSON: the next way of reading the text may find it
        }
      }
    }
    return found;
  }

  /** {@code ERRORS_INVESTIGATE}, {@code errors investigate}, {@code errors}, {@code all-good}: all read. */
  static Verdict verdict(JsonNode node) {
    String v = node.asText("").strip().toUpperCase(Locale.ROOT).replaceAll("[^A-Z]+", "_");
    if (v.startsWith("ALL_GOOD") || v.equals("OK") || v.equals("GOOD")) {
      return Verdict.ALL_GOOD;
    }
    if (v.startsWith("ERROR")) {
      return Verdict.ERRORS_INVESTIGATE;
    }
    return Verdict.SUSPICIOUS_INVESTIGATE;
  }

  /** 0..1; a percentage (1 < x <= 100) is scaled, anything else unreadable is 0. */
  static double confidence(JsonNode node) {
    double c;
    if (node.isNumber()) {
      c = node.asDouble();
    } else if (node.isTextual()) {
      String t = node.asText().strip().replace("%", "");
      try {
        c = Double.parseDouble(t);
      } catch (NumberFormatException e) {
        return 0;
      }
    } else {
      return 0;
    }
    if (Double.isNaN(c) || c < 0) {
      return 0;
    }
    if (c > 1) {
      c = c <= 100 ? c / 100 : 1;
    }
    return c;
  }

  /** Strategy names: strings, or objects with a {@code name}, {@code strategy} or {@code action}. */
  private static List<String> suggestions(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (JsonNode item : node.isArray() ? node : List.of(node)) {
      Optional<String> name = item.isObject()
          ? text(item.path("name")).or(() -> text(item.path("strategy"))).or(() -> text(item.path("action")))
          : text(item);
      name.ifPresent(names::add);
    }
    return names;
  }

  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    for (JsonNode item : node.isArray() ? node : List.of(node)) {
      if (item.isValueNode()) {
        text(item).ifPresent(t -> out.add(clip(t)));
      } else if (!item.isMissingNode() && !item.isNull()) {
        out.add(clip(item.toString()));
      }
    }
    return out;
  }

  private static Optional<String> text(JsonNode node) {
    if (node == null || !node.isValueNode() || node.isNull()) {
      return Optional.empty();
    }
    String t = node.asText().strip();
    return t.isEmpty() ? Optional.empty() : Optional.of(t);
  }

  private static Long incidentNumber(JsonNode node) {
    if (node.canConvertToLong() && node.isIntegralNumber()) {
      return node.asLong();
    }
    String t = node.asText("").strip().replace("#", "");
    return t.matches("\\d{1,18}") ? Long.parseLong(t) : null;
  }

  /** The last line that says something: where a report's conclusion is. */
  static String lastLine(String text) {
    List<String> lines = text.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    return lines.isEmpty() ? "" : clip(lines.getLast());
  }

  private static String clip(String s) {
    return s.length() <= SUMMARY_CHARS ? s : s.substring(0, SUMMARY_CHARS - 1) + "…";
  }
}
