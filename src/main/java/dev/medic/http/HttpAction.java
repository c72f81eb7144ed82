package dev.medic.http;

import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import dev.medic.spi.ActionSpec;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sends an HTTP request (for example an admin endpoint that flushes a cache). A JSON body (its
 * {@code Content-Type} says json, or it has none and starts with <code>{</code> or {@code [}) gets
 * its incident fields JSON-escaped, so a quote or newline in a target's name stays inside its
 * string; a form body gets them URL-encoded. The JSON template is checked when the config loads.
 */
public record HttpAction(
    String url,
    String method,
    Map<String, String> headers,
    String body,
    Duration timeout,
    List<Integer> expectStatus)
    implements ActionSpec {

  public HttpAction {
    if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
      throw new IllegalArgumentException("url must start with http:// or https://, got " + url);
    }
    method = method == null ? "POST" : method.toUpperCase();
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    expectStatus = expectStatus == null ? List.of() : List.copyOf(expectStatus);
    if (body != null && json(headers, body)) {
      checkJsonTemplate(body);
    }
  }

  /** Whether the body is JSON: its Content-Type says so, or it has none and looks like JSON. */
  private static boolean json(Map<String, String> headers, String body) {
    String type = contentType(headers);
    if (type != null) {
      return type.toLowerCase(Locale.ROOT).contains("json");
    }
    String b = body.strip();
    return b.startsWith("{") || b.startsWith("[");
  }

  private static String contentType(Map<String, String> headers) {
    return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Content-Type"))
        .map(Map.Entry::getValue).findFirst().orElse(null);
  }

  /**
   * A template that is not JSON once filled in would fail at the worst moment; one with a field
   * outside a string ({@code {"t": {target}}}) would let a target's name add keys. Both are refused
   * here: filled with a plain word (and a number for {@code {incident_id}}), it must parse.
   */
  private static void checkJsonTemplate(String body) {
    String sample = body.replace("{target}", "x").replace("{condition}", "x").replace("{severity}", "x")
        .replace("{incident_id}", "1");
    BodyEscape.notJson(sample).ifPresent(problem -> {
      if (problem.equals(BodyEscape.TRAILING_TEXT)) {
        throw new IllegalArgumentException("body is JSON but has text after its end: " + body);
      }
      throw new IllegalArgumentException("body is JSON (by its Content-Type or its first character) but is not"
          + " valid JSON once filled in; put {target}, {condition} and {severity} inside a JSON string, like"
          + " {\"target\": \"{target}\"}: " + problem + ", in: " + body);
    });
  }

  /** The body for this incident, each field escaped for the body's kind. */
  String body(ActionContext context) {
    if (json(headers, body)) {
      return context.render(body, BodyEscape.JSON);
    }
    String type = contentType(headers);
    if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      return context.render(body, BodyEscape.FORM);
    }
    return context.render(body);
  }

  /** Incident fields are URL-encoded into the URL so they cannot change its structure. */
  URI uri(ActionContext context) {
    String rendered =
        url.replace("{target}", enc(context.incident().target()))
            .replace("{condition}", enc(context.incident().condition()))
            .replace("{incident_id}", Long.toString(context.incident().id()))
            .replace("{severity}", context.incident().severity().key());
    return URI.create(rendered);
  }

  private static String enc(String s) {
    return BodyEscape.FORM.apply(s);
  }

  @Override
  public String describe(ActionContext context) {
    return "http " + method + " " + uri(context);
  }

  @Override
  public ActionOutcome run(ActionContext context) throws InterruptedException {
    Map<String, String> sent = new java.util.LinkedHashMap<>(headers);
    if (body != null && contentType(headers) == null && json(headers, body)) {
      sent.put("Content-Type", "application/json");
    }
    byte[] content = body == null ? null : body(context).getBytes(StandardCharsets.UTF_8);
    try {
      PlainHttp.Response r = PlainHttp.once(new PlainHttp.Request(uri(context), method, sent, content),
          effectiveTimeout(), 0); // only the status decides: the body is not kept
      boolean accepted = expectStatus.isEmpty() ? r.status() >= 200 && r.status() < 300 : expectStatus.contains(r.status());
      String detail = "status " + r.status();
      return accepted ? ActionOutcome.ok(detail) : ActionOutcome.failed(detail);
    } catch (IOException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("stopped while calling " + uri(context));
      }
      return ActionOutcome.failed(e.toString());
    }
  }

  @Override
  public List<dev.medic.spi.SpecProblem> problems() {
    HttpValues values = new HttpValues().method("method", method).headers("headers", headers);
    // Placeholders are filled in URL-encoded at run time: a sample incident shows whether the URL
    // can ever be built.
    String sample = url.replace("{target}", "t").replace("{condition}", "c")
        .replace("{incident_id}", "1").replace("{severity}", "critical");
    try {
      values.url("url", new java.net.URI(sample));
    } catch (java.net.URISyntaxException e) {
      return java.util.stream.Stream.concat(values.problems().stream(), java.util.stream.Stream.of(new dev.medic.spi.SpecProblem(
          "url", "not a valid URL: " + e.getReason() + " at index " + e.getIndex() + " of '" + url + "'"))).toList();
    }
    return values.problems();
  }
}
