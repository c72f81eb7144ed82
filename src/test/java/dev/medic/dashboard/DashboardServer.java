package dev.medic.dashboard;

import dev.medic.api.Access;
import dev.medic.api.ApiModule;
import dev.medic.api.ApiServer;
import dev.medic.api.Route;
import io.javalin.config.JavalinConfig;
import dev.medic.api.Caller;
import dev.medic.api.Role;
import io.javalin.http.ForbiddenResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The real HTTP server on a free port with only the dashboard module, admitting every request as
 * one caller with one role (and refusing routes above it with 403, as the real access control does).
 */
final class DashboardServer implements AutoCloseable {

  // HTTP/1.1 as browsers speak it here: the JDK client's h2c upgrade on a first POST stalls on an early answer.
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  final FixedDashboardData data;
  final RecordingControls controls;
  private final ApiServer server;

  DashboardServer(FixedDashboardData data, String name, Role role) {
    this(data, name, role, List.of());
  }

  /** @param more modules beside the dashboard, standing in for other parts of medic's API */
  DashboardServer(FixedDashboardData data, String name, Role role, List<ApiModule> more) {
    this.data = data;
    this.controls = new RecordingControls(data);
    // The server's own routes read the ReadModel; these tests call only the dashboard's.
    this.server = new ApiServer(null, controls, "127.0.0.1:0", (ctx, needed) -> {
      if (!role.allows(needed)) {
        throw new ForbiddenResponse("needs " + needed.key() + ", caller is " + role.key());
      }
      return new Caller(name, role);
    }, java.util.stream.Stream.concat(java.util.stream.Stream.of(new DashboardModule(data, controls),
        new ContentSecurityPolicy()), more.stream()).toList());
    server.start();
  }

  /**
   * The policy medic's access control puts on every response: only medic's own scripts and styles,
   * no inline ones. Set here so that a page tried in a browser against this server meets it too.
   */
  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private static final class ContentSecurityPolicy implements ApiModule {
    @Override
    public List<Route> routes() {
      return List.of();
    }

    @Override
    public void configure(JavalinConfig config, Access access) {
      config.routes.before(ctx -> ctx.header("Content-Security-Policy", CSP));
    }
  }

  HttpResponse<String> get(String path) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A form post as htmx sends it; {@code hxTarget} is the id of the element the answer replaces. */
  HttpResponse<String> post(String path, String form, String hxTarget) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/x-www-form-urlencoded").header("HX-Request", "true")
        .POST(HttpRequest.BodyPublishers.ofString(form));
    if (hxTarget != null) {
      request.header("HX-Target", hxTarget);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  String base() {
    return "http://127.0.0.1:" + server.port();
  }

  @Override
  public void close() {
    server.stop();
  }
}
