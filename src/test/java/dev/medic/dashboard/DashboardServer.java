package dev.medic.dashboard;

import dev.medic.api.ApiServer;
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

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final FixedDashboardData data;
  final RecordingControls controls;
  private final ApiServer server;

  DashboardServer(FixedDashboardData data, String name, Role role) {
    this.data = data;
    this.controls = new RecordingControls(data);
    // The server's own routes read the ReadModel; these tests call only the dashboard's.
    this.server = new ApiServer(null, controls, "127.0.0.1:0", (ctx, needed) -> {
      if (!role.allows(needed)) {
        throw new ForbiddenResponse("needs " + needed.key() + ", caller is " + role.key());
      }
      return new Caller(name, role);
    }, List.of(new DashboardModule(data, controls)));
    server.start();
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
