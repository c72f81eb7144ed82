package dev.medic.api;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One endpoint of the API: where it is, who may call it, what it does and what it answers. The
 * server registers routes from these, {@link Access} guards them by {@link #role()}, and the
 * OpenAPI document is written from the same records, so the three cannot drift apart.
 *
 * @param params path and query parameters, in the order the document lists them
 * @param responses status code to what it means; every route also answers 401/403 when its role
 *     is above {@link Role#PUBLIC}
 * @param body an example request body, null for routes that take none
 * @param consumes the body's media type: JSON, or a form ({@code application/x-www-form-urlencoded})
 */
public record Route(HandlerType method, String path, Role role, String summary, List<Param> params,
    Map<Integer, String> responses, String body, String consumes, String produces, Handler handler) {

  public static final String JSON = "application/json";
  public static final String FORM = "application/x-www-form-urlencoded";

  /** A path ({@code in: path}) or query parameter. */
  public record Param(String name, String in, String type, boolean required, String description) {}

  public Route {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(handler, "handler");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with '/', got '" + path + "'");
    }
    params = List.copyOf(params);
    responses = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(responses));
    produces = produces == null ? JSON : produces;
    consumes = consumes == null ? JSON : consumes;
  }

  public static Builder get(String path, Role role, String summary) {
    return new Builder(HandlerType.GET, path, role, summary);
  }

  public static Builder post(String path, Role role, String summary) {
    return new Builder(HandlerType.POST, path, role, summary);
  }

  public static Builder put(String path, Role role, String summary) {
    return new Builder(HandlerType.PUT, path, role, summary);
  }

  public static Builder delete(String path, Role role, String summary) {
    return new Builder(HandlerType.DELETE, path, role, summary);
  }

  /** Declares a route step by step; {@link #handle} ends it. */
  public static final class Builder {
    private final HandlerType method;
    private final String path;
    private final Role role;
    private final String summary;
    private final List<Param> params = new ArrayList<>();
    private final Map<Integer, String> responses = new LinkedHashMap<>();
    private String body;
    private String consumes;
    private String produces;

    private Builder(HandlerType method, String path, Role role, String summary) {
      this.method = method;
      this.path = path;
      this.role = role;
      this.summary = summary;
      for (String part : path.split("/")) {
        if (part.startsWith("{") && part.endsWith("}")) {
          params.add(new Param(part.substring(1, part.length() - 1), "path", "string", true, ""));
        }
      }
    }

    /** Describes a path parameter the path already names, with its type. */
    public Builder path(String name, String type, String description) {
      params.replaceAll(p -> p.in().equals("path") && p.name().equals(name)
          ? new Param(name, "path", type, true, description) : p);
      return this;
    }

    public Builder query(String name, String type, String description) {
      params.add(new Param(name, "query", type, false, description));
      return this;
    }

    public Builder requiredQuery(String name, String type, String description) {
      params.add(new Param(name, "query", type, true, description));
      return this;
    }

    /** A JSON body, shown by an example. */
    public Builder body(String example) {
      this.body = example;
      this.consumes = JSON;
      return this;
    }

    /** A form body ({@code a=1&b=2}), as an HTML form posts it, shown by an example. */
    public Builder form(String example) {
      this.body = example;
      this.consumes = FORM;
      return this;
    }

    public Builder produces(String contentType) {
      this.produces = contentType;
      return this;
    }

    public Builder responds(int status, String meaning) {
      responses.put(status, meaning);
      return this;
    }

    public Route handle(Handler handler) {
      if (responses.isEmpty()) {
        responses.put(200, "OK");
      }
      return new Route(method, path, role, summary, params, responses, body, consumes, produces, handler);
    }
  }
}
