package dev.medic.notify.webhook;

import dev.medic.http.BodyEscape;
import dev.medic.notify.NoticeText;
import dev.medic.spi.Incident;
import dev.medic.spi.Notice;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A webhook's own body: a template whose {@code {placeholders}} are filled from the notice in one
 * pass, each value escaped for the body's content type (a reason that holds a quote, a newline or
 * {@code {target}} stays data). Templates are checked when the config loads: every placeholder must
 * be known, and a JSON template must still be JSON once filled.
 */
final class WebhookTemplate {

  /** Every placeholder, in the order the docs list them. */
  static final List<String> FIELDS = List.of("event", "target", "condition", "severity", "incident_id", "reason",
      "message", "state", "opened_at", "idempotency_key", "headline");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

  private WebhookTemplate() {}

  /**
   * Refuses a template that cannot be filled: an unknown placeholder (named, with the known ones), or
   * a JSON body that is not JSON once filled with plain words.
   */
  static void check(String template, BodyEscape escape) {
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      if (!FIELDS.contains(m.group(1))) {
        throw new IllegalArgumentException("body has an unknown placeholder {" + m.group(1) + "}; known: "
            + String.join(", ", FIELDS.stream().map(f -> "{" + f + "}").toList()));
      }
    }
    if (escape == BodyEscape.JSON) {
      Map<String, String> sample = new LinkedHashMap<>();
      FIELDS.forEach(f -> sample.put(f, "x"));
      sample.put("incident_id", "1");
      BodyEscape.notJson(fill(template, sample, escape)).ifPresent(problem -> {
        throw new IllegalArgumentException("body must be JSON once filled in (content_type is JSON); put"
            + " placeholders inside JSON strings, like {\"target\": \"{target}\"}: " + problem);
      });
    }
  }

  static String render(String template, Notice notice, BodyEscape escape) {
    return fill(template, values(notice), escape);
  }

  private static String fill(String template, Map<String, String> values, UnaryOperator<String> escape) {
    // One pass: a value that itself holds "{target}" is data, not filled in again.
    return PLACEHOLDER.matcher(template).replaceAll(m -> {
      String value = values.get(m.group(1));
      return Matcher.quoteReplacement(value == null ? m.group() : escape.apply(value));
    });
  }

  private static Map<String, String> values(Notice notice) {
    Incident i = notice.incident();
    Map<String, String> v = new LinkedHashMap<>();
    v.put("event", notice.kind().key());
    v.put("target", i.target());
    v.put("condition", i.condition());
    v.put("severity", i.severity().key());
    v.put("incident_id", Long.toString(i.id()));
    v.put("reason", notice.reason());
    v.put("message", i.message() == null ? "" : i.message());
    v.put("state", i.state().key());
    v.put("opened_at", i.openedAt().toString());
    v.put("idempotency_key", notice.idempotencyKey());
    v.put("headline", NoticeText.headline(notice));
    return v;
  }
}
