package dev.medic.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.config.AccessConfig;
import dev.medic.runtime.Agent;
import dev.medic.store.AuditEntry;
import dev.medic.support.AgentHarness;
import dev.medic.support.TestServices;
import dev.medic.support.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route of the API, on a running medic, against callers of each role: no credentials, a
 * viewer, an operator, an admin, and the anonymous viewer of a loopback address.
 */
class AccessApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @TempDir Path dir;
  private AgentHarness harness;
  private String base;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  private void start(String anonymous) throws Exception {
    harness = AgentHarness.start(dir, """
        agent:
          interval: 1s
        targets:
          - name: ledger
            checks:
              - {type: tcp, host: 127.0.0.1, port: %d}
        """.formatted(TestServices.freePort()) + TestTokens.access(anonymous),
        new Agent.Overrides(null, false, null, "127.0.0.1:0"));
    base = "http://127.0.0.1:" + harness.agent.port();
  }

  /** Every route the running medic answers: ApiServer's own and the login module's. */
  private static List<Route> everyRoute() {
    TokenAccess access = TokenAccess.of(AccessConfig::defaults, () -> "127.0.0.1:0", dev.medic.store.ApiTokens.NONE,
        Clock.systemUTC());
    return new ApiServer(null, null, "127.0.0.1:0", access, List.of(new LoginModule(access))).routes();
  }

  private HttpResponse<String> call(Route route, String token) throws Exception {
    String path = route.path().replaceAll("\\{[^}]+}", "999");
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .method(route.method().name(), route.body() == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString("{}"));
    if (token != null) {
      b.header("Authorization", TestTokens.bearer(token));
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Access let the request through: not a 403, and not a 401 of access (with its challenge). A
   * wrong token typed into the login form is a 401 page of the route's own.
   */
  private static boolean admitted(HttpResponse<String> r) {
    return r.statusCode() != 403 && !(r.statusCode() == 401 && r.headers().firstValue("WWW-Authenticate").isPresent());
  }

  private static String what(Route route, HttpResponse<String> r) {
    return route.method() + " " + route.path() + " -> " + r.statusCode() + " " + r.body();
  }

  @Test
  void withoutCredentialsEveryRouteButThePublicOnesAnswers401() throws Exception {
    start("none");
    List<Route> routes = everyRoute();
    assertThat(routes).hasSizeGreaterThan(15);
    for (Route route : routes) {
      HttpResponse<String> r = call(route, null);
      if (route.role() == Role.PUBLIC) {
        assertThat(r).as(what(route, r)).matches(AccessApiTest::admitted, "admitted");
      } else if (route.produces().startsWith("text/html") && route.method().name().equals("GET")) {
        assertThat(r.statusCode()).as(what(route, r)).isEqualTo(303);
        assertThat(r.headers().firstValue("Location").orElseThrow()).as(what(route, r)).startsWith("/login?next=");
      } else {
        assertThat(r.statusCode()).as(what(route, r)).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).as(what(route, r)).hasValue("Bearer realm=\"medic\"");
        assertThat(JSON.readTree(r.body()).path("error").asText()).as(what(route, r)).contains("token");
      }
    }
  }

  @Test
  void aWrongTokenIs401AndNeverEchoed() throws Exception {
    start("viewer");
    String wrong = "medic_not-a-real-token-0123456789";
    HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/api/incidents"))
        .header("Authorization", TestTokens.bearer(wrong)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).doesNotContain(wrong);
    // A liveness probe is not refused for a bad token.
    HttpResponse<String> health = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/health"))
        .header("Authorization", TestTokens.bearer(wrong)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
  }

  @Test
  void aViewerReadsEveryReadRouteAndGets403OnEveryWrite() throws Exception {
    start("none");
    for (Route route : everyRoute()) {
      HttpResponse<String> r = call(route, TestTokens.VIEWER);
      if (route.role().compareTo(Role.VIEWER) > 0) {
        assertThat(r.statusCode()).as(what(route, r)).isEqualTo(403);
        JsonNode error = JSON.readTree(r.body());
        assertThat(error.path("error").asText()).as(what(route, r))
            .isEqualTo("this needs role " + route.role().key() + "; viewer has role viewer");
      } else {
        assertThat(r).as(what(route, r)).matches(AccessApiTest::admitted, "admitted");
      }
    }
  }

  @Test
  void anOperatorActsButOnlyAnAdminChangesTheConfig() throws Exception {
    start("none");
    for (Route route : everyRoute()) {
      HttpResponse<String> operator = call(route, TestTokens.OPERATOR);
      if (route.role() == Role.ADMIN) {
        assertThat(operator.statusCode()).as(what(route, operator)).isEqualTo(403);
        assertThat(operator.body()).contains("this needs role admin; operator has role operator");
      } else {
        assertThat(operator).as(what(route, operator)).matches(AccessApiTest::admitted, "admitted");
      }
      HttpResponse<String> admin = call(route, TestTokens.ADMIN);
      assertThat(admin).as(what(route, admin)).matches(AccessApiTest::admitted, "admitted");
    }
    assertThat(everyRoute()).filteredOn(r -> r.path().equals("/api/reload")).extracting(Route::role)
        .containsExactly(Role.ADMIN);
  }

  @Test
  void onLoopbackAnAnonymousCallerReadsByDefaultButCannotWrite() throws Exception {
    harness = AgentHarness.start(dir, """
        targets:
          - name: ledger
            checks:
              - {type: tcp, host: 127.0.0.1, port: %d}
        access:
          tokens:
            - {name: operator, role: operator, token: "%s"}
        """.formatted(TestServices.freePort(), TestTokens.OPERATOR), new Agent.Overrides(null, false, null, "127.0.0.1:0"));
    base = "http://127.0.0.1:" + harness.agent.port();
    List<String> refused = new ArrayList<>();
    for (Route route : everyRoute()) {
      HttpResponse<String> r = call(route, null);
      if (route.role().compareTo(Role.VIEWER) > 0) {
        assertThat(r.statusCode()).as(what(route, r)).isEqualTo(403);
        assertThat(r.body()).as(what(route, r)).contains("anonymous has role viewer");
        refused.add(route.path());
      } else {
        assertThat(r).as(what(route, r)).matches(AccessApiTest::admitted, "admitted");
      }
    }
    assertThat(refused).contains("/api/reload", "/api/approvals/{id}", "/api/incidents/{id}/ack");
  }

  @Test
  void theAuditNamesTheCallerOfAWriteAndKeepsAClaimedNameBesideIt() throws Exception {
    start("none");
    HttpResponse<String> reload = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/api/reload"))
        .header("Authorization", TestTokens.bearer(TestTokens.ADMIN)).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
    HttpResponse<String> silence = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/api/silences"))
        .header("Authorization", TestTokens.bearer(TestTokens.OPERATOR)).POST(HttpRequest.BodyPublishers.ofString("""
            {"matchers": ["target=ledger"], "duration": "1h", "comment": "swap", "author": "alice"}""")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(silence.statusCode()).as(silence.body()).isEqualTo(201);

    List<AuditEntry> audit = harness.audit();
    assertThat(audit).filteredOn(a -> a.kind().equals("reload")).extracting(AuditEntry::actor).containsExactly("admin");
    assertThat(audit).filteredOn(a -> a.kind().equals("silence")).extracting(AuditEntry::actor)
        .containsExactly("alice via operator");
  }

  @Test
  void aReloadAppliesAChangedAccessBlockAtOnce() throws Exception {
    start("none");
    String later = "medic_added-by-a-reload-0123456789";
    HttpRequest read = HttpRequest.newBuilder(URI.create(base + "/api/incidents"))
        .header("Authorization", TestTokens.bearer(later)).build();
    assertThat(CLIENT.send(read, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);

    java.nio.file.Files.writeString(harness.configFile, java.nio.file.Files.readString(harness.configFile)
        .replace("    - {name: viewer, role: viewer,", "    - {name: later, role: viewer, token: \"" + later + "\"}\n"
            + "    - {name: viewer, role: viewer,"));
    HttpResponse<String> reload = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/api/reload"))
        .header("Authorization", TestTokens.bearer(TestTokens.ADMIN)).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
    assertThat(CLIENT.send(read, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
  }
}
