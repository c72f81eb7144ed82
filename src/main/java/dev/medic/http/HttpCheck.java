package dev.medic.http;

import dev.medic.spi.Probe;
import dev.medic.spi.ProbeContext;
import dev.medic.spi.ProbeResult;
import dev.medic.spi.CheckSpec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An HTTP request with expectations on status, body and latency.
 *
 * <p>Conditions: {@code http_timeout} (no answer in time), {@code http_error} (refused, wrong status
 * or body), {@code http_slow} (answered correctly but above {@code max_latency}: DEGRADED).
 *
 * <p>{@code json_metrics} turns numbers in a JSON body into metrics for threshold rules, e.g. {@code
 * {gpu_memory_pct: /gpu/used_pct}} then {@code gpu_memory_pct > 95 for 60s as gpu_memory_full}.
 */
public record HttpCheck(
    String name,
    Duration interval,
    Duration timeout,
    URI url,
    String method,
    Map<String, String> headers,
    String body,
    List<Integer> expectStatus,
    String bodyContains,
    Pattern bodyMatches,
    JsonExpectation json,
    Duration maxLatency,
    Boolean tlsVerify,
    Map<String, String> jsonMetrics)
    implements CheckSpec {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A JSON pointer into the response body and the text it must equal. */
  public record JsonExpectation(String pointer, String equals) {
    public JsonExpectation {
      if (pointer == null || !pointer.startsWith("/")) {
        throw new IllegalArgumentException("json.pointer must start with '/', got " + pointer);
      }
    }
  }

  public HttpCheck {
    name = name == null ? "http" : name;
    if (url == null) {
      throw new IllegalArgumentException("url is required");
    }
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
      throw new IllegalArgumentException("url must be http:// or https://, got " + url);
    }
    method = method == null ? "GET" : method.toUpperCase();
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    expectStatus = expectStatus == null ? List.of() : List.copyOf(expectStatus);
    tlsVerify = tlsVerify == null ? Boolean.TRUE : tlsVerify;
    jsonMetrics = jsonMetrics == null ? Map.of() : Map.copyOf(jsonMetrics);
    for (var e : jsonMetrics.entrySet()) {
      if (!e.getKey().matches("[a-z_][a-z0-9_]*")) {
        throw new IllegalArgumentException("json_metrics names must look like gpu_memory_pct, got '" + e.getKey() + "'");
      }
      if (e.getValue() == null || !e.getValue().startsWith("/")) {
        throw new IllegalArgumentException("json_metrics." + e.getKey() + " must be a JSON pointer starting with '/', got " + e.getValue());
      }
    }
  }

  private boolean needsBody() {
    return bodyContains != null || bodyMatches != null || json != null || !jsonMetrics.isEmpty();
  }

  private boolean statusAccepted(int status) {
    return expectStatus.isEmpty() ? status >= 200 && status < 400 : expectStatus.contains(status);
  }

  @Override
  public java.util.Set<String> conditions() {
    return java.util.Set.of("http_timeout", "http_error", "http_slow");
  }

  /** The URL's host and port (80 or 443 when it names none). */
  @Override
  public java.util.Optional<java.net.InetSocketAddress> connectsTo() {
    if (url.getHost() == null) {
      return java.util.Optional.empty();
    }
    int port = url.getPort() > 0 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
    return java.util.Optional.of(java.net.InetSocketAddress.createUnresolved(url.getHost(), port));
  }

  public Probe create(ProbeContext context) {
    if (!"https".equals(url.getScheme())) {
      return probe(null);
    }
    return probe(tlsVerify ? TlsConnector.verifying() : TlsConnector.trustingAll());
  }

  /**
   * One kept-alive connection per check, driven on the check's own thread ({@link PlainHttp}),
   * for {@code http://} and {@code https://} alike; {@code tls} decides which certificates an
   * {@code https://} URL accepts.
   */
  Probe probe(TlsConnector tls) {
    PlainHttp connection = new PlainHttp(url, method, headers, body, tls);
    boolean readBody = needsBody();
    return new Probe() {
      @Override
      public ProbeResult run(Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        try {
          PlainHttp.Response response = connection.exchange(timeout, readBody);
          return judge(start, response.status(), response.body());
        } catch (SocketTimeoutException e) {
          Duration took = Duration.ofNanos(System.nanoTime() - start);
          String what = e instanceof TlsConnector.HandshakeTimeout ? "no TLS handshake" : "no answer";
          return ProbeResult.down(took, Map.of(), "http_timeout", what + " within " + timeout.toMillis() + " ms");
        } catch (ConnectException e) {
          interruptedCheck();
          Duration took = Duration.ofNanos(System.nanoTime() - start);
          return ProbeResult.down(took, Map.of(), "http_error", "connection refused: " + url);
        } catch (TlsConnector.Refused e) {
          interruptedCheck();
          Duration took = Duration.ofNanos(System.nanoTime() - start);
          return ProbeResult.down(took, Map.of(), "http_error", e.getMessage());
        } catch (IOException e) {
          interruptedCheck();
          Duration took = Duration.ofNanos(System.nanoTime() - start);
          return ProbeResult.down(took, Map.of(), "http_error", e.toString());
        }
      }

      @Override
      public void close() {
        connection.close();
      }
    };
  }

  /** An interrupted run (the scheduler gave up on it) ends as an interrupted run, not as an I/O error. */
  private static void interruptedCheck() throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
  }

  private ProbeResult judge(long start, int status, String text) {
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    Map<String, Double> metrics = Map.of("latency_ms", took.toNanos() / 1e6, "status_code", (double) status);
    if (!statusAccepted(status)) {
      return ProbeResult.down(took, metrics, "http_error", "status " + status);
    }
    if (!jsonMetrics.isEmpty()) {
      metrics = withJsonMetrics(metrics, text);
    }
    String bodyProblem = needsBody() ? bodyProblem(text) : null;
    if (bodyProblem != null) {
      return ProbeResult.down(took, metrics, "http_error", bodyProblem);
    }
    if (maxLatency != null && took.compareTo(maxLatency) > 0) {
      return ProbeResult.degraded(
          took, metrics, "http_slow", "took " + took.toMillis() + " ms > " + maxLatency.toMillis() + " ms");
    }
    return ProbeResult.up(took, metrics, "status " + status);
  }

  private Map<String, Double> withJsonMetrics(Map<String, Double> base, String text) {
    Map<String, Double> all = new java.util.HashMap<>(base);
    try {
      JsonNode root = JSON.readTree(text);
      for (var e : jsonMetrics.entrySet()) {
        JsonNode node = root.at(e.getValue());
        if (node.isNumber()) {
          all.put(e.getKey(), node.asDouble());
        } else if (node.isBoolean()) {
          all.put(e.getKey(), node.asBoolean() ? 1.0 : 0.0);
        } else if (node.isTextual()) {
          try {
            all.put(e.getKey(), Double.parseDouble(node.asText().strip()));
          } catch (NumberFormatException ignored) {
            // not a number: the metric is absent from this observation
          }
        }
      }
    } catch (IOException e) {
      // not JSON: no metrics from the body; a json expectation reports the problem
    }
    return all;
  }

  private String bodyProblem(String text) {
    if (bodyContains != null && !text.contains(bodyContains)) {
      return "body does not contain '" + bodyContains + "'";
    }
    if (bodyMatches != null && !bodyMatches.matcher(text).find()) {
      return "body does not match /" + bodyMatches.pattern() + "/";
    }
    if (json != null) {
      try {
        JsonNode node = JSON.readTree(text).at(json.pointer());
        if (node.isMissingNode()) {
          return "json " + json.pointer() + " is missing";
        }
        if (json.equals() != null && !json.equals().equals(node.asText())) {
          return "json " + json.pointer() + " is '" + node.asText() + "', expected '" + json.equals() + "'";
        }
      } catch (IOException e) {
        return "body is not JSON: " + e.getMessage();
      }
    }
    return null;
  }

  @Override
  public List<dev.medic.spi.SpecProblem> problems() {
    return new HttpValues().url("url", url).method("method", method).headers("headers", headers).problems();
  }
}
