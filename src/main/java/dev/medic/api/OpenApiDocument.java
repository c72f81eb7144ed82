package dev.medic.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes the OpenAPI 3.1 document of the API from its {@link Route} records, so the contract is
 * the routes the server registers, with the role each needs, and cannot drift from them.
 */
public final class OpenApiDocument {

  /** The cookie the login page sets; the access part names it. */
  static final String SESSION_COOKIE = "medic_session";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String version;

  /** @param version medic's version, shown as the document's {@code info.version} */
  public OpenApiDocument(String version) {
    this.version = version;
  }

  /** medic's version from the jar's manifest, or {@code dev} when run from classes. */
  public static String medicVersion() {
    String v = OpenApiDocument.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** @param serverUrl where the API is reached ({@code http://host:port}), or {@code /} */
  public ObjectNode of(List<Route> routes, String serverUrl) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("openapi", "3.1.0");
    ObjectNode info = doc.putObject("info");
    info.put("title", "medic");
    info.put("version", version);
    info.put("description", "medic's HTTP API. Roles: viewer reads, operator acknowledges, silences, approves and"
        + " triggers, admin changes config and uses debug endpoints. Errors answer {\"error\": \"reason\"}.");
    doc.putArray("servers").addObject().put("url", serverUrl);
    ObjectNode paths = doc.putObject("paths");
    Set<String> operationIds = new HashSet<>();
    for (Route route : routes) {
      ObjectNode item = paths.has(route.path()) ? (ObjectNode) paths.get(route.path()) : paths.putObject(route.path());
      item.set(route.method().name().toLowerCase(Locale.ROOT), operation(route, operationIds));
    }
    ObjectNode components = doc.putObject("components");
    ObjectNode schemes = components.putObject("securitySchemes");
    schemes.putObject("bearer").put("type", "http").put("scheme", "bearer")
        .put("description", "an API token: Authorization: Bearer <token>");
    schemes.putObject("cookie").put("type", "apiKey").put("in", "cookie").put("name", SESSION_COOKIE)
        .put("description", "the session the login page starts");
    components.putObject("schemas").putObject("Error").put("type", "object")
        .putArray("required").add("error");
    ((ObjectNode) components.get("schemas").get("Error")).putObject("properties").putObject("error").put("type", "string");
    return doc;
  }

  private ObjectNode operation(Route route, Set<String> operationIds) {
    ObjectNode op = JSON.createObjectNode();
    op.put("operationId", unique(operationId(route), operationIds));
    op.put("summary", route.summary());
    op.putArray("tags").add(tag(route.path()));
    op.put("x-medic-role", route.role().key());
    if (!route.params().isEmpty()) {
      ArrayNode params = op.putArray("parameters");
      for (Route.Param p : route.params()) {
        ObjectNode param = params.addObject();
        param.put("name", p.name());
        param.put("in", p.in());
        param.put("required", p.required());
        if (!p.description().isEmpty()) {
          param.put("description", p.description());
        }
        param.putObject("schema").put("type", p.type());
      }
    }
    if (route.body() != null) {
      ObjectNode media = op.putObject("requestBody").put("required", true)
          .putObject("content").putObject(route.consumes());
      media.putObject("schema").put("type", "object");
      if (!route.consumes().equals(Route.JSON)) {
        media.put("example", route.body());
      } else {
        try {
          media.set("example", JSON.readTree(route.body()));
        } catch (JsonProcessingException e) {
          throw new IllegalStateException("example body of " + route.method() + " " + route.path() + " is not JSON", e);
        }
      }
    }
    ObjectNode responses = op.putObject("responses");
    for (Map.Entry<Integer, String> r : route.responses().entrySet()) {
      responses.set(String.valueOf(r.getKey()), response(r.getKey(), r.getValue(), route.produces()));
    }
    if (route.role() != Role.PUBLIC) {
      responses.set("401", response(401, "no valid token or session", route.produces()));
      responses.set("403", response(403, "the caller's role is below " + route.role().key(), route.produces()));
      ArrayNode security = op.putArray("security");
      security.addObject().putArray("bearer");
      security.addObject().putArray("cookie");
    } else {
      op.putArray("security");
    }
    return op;
  }

  /**
   * Successes in the route's content type; errors in JSON, except on pages, whose errors are pages
   * too; redirects have no body worth describing.
   */
  private static ObjectNode response(int status, String description, String produces) {
    ObjectNode response = JSON.createObjectNode().put("description", description);
    if (status >= 300 && status < 400) {
      return response;
    }
    String routeType = produces.split(";")[0].strip();
    boolean error = status >= 400 && !routeType.equals("text/html");
    String type = error ? "application/json" : routeType;
    ObjectNode media = response.putObject("content").putObject(type);
    if (error) {
      media.putObject("schema").put("$ref", "#/components/schemas/Error");
    } else if (!type.equals("application/json")) {
      media.putObject("schema").put("type", "string");
    }
    return response;
  }

  /** {@code GET /api/alerts/{id}/acknowledge} -> {@code postAlertsIdAcknowledge}. */
  static String operationId(Route route) {
    StringBuilder id = new StringBuilder(route.method().name().toLowerCase(Locale.ROOT));
    for (String part : route.path().split("[/._{}-]+")) {
      if (!part.isEmpty() && !part.equals("api")) {
        id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return id.toString();
  }

  private static String unique(String id, Set<String> taken) {
    String candidate = id;
    for (int n = 2; !taken.add(candidate); n++) {
      candidate = id + n;
    }
    return candidate;
  }

  /** The first part of the path after {@code /api}: the group a route belongs to. */
  private static String tag(String path) {
    String[] parts = path.replaceFirst("^/api", "").split("/");
    return parts.length > 1 && !parts[1].isEmpty() && !parts[1].startsWith("{") ? parts[1] : "medic";
  }
}
