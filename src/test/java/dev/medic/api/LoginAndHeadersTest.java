package dev.medic.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.config.AccessConfig;
import dev.medic.config.AccessToken;
import dev.medic.store.ApiTokens;
import dev.medic.store.SqliteStore;
import dev.medic.support.SettableClock;
import io.javalin.http.staticfiles.Location;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard login (cookie sessions, CSRF rules, logout, idle expiry), the redirect of pages to
 * /login, the security headers on every kind of answer and the body size limit, on a real server
 * with a page, a JSON route, a write and static files of a test module.
 */
class LoginAndHeadersTest {

  private static final String TOKEN = "medic_login-test-operator-token-0123";
  private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @TempDir Path dir;
  private final SettableClock clock = new SettableClock(Instant.parse("2026-11-30T12:00:00Z"));
  private final AtomicReference<AccessConfig> config = new AtomicReference<>(new AccessConfig("none",
      List.of(new AccessToken("ops", "operator", null, TOKEN)), null, Duration.ofHours(1)));
  private SqliteStore store;
  private ApiServer server;
  private String base;
  private final List<String> writers = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** A page, a JSON read and a write, as the dashboard module would bring them, plus static files. */
  private final class Pages implements ApiModule {
    @Override
    public List<Route> routes() {
      return List.of(
          Route.get("/", Role.VIEWER, "the dashboard").produces("text/html")
              .handle(ctx -> ctx.html("<p>hello " + Caller.of(ctx).name() + "</p>")),
          Route.get("/api/things", Role.VIEWER, "things").handle(ctx -> ctx.json(Map.of("things", 1))),
          Route.post("/api/things", Role.OPERATOR, "make a thing").handle(ctx -> {
            ctx.body();
            writers.add(Caller.of(ctx).name());
            ctx.status(201).json(Map.of("made", true));
          }));
    }

    @Override
    public void configure(io.javalin.config.JavalinConfig cfg, Access access) {
      cfg.staticFiles.add(s -> {
        s.hostedPath = "/static";
        s.directory = dir.resolve("static").toString();
        s.location = Location.EXTERNAL;
      });
    }
  }

  @BeforeEach
  void start() throws Exception {
    Files.createDirectories(dir.resolve("static"));
    Files.writeString(dir.resolve("static/app.css"), "body { color: black; }");
    store = SqliteStore.open(dir.resolve("medic.db"));
    ApiTokens tokens = store.apiTokens();
    TokenAccess access = TokenAccess.of(config::get, () -> "127.0.0.1:0", tokens, clock);
    server = new ApiServer(null, null, "127.0.0.1:0", access, List.of(new LoginModule(access), new Pages()));
    server.start();
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterEach
  void stop() {
    server.stop();
    store.close();
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder at(String path) {
    return HttpRequest.newBuilder(URI.create(base + path));
  }

  private String login() throws Exception {
    HttpResponse<String> r = send(at("/login").header("Content-Type", "application/x-www-form-urlencoded")
        .header("Origin", base).POST(HttpRequest.BodyPublishers.ofString("token=" + TOKEN + "&next=%2Fapi%2Fthings")));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/api/things");
    String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).startsWith("medic_session=").contains("HttpOnly").contains("SameSite=Strict")
        .contains("Path=/").doesNotContain("Secure");
    return cookie.substring(0, cookie.indexOf(';'));
  }

  @Test
  void anAnonymousReaderOfAPageIsSentToLogInAndComesBackAfterwards() throws Exception {
    HttpResponse<String> page = send(at("/?tab=incidents"));
    assertThat(page.statusCode()).isEqualTo(303);
    assertThat(page.headers().firstValue("Location")).hasValue("/login?next=" + URLEncoder.encode("/?tab=incidents",
        StandardCharsets.UTF_8));

    HttpResponse<String> form = send(at("/login?next=/%3Ftab%3Dincidents"));
    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(form.body()).contains("<form method=\"post\" action=\"/login\"").contains("name=\"token\"")
        .contains("value=\"/?tab=incidents\"").doesNotContain("<script").doesNotContain("style=").doesNotContain("<style");

    String cookie = login();
    HttpResponse<String> after = send(at("/").header("Cookie", cookie));
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(after.body()).contains("hello ops");
    assertThat(send(at("/api/things").header("Cookie", cookie)).statusCode()).isEqualTo(200);
  }

  @Test
  void aWrongTokenAtLoginIsA401PageWithoutAHintAndNoCookie() throws Exception {
    HttpResponse<String> r = send(at("/login").header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("token=medic_wrong-token-0123456789012")));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("That token was not accepted.");
    assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
  }

  @Test
  void loginGoesOnlyToAPathOfThisSite() {
    assertThat(LoginModule.next("/incidents/3?x=1")).isEqualTo("/incidents/3?x=1");
    assertThat(LoginModule.next("//evil.example/")).isEqualTo("/");
    assertThat(LoginModule.next("/\\evil.example")).isEqualTo("/");
    assertThat(LoginModule.next("https://evil.example/")).isEqualTo("/");
    assertThat(LoginModule.next(null)).isEqualTo("/");
  }

  @Test
  void aLoginFromAnotherSiteIsRefused() throws Exception {
    HttpResponse<String> r = send(at("/login").header("Content-Type", "application/x-www-form-urlencoded")
        .header("Origin", "https://evil.example").POST(HttpRequest.BodyPublishers.ofString("token=" + TOKEN)));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
  }

  @Test
  void aCookieWriteNeedsHtmxAndTheSameOriginWhileABearerWriteDoesNot() throws Exception {
    String cookie = login();
    HttpResponse<String> plain = send(at("/api/things").header("Cookie", cookie).POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(plain.statusCode()).isEqualTo(403);
    assertThat(plain.body()).contains("cross-site request refused");

    HttpResponse<String> foreign = send(at("/api/things").header("Cookie", cookie).header("HX-Request", "true")
        .header("Origin", "https://evil.example").POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(foreign.body()).contains("cross-site request refused");

    HttpResponse<String> crossSite = send(at("/api/things").header("Cookie", cookie).header("HX-Request", "true")
        .header("Sec-Fetch-Site", "cross-site").POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(crossSite.statusCode()).isEqualTo(403);
    assertThat(writers).isEmpty();

    HttpResponse<String> htmx = send(at("/api/things").header("Cookie", cookie).header("HX-Request", "true")
        .header("Origin", base).header("Sec-Fetch-Site", "same-origin").POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(htmx.statusCode()).as(htmx.body()).isEqualTo(201);

    HttpResponse<String> bearer = send(at("/api/things").header("Authorization", "Bearer " + TOKEN)
        .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(bearer.statusCode()).isEqualTo(201);
    assertThat(writers).containsExactly("ops", "ops");
  }

  @Test
  void logoutEndsTheSession() throws Exception {
    String cookie = login();
    HttpResponse<String> out = send(at("/logout").header("Cookie", cookie).header("Origin", base)
        .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(out.headers().firstValue("Location")).hasValue("/login");
    assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
    assertThat(send(at("/api/things").header("Cookie", cookie)).statusCode()).isEqualTo(401);
    assertThat(send(at("/").header("Cookie", cookie)).statusCode()).isEqualTo(303);
  }

  @Test
  void aSessionUnusedForTheIdleTimeEndsAndUseKeepsItAlive() throws Exception {
    String cookie = login();
    clock.advance(Duration.ofMinutes(50));
    assertThat(send(at("/api/things").header("Cookie", cookie)).statusCode()).isEqualTo(200);
    clock.advance(Duration.ofMinutes(50));
    assertThat(send(at("/api/things").header("Cookie", cookie)).statusCode()).isEqualTo(200);
    clock.advance(Duration.ofMinutes(61));
    assertThat(send(at("/api/things").header("Cookie", cookie)).statusCode()).isEqualTo(401);
  }

  @Test
  void aTokenTakenOutOfTheConfigEndsItsSessionsAtOnce() throws Exception {
    String cookie = login();
    config.set(new AccessConfig("none", List.of(), null, Duration.ofHours(1)));
    assertThat(send(at("/api/things").header("Cookie", cookie)).statusCode()).isEqualTo(401);
  }

  @Test
  void sessionsAreCappedDroppingTheLeastRecentlyUsed() {
    Sessions sessions = new Sessions(clock, () -> Duration.ofHours(1), new java.security.SecureRandom(), 3);
    String first = sessions.start("a");
    String second = sessions.start("b");
    sessions.start("c");
    sessions.use(first);
    sessions.start("d");
    assertThat(sessions.size()).isEqualTo(3);
    assertThat(sessions.use(second)).isEmpty();
    assertThat(sessions.use(first)).hasValue("a");
  }

  @Test
  void securityHeadersAreOnJsonHtmlErrorsAndStaticFiles() throws Exception {
    String bearer = "Bearer " + TOKEN;
    List<HttpResponse<String>> answers = List.of(
        send(at("/api/things").header("Authorization", bearer)),
        send(at("/login")),
        send(at("/").header("Authorization", bearer)),
        send(at("/api/nope").header("Authorization", bearer)),
        send(at("/api/things")),
        send(at("/static/app.css")));
    assertThat(answers.get(3).statusCode()).isEqualTo(404);
    assertThat(answers.get(4).statusCode()).isEqualTo(401);
    assertThat(answers.get(5).statusCode()).isEqualTo(200);
    for (HttpResponse<String> r : answers) {
      assertThat(r.headers().firstValue("Content-Security-Policy")).as("%s %d", r.uri(), r.statusCode())
          .hasValue("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
              + " frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
      assertThat(r.headers().firstValue("X-Content-Type-Options")).as("%s", r.uri()).hasValue("nosniff");
      assertThat(r.headers().firstValue("Referrer-Policy")).as("%s", r.uri()).hasValue("same-origin");
      assertThat(r.headers().firstValue("X-Frame-Options")).as("%s", r.uri()).hasValue("DENY");
    }
    assertThat(answers.get(0).headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(answers.get(2).headers().firstValue("Cache-Control")).as("a page").hasValue("no-store");
    assertThat(answers.get(4).headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"medic\"");
  }

  @Test
  void aBodyOver64KiBIsRefusedWith413Json() throws Exception {
    HttpResponse<String> r = send(at("/api/things").header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("x".repeat(65 * 1024))));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).startsWith("{\"error\":");
    assertThat(writers).isEmpty();
  }
}
