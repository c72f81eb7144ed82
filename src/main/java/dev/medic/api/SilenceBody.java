package dev.medic.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.medic.config.LabelMatcher;
import dev.medic.silence.SilenceRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the body of {@code POST /api/silences}: {@code {"matchers": [{"name": "target", "value":
 * "db"}, "team=~db|cache"], "duration": "2h", "comment": "...", "author": "alice"}}. Each problem
 * is a {@link IllegalArgumentException} whose message starts with the field.
 */
final class SilenceBody {

  private static final List<String> FIELDS =
      List.of("matchers", "starts_at", "ends_at", "duration", "comment", "author", "allow_healing");
  static final String EXAMPLE = "{\"matchers\": [{\"name\": \"target\", \"value\": \"db\"}], \"duration\": \"2h\","
      + " \"comment\": \"disk swap\", \"author\": \"alice\"}";

  private SilenceBody() {}

  /** @param body a JSON object */
  static SilenceRequest read(JsonNode body) {
    body.fieldNames().forEachRemaining(f -> {
      if (!FIELDS.contains(f)) {
        throw new IllegalArgumentException("unknown field '" + f + "' (expected " + String.join(", ", FIELDS) + ")");
      }
    });
    JsonNode allow = body.get("allow_healing");
    if (allow != null && !allow.isNull() && !allow.isBoolean()) {
      throw new IllegalArgumentException("allow_healing must be true or false, got " + allow);
    }
    return new SilenceRequest(
        matchers(body.get("matchers")),
        body.hasNonNull("starts_at") ? SilenceRequest.time("starts_at", text(body, "starts_at")) : null,
        body.hasNonNull("ends_at") ? SilenceRequest.time("ends_at", text(body, "ends_at")) : null,
        body.hasNonNull("duration") ? SilenceRequest.length("duration", text(body, "duration")) : null,
        body.hasNonNull("comment") ? text(body, "comment") : null,
        body.hasNonNull("author") ? text(body, "author") : null,
        allow != null && allow.asBoolean());
  }

  private static String text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (!value.isTextual()) {
      throw new IllegalArgumentException(field + " must be a string, got " + value);
    }
    return value.asText();
  }

  /** Each matcher an object {@code {"name", "operator", "value"}} or the short form {@code "team=~db|cache"}. */
  private static List<LabelMatcher> matchers(JsonNode list) {
    if (list == null || list.isNull()) {
      return List.of();
    }
    if (!list.isArray()) {
      throw new IllegalArgumentException("matchers must be a list, got " + list);
    }
    List<LabelMatcher> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode m = list.get(i);
      String field = "matchers[" + i + "]";
      try {
        if (m.isTextual()) {
          out.add(LabelMatcher.parse(m.asText()));
        } else if (m.isObject()) {
          out.add(new LabelMatcher(stringOrNull(m, "name"), stringOrNull(m, "operator"), stringOrNull(m, "value")));
        } else {
          throw new IllegalArgumentException("expected {\"name\": ..., \"operator\": ..., \"value\": ...} or"
              + " \"name=value\", got " + m);
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  private static String stringOrNull(JsonNode m, String field) {
    JsonNode v = m.get(field);
    return v == null || v.isNull() ? null : v.isTextual() ? v.asText() : v.toString();
  }
}
