package dev.medic.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The few calls of the Docker Engine API medic makes, on unversioned paths so the engine answers
 * in its own current version (Docker, and Podman's compatible API, accept them). Every call has a
 * deadline; every failure names the engine and the call.
 */
final class DockerClient implements AutoCloseable {

  private final DockerEndpoint endpoint;
  private final Transport transport;
  private final Duration timeout;
  private final ObjectMapper json = new ObjectMapper();

  private DockerClient(DockerEndpoint endpoint, Transport transport, Duration timeout) {
    this.endpoint = endpoint;
    this.transport = transport;
    this.timeout = timeout;
  }

  /** A client whose every call ends within {@code timeout}. */
  static DockerClient open(DockerEndpoint endpoint, Duration timeout) throws DockerException {
    if (endpoint.socket() != null) {
      return new DockerClient(endpoint, new UnixTransport(endpoint.socket()), timeout);
    }
    try {
      return new DockerClient(endpoint, new TcpTransport(endpoint.http(), endpoint.tls(), timeout), timeout);
    } catch (IOException | GeneralSecurityException e) {
      throw new DockerException(endpoint + ": cannot set up TLS: " + e.getMessage(), 0, e);
    }
  }

  DockerEndpoint endpoint() {
    return endpoint;
  }

  /** The engine's API version (from {@code /_ping}'s {@code API-Version} header, or "unknown"). */
  String ping() throws DockerException, InterruptedException {
    HttpReply r = call("GET", "/_ping", null);
    return r.headers().getOrDefault("api-version", "unknown");
  }

  /** {@code GET /containers/{name}/json}; empty when there is no such container. */
  Optional<JsonNode> inspect(String nameOrId) throws DockerException, InterruptedException {
    HttpReply r = exchange("GET", "/containers/" + segment(nameOrId) + "/json", null, Duration.ZERO);
    if (r.status() == 404) {
      return Optional.empty();
    }
    return Optional.of(body("GET /containers/" + nameOrId + "/json", r));
  }

  /** Containers (also stopped ones) carrying every one of the labels. */
  List<JsonNode> list(Map<String, String> labels) throws DockerException, InterruptedException {
    List<String> filters = new ArrayList<>();
    labels.forEach((k, v) -> filters.add(v == null || v.isEmpty() ? k : k + "=" + v));
    String query = json.createObjectNode().set("label", json.valueToTree(filters)).toString();
    HttpReply r = call("GET", "/containers/json?all=1&filters=" + URLEncoder.encode(query, StandardCharsets.UTF_8), null);
    List<JsonNode> out = new ArrayList<>();
    body("GET /containers/json", r).forEach(out::add);
    return out;
  }

  /** One sample of resource use ({@code stream=false}, {@code one-shot=true} where supported). */
  JsonNode stats(String id) throws DockerException, InterruptedException {
    return body("GET /containers/" + id + "/stats",
        call("GET", "/containers/" + segment(id) + "/stats?stream=false&one-shot=true", null));
  }

  /** Lines of stdout and stderr written at or after {@code since}, with the engine's timestamps. */
  List<LogLine> logs(String id, Instant since, boolean tty) throws DockerException, InterruptedException {
    String s = since.getEpochSecond() + "." + String.format("%09d", since.getNano());
    HttpReply r = call("GET", "/containers/" + segment(id) + "/logs?stdout=1&stderr=1&timestamps=1&since=" + s, null);
    return LogFrames.parse(r.body(), tty);
  }

  /** Starts a container; false when it was already running (the engine answers 304). */
  boolean start(String id) throws DockerException, InterruptedException {
    return call("POST", "/containers/" + segment(id) + "/start", null).status() != 304;
  }

  /** Stops a container, killing it after {@code graceSeconds}; false when it was not running. */
  boolean stop(String id, int graceSeconds) throws DockerException, InterruptedException {
    return call("POST", "/containers/" + segment(id) + "/stop?t=" + graceSeconds, null, Duration.ofSeconds(graceSeconds)).status() != 304;
  }

  void restart(String id, int graceSeconds) throws DockerException, InterruptedException {
    call("POST", "/containers/" + segment(id) + "/restart?t=" + graceSeconds, null, Duration.ofSeconds(graceSeconds));
  }

  void kill(String id, String signal) throws DockerException, InterruptedException {
    call("POST", "/containers/" + segment(id) + "/kill?signal=" + URLEncoder.encode(signal, StandardCharsets.UTF_8), null);
  }

  /** Creates a container from a full create body (image, cmd, healthcheck, host config); its id. */
  String create(String name, ObjectNode config) throws DockerException, InterruptedException {
    HttpReply r = call("POST", "/containers/create?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8),
        config.toString().getBytes(StandardCharsets.UTF_8));
    return body("POST /containers/create", r).path("Id").asText();
  }

  void remove(String id) throws DockerException, InterruptedException {
    HttpReply r = exchange("DELETE", "/containers/" + segment(id) + "?force=1", null, Duration.ZERO);
    if (r.status() >= 400 && r.status() != 404) {
      throw refused("DELETE /containers/" + id, r);
    }
  }

  ObjectMapper json() {
    return json;
  }

  private HttpReply call(String method, String path, byte[] body) throws DockerException, InterruptedException {
    return call(method, path, body, Duration.ZERO);
  }

  /** A call the engine must accept (2xx or 304); {@code extra} is time the engine itself takes (a stop's grace). */
  private HttpReply call(String method, String path, byte[] body, Duration extra) throws DockerException, InterruptedException {
    HttpReply r = exchange(method, path, body, extra);
    if (r.status() >= 400) {
      throw refused(method + " " + path, r);
    }
    return r;
  }

  private HttpReply exchange(String method, String path, byte[] body, Duration extra) throws DockerException, InterruptedException {
    try {
      return transport.exchange(method, path, body, timeout.plus(extra));
    } catch (IOException e) {
      // An interrupt (the scheduler ending an overdue run) shows as one of these, or as the flag.
      if (e instanceof java.nio.channels.ClosedByInterruptException || Thread.currentThread().isInterrupted()
          || (e instanceof java.io.InterruptedIOException && !(e instanceof java.net.SocketTimeoutException))) {
        throw new InterruptedException(endpoint + " " + method + " " + path + ": interrupted");
      }
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new DockerException(endpoint + " " + method + " " + path + ": " + why, 0, e);
    }
  }

  private DockerException refused(String call, HttpReply r) {
    String message = r.text().strip();
    try {
      JsonNode m = json.readTree(r.body()).path("message");
      if (m.isTextual()) {
        message = m.asText();
      }
    } catch (IOException e) {
      // not JSON: keep the text
    }
    return new DockerException(endpoint + " " + call + ": HTTP " + r.status() + " " + message, r.status(), null);
  }

  private JsonNode body(String call, HttpReply r) throws DockerException {
    try {
      return json.readTree(r.body());
    } catch (IOException e) {
      throw new DockerException(endpoint + " " + call + ": answer is not JSON: " + e.getMessage(), r.status(), e);
    }
  }

  private static String segment(String nameOrId) {
    return URLEncoder.encode(nameOrId, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    if (transport instanceof TcpTransport t) {
      t.close();
    }
  }
}
