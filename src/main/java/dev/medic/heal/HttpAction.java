package dev.medic.heal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Sends an HTTP request (for example an admin endpoint that flushes a cache). */
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
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public String describe(ActionContext context) {
    return "http " + method + " " + uri(context);
  }

  @Override
  public ActionOutcome run(ActionContext context) throws InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(context)).timeout(effectiveTimeout());
    headers.forEach(b::header);
    b.method(method, body == null
        ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(context.render(body)));
    try {
      HttpResponse<String> r = context.http().send(b.build(), HttpResponse.BodyHandlers.ofString());
      boolean accepted = expectStatus.isEmpty()
          ? r.statusCode() >= 200 && r.statusCode() < 300
          : expectStatus.contains(r.statusCode());
      String detail = "status " + r.statusCode();
      return accepted ? ActionOutcome.ok(detail) : ActionOutcome.failed(detail);
    } catch (IOException e) {
      return ActionOutcome.failed(e.toString());
    }
  }
}
