package dev.medic.mcp;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.analyze.Investigation;
import dev.medic.api.ApiServer;
import dev.medic.spi.Analysis;
import dev.medic.spi.Durations;
import dev.medic.spi.Incident;
import dev.medic.spi.IncidentBundle;
import dev.medic.store.AuditEntry;
import dev.medic.store.History;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An {@link Investigation} of a running medic through its REST API, for {@code medic mcp} on an
 * assistant's machine: every call is one request with the token, so the API's roles decide what the
 * token's holder may do, and the audit names that holder. An answer the API refuses becomes an
 * {@link IllegalArgumentException} (a mistake of the caller's) or an {@link IllegalStateException}
 * (medic could not answer), each with the API's reason.
 */
public final class RestInvestigation implements Investigation, BundleText {

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
  /** Analysts may wait for a model: as long as an LLM analyst's own timeout may run, and some. */
  private static final Duration ANALYZE_TIMEOUT = Duration.ofMinutes(5);
  private static final int MAX_OPEN = 10_000;

  private final URI api;
  private final String token;
  private final HttpClient http;
  private final ObjectMapper json = ApiServer.json()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /**
   * @param api the API's base, {@code http://127.0.0.1:8787}
   * @param token a bearer token; null to call as the anonymous reader
   */
  public RestInvestigation(URI api, String token) {
    String base = api.toString();
    this.api = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    this.token = token == null || token.isBlank() ? null : token.strip();
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @Override
  public List<Incident> openIncidents() {
    return read(ok(get("/api/incidents?state=open&limit=" + MAX_OPEN)), new TypeReference<>() {});
  }

  @Override
  public Optional<Incident> incident(long id) {
    return found(get("/api/incidents/" + id)).map(r -> convert(tree(r).path("incident"), Incident.class));
  }

  @Override
  public Optional<IncidentBundle> bundle(long incidentId) {
    return found(get("/api/incidents/" + incidentId + "/bundle")).map(r -> read(r, new TypeReference<>() {}));
  }

  @Override
  public Optional<String> markdown(long incidentId) {
    return found(get("/api/incidents/" + incidentId + "/bundle?format=markdown")).map(HttpResponse::body);
  }

  @Override
  public List<Analysis> analyses(long incidentId) {
    return read(ok(get("/api/incidents/" + incidentId + "/analyses")), new TypeReference<>() {});
  }

  /** The API names the token's holder in the audit; {@code by} is for in-process callers. */
  @Override
  public List<Analysis> analyze(long incidentId, List<String> analysts, String by) throws InterruptedException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("analysts", analysts.isEmpty() ? List.of("rules") : analysts);
    HttpResponse<String> r = send(post("/api/incidents/" + incidentId + "/analyze", body)
        .timeout(ANALYZE_TIMEOUT).build());
    return read(ok(r), new TypeReference<>() {});
  }

  /** Empty buckets for a target the API does not know, as the port promises. */
  @Override
  public History.Series history(String target, Instant from, Instant to, Duration step) {
    HttpResponse<String> r = get("/api/metrics/history?target=" + encode(target) + "&from=" + from + "&to=" + to
        + "&step=" + Durations.format(step));
    if (r.statusCode() == 404) {
      return new History.Series("raw", step, List.of());
    }
    JsonNode body = tree(ok(r));
    Duration width = Durations.parse(body.path("step").asText(Durations.format(step)));
    List<History.Bucket> buckets = new ArrayList<>();
    for (JsonNode b : body.path("buckets")) {
      buckets.add(new History.Bucket(Instant.parse(b.path("start").asText()), width, b.path("count").asLong(),
          b.path("failures").asLong(), number(b, "p50"), number(b, "p95"), number(b, "p99"), number(b, "max")));
    }
    return new History.Series(body.path("tier").asText("raw"), width, buckets);
  }

  @Override
  public List<AuditEntry> audit(Long incidentId, int limit) {
    return read(ok(get("/api/audit?limit=" + limit + (incidentId == null ? "" : "&incident=" + incidentId))),
        new TypeReference<>() {});
  }

  /** The API answers 202 when the proposal waits for approval and 409 with the reason when it is refused. */
  @Override
  public Proposal propose(long incidentId, String strategy, String by, String why) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("strategy", strategy);
    body.put("reason", why);
    HttpResponse<String> r;
    try {
      r = send(post("/api/incidents/" + incidentId + "/propose", body).timeout(READ_TIMEOUT).build());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while proposing to " + api, e);
    }
    if (r.statusCode() == 409 || r.statusCode() == 404) {
      return Proposal.refused(error(r));
    }
    JsonNode answer = tree(ok(r));
    return answer.path("accepted").asBoolean() && answer.hasNonNull("approval_id")
        ? Proposal.awaitingApproval(answer.get("approval_id").asLong(), answer.path("reason").asText(""))
        : Proposal.refused(answer.path("reason").asText("refused"));
  }

  // ---- HTTP ---------------------------------------------------------------------------------

  private HttpResponse<String> get(String path) {
    try {
      return send(request(path).timeout(READ_TIMEOUT).GET().build());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + api + path, e);
    }
  }

  private HttpRequest.Builder post(String path, Object body) {
    try {
      return request(path).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
    } catch (IOException e) {
      throw new IllegalStateException("could not write the request body", e);
    }
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + path)).header("Accept", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private HttpResponse<String> send(HttpRequest request) throws InterruptedException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("medic's API at " + api + " did not answer " + request.method() + " "
          + request.uri().getRawPath() + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
          + ". Is medic running there (--api)?", e);
    }
  }

  /** The response when it is 2xx; a refusal otherwise, with the API's reason. */
  private HttpResponse<String> ok(HttpResponse<String> r) {
    int status = r.statusCode();
    if (status >= 200 && status < 300) {
      return r;
    }
    String what = r.request().method() + " " + r.request().uri().getRawPath() + ": " + error(r);
    if (status == 401 || status == 403) {
      throw new IllegalArgumentException("medic's API refused " + what + " (HTTP " + status
          + "; give a token with --token or MEDIC_TOKEN)");
    }
    if (status >= 400 && status < 500) {
      throw new IllegalArgumentException(error(r));
    }
    throw new IllegalStateException("medic's API failed " + what + " (HTTP " + status + ")");
  }

  /** Empty for a 404 (no such incident), else as {@link #ok}. */
  private Optional<HttpResponse<String>> found(HttpResponse<String> r) {
    return r.statusCode() == 404 ? Optional.empty() : Optional.of(ok(r));
  }

  /** The API's {@code {"error": reason}}, or the status when the body is not that. */
  private String error(HttpResponse<String> r) {
    try {
      JsonNode body = json.readTree(r.body());
      if (body != null && body.hasNonNull("error")) {
        return body.get("error").asText();
      }
    } catch (IOException e) {
      // not JSON: say the status
    }
    return "HTTP " + r.statusCode();
  }

  private <T> T read(HttpResponse<String> r, TypeReference<T> type) {
    try {
      return json.readValue(r.body(), type);
    } catch (IOException e) {
      throw new IllegalStateException("medic's API answered " + r.request().uri().getRawPath()
          + " with what this medic mcp cannot read (versions apart?): " + e.getMessage(), e);
    }
  }

  private JsonNode tree(HttpResponse<String> r) {
    return read(r, new TypeReference<JsonNode>() {});
  }

  private <T> T convert(JsonNode node, Class<T> type) {
    try {
      return json.treeToValue(node, type);
    } catch (IOException e) {
      throw new IllegalStateException("medic's API answered an incident this medic mcp cannot read: "
          + e.getMessage(), e);
    }
  }

  private static Double number(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asDouble();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
