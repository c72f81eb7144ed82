package dev.medic.api;

import static dev.medic.analyze.BundleFixture.DB_PASSWORD;
import static dev.medic.analyze.BundleFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.analyze.BundleBuilder;
import dev.medic.analyze.BundleFixture;
import dev.medic.analyze.Investigation;
import dev.medic.config.AccessConfig;
import dev.medic.config.StrategyConfig;
import dev.medic.runtime.Plugins;
import dev.medic.spi.Analysis;
import dev.medic.spi.Incident;
import dev.medic.spi.IncidentBundle;
import dev.medic.spi.Verdict;
import dev.medic.store.Approval;
import dev.medic.store.AuditEntry;
import dev.medic.store.History;
import dev.medic.support.ConfigText;
import dev.medic.support.SettableClock;
import dev.medic.support.TestTokens;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundle, analyses, analyze and propose routes on a real server, guarded by real tokens, over an
 * investigation of a real SQLite store holding a database outage on a web → api → db chain.
 */
class AnalysisRoutesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @TempDir static Path dir;
  private static BundleFixture f;
  private static StoreInvestigation investigation;
  private static ApiServer server;
  private static String base;

  /**
   * What a running medic's investigation does, over the store: bundles from the builder, a rule
   * analyst that names the farthest failing target the incident's depends on, and proposals checked
   * against the strategies the target allows, each one a pending approval in the store.
   */
  private static final class StoreInvestigation implements Investigation {
    final List<Analysis> made = new CopyOnWriteArrayList<>();
    final List<String> proposedBy = new CopyOnWriteArrayList<>();
    private final BundleBuilder bundles;
    private final SettableClock clock;

    StoreInvestigation(SettableClock clock) {
      this.clock = clock;
      this.bundles = new BundleBuilder(f.store, () -> f.config, t -> null, clock, Plugins.registry());
    }

    @Override
    public List<Incident> openIncidents() {
      return f.store.incidents().list(true, 1000);
    }

    @Override
    public Optional<Incident> incident(long id) {
      return f.store.incidents().get(id);
    }

    @Override
    public Optional<IncidentBundle> bundle(long incidentId) {
      return bundles.bundle(incidentId);
    }

    @Override
    public List<Analysis> analyses(long incidentId) {
      return made.stream().filter(a -> a.incidentId() == incidentId).toList().reversed();
    }

    @Override
    public List<Analysis> analyze(long incidentId, List<String> analysts, String by) {
      List<Analysis> now = new ArrayList<>();
      for (String name : analysts.isEmpty() ? List.of("rules") : analysts) {
        if (!name.equals("rules")) {
          throw new IllegalArgumentException("unknown analyst '" + name + "' (configured: rules)");
        }
        IncidentBundle b = bundles.bundle(incidentId).orElseThrow();
        IncidentBundle.Neighbour root = b.neighbourhood().dependsOn().stream()
            .filter(n -> !n.openIncidents().isEmpty()).reduce((a, c) -> c).orElse(null);
        Analysis a = new Analysis(made.size() + 1, incidentId, name, clock.instant(), Verdict.ERRORS_INVESTIGATE,
            root == null ? b.incident().target() : root.target(),
            root == null ? b.incident().condition() : root.openIncidents().getFirst().condition(),
            root == null ? incidentId : root.openIncidents().getFirst().id(), "asked by " + by, 0.8,
            List.of("db has an open incident"), List.of(), List.of(), null, null, null);
        made.add(a);
        now.add(a);
        clock.advance(Duration.ofSeconds(1));
      }
      return now;
    }

    @Override
    public History.Series history(String target, Instant from, Instant to, Duration step) {
      return new History.Series("raw", step, List.of());
    }

    @Override
    public List<AuditEntry> audit(Long incidentId, int limit) {
      return f.store.audit().list(incidentId, limit);
    }

    @Override
    public Proposal propose(long incidentId, String strategy, String by, String why) {
      proposedBy.add(by);
      Incident i = f.store.incidents().get(incidentId).orElseThrow();
      Optional<StrategyConfig> allowed = f.config.strategiesFor(i.target()).stream()
          .filter(s -> s.name().equals(strategy)).findFirst();
      if (allowed.isEmpty()) {
        return Proposal.refused("strategy '" + strategy + "' is not one " + i.target() + " allows");
      }
      Approval a = f.store.approvals().insert(new Approval(0, incidentId, i.target(), strategy, strategy,
          Approval.State.PENDING, clock.instant(), clock.instant().plus(Duration.ofMinutes(15)), null, null, why));
      return Proposal.awaitingApproval(a.id(), "waits for a person's approval");
    }
  }

  @BeforeAll
  static void start() throws Exception {
    f = new BundleFixture(dir).record();
    SettableClock clock = new SettableClock(T0.plus(Duration.ofMinutes(3)));
    investigation = new StoreInvestigation(clock);
    AccessConfig access = ConfigText.load(BundleFixture.YAML + TestTokens.access("none"),
        Map.of("DB_PASSWORD", DB_PASSWORD, "API_TOKEN", BundleFixture.API_TOKEN)).access();
    server = new ApiServer(unused(ReadModel.class), unused(Controls.class), "127.0.0.1:0",
        TokenAccess.of(() -> access, () -> "127.0.0.1:0", f.store.apiTokens(), clock),
        List.of(new AnalysisRoutes(investigation)));
    server.start();
    base = "http://127.0.0.1:" + server.port();
  }

  /** These routes need neither: any call to them would fail the test. */
  private static <T> T unused(Class<T> type) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
      throw new AssertionError(m.getName() + " was not expected");
    }));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop();
    }
    f.store.close();
  }

  private static HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      r.header("Authorization", TestTokens.bearer(token));
    }
    if (body != null) {
      r.header("Content-Type", "application/json");
    }
    return CLIENT.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String type(HttpResponse<String> r) {
    return r.headers().firstValue("Content-Type").orElse("");
  }

  @Test
  void aViewerGetsTheBundleAsJsonWithoutSecrets() throws Exception {
    HttpResponse<String> r = send("GET", "/api/incidents/" + f.api.id() + "/bundle", TestTokens.VIEWER, null);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(type(r)).startsWith("application/json");
    JsonNode b = JSON.readTree(r.body());
    assertThat(b.at("/incident/id").asLong()).isEqualTo(f.api.id());
    assertThat(b.at("/neighbourhood/depends_on/0/target").asText()).isEqualTo("db");
    assertThat(b.at("/similar/1/resolved_by").asText()).isEqualTo("restart");
    assertThat(b.at("/strategies/1/action").asText()).isEqualTo("redis_flushdb");
    assertThat(r.body()).isEqualTo(new dev.medic.analyze.BundleJson().json(investigation.bundle(f.api.id())
        .orElseThrow())).doesNotContain(DB_PASSWORD);
  }

  @Test
  void theBundleAsMarkdownOnAsking() throws Exception {
    HttpResponse<String> r = send("GET", "/api/incidents/" + f.api.id() + "/bundle?format=markdown", TestTokens.VIEWER,
        null);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(type(r)).isEqualTo("text/markdown; charset=utf-8");
    assertThat(r.body()).startsWith("# Incident #" + f.api.id() + ": api http_error\n").contains("```untrusted")
        .doesNotContain(DB_PASSWORD);
  }

  @Test
  void badIdsFormatsAndUnknownIncidentsAreClearJsonErrors() throws Exception {
    assertError(send("GET", "/api/incidents/web/bundle", TestTokens.VIEWER, null), 400,
        "incident id must be a number, got 'web'");
    assertError(send("GET", "/api/incidents/" + f.api.id() + "/bundle?format=pdf", TestTokens.VIEWER, null), 400,
        "format must be json or markdown, got 'pdf'");
    assertError(send("GET", "/api/incidents/99999/bundle", TestTokens.VIEWER, null), 404, "no incident 99999");
    assertError(send("GET", "/api/incidents/99999/analyses", TestTokens.VIEWER, null), 404, "no incident 99999");
    assertError(send("POST", "/api/incidents/99999/analyze", TestTokens.OPERATOR, "{}"), 404, "no incident 99999");
    assertError(send("POST", "/api/incidents/99999/propose", TestTokens.OPERATOR, "{\"strategy\": \"restart\"}"), 404,
        "no incident 99999");
    assertError(send("POST", "/api/incidents/0/propose", TestTokens.OPERATOR, "{\"strategy\": \"restart\"}"), 400,
        "incident id must be positive, got 0");
  }

  private static void assertError(HttpResponse<String> r, int status, String error) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo(error);
  }

  @Test
  void readingNeedsAViewerAndActingAnOperator() throws Exception {
    String id = String.valueOf(f.web.id());
    assertThat(send("GET", "/api/incidents/" + id + "/bundle", null, null).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/api/incidents/" + id + "/analyses", null, null).statusCode()).isEqualTo(401);
    assertThat(send("POST", "/api/incidents/" + id + "/analyze", TestTokens.VIEWER, "{}").statusCode()).isEqualTo(403);
    assertThat(send("POST", "/api/incidents/" + id + "/propose", TestTokens.VIEWER, "{\"strategy\": \"poke_web\"}")
        .statusCode()).isEqualTo(403);
    assertThat(investigation.proposedBy).doesNotContain("viewer");
  }

  @Test
  void anOperatorRunsTheRuleAnalystAndReadsItsAnalysesNewestFirst() throws Exception {
    long id = f.web.id();
    HttpResponse<String> first = send("POST", "/api/incidents/" + id + "/analyze", TestTokens.OPERATOR, "");
    HttpResponse<String> second = send("POST", "/api/incidents/" + id + "/analyze", TestTokens.ADMIN,
        "{\"analysts\": [\"rules\"], \"by\": \"alice\"}");

    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    JsonNode made = JSON.readTree(first.body());
    assertThat(made).hasSize(1);
    assertThat(made.get(0).get("analyst").asText()).isEqualTo("rules");
    assertThat(made.get(0).get("root_target").asText()).isEqualTo("db");
    assertThat(made.get(0).get("root_incident_id").asLong()).isEqualTo(f.db.id());
    assertThat(made.get(0).get("verdict").asText()).isEqualTo("ERRORS_INVESTIGATE");
    assertThat(made.get(0).get("summary").asText()).isEqualTo("asked by operator");
    assertThat(JSON.readTree(second.body()).get(0).get("summary").asText()).isEqualTo("asked by alice via admin");

    HttpResponse<String> listed = send("GET", "/api/incidents/" + id + "/analyses", TestTokens.VIEWER, null);
    assertThat(listed.statusCode()).isEqualTo(200);
    JsonNode analyses = JSON.readTree(listed.body());
    assertThat(analyses).hasSize(2);
    assertThat(Instant.parse(analyses.get(0).get("at").asText()))
        .isAfter(Instant.parse(analyses.get(1).get("at").asText()));
    assertThat(analyses.get(0).get("summary").asText()).isEqualTo("asked by alice via admin");
  }

  @Test
  void anUnknownAnalystOrABadListIsA400() throws Exception {
    assertError(send("POST", "/api/incidents/" + f.api.id() + "/analyze", TestTokens.OPERATOR,
        "{\"analysts\": [\"rules\", \"gpt\"]}"), 400, "unknown analyst 'gpt' (configured: rules)");
    assertError(send("POST", "/api/incidents/" + f.api.id() + "/analyze", TestTokens.OPERATOR,
        "{\"analysts\": \"rules\"}"), 400, "analysts must be a list of analyst names like "
            + AnalysisRoutes.ANALYZE_EXAMPLE);
  }

  @Test
  void aProposalTheGuardAllowsWaitsForApprovalAndOneItRefusesIsAConflict() throws Exception {
    HttpResponse<String> accepted = send("POST", "/api/incidents/" + f.api.id() + "/propose", TestTokens.OPERATOR,
        "{\"strategy\": \"flush_cache\", \"reason\": \"stale cache\"}");

    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    JsonNode body = JSON.readTree(accepted.body());
    assertThat(body.get("accepted").asBoolean()).isTrue();
    long approval = body.get("approval_id").asLong();
    assertThat(f.store.approvals().get(approval)).get().satisfies(a -> {
      assertThat(a.strategy()).isEqualTo("flush_cache");
      assertThat(a.pending()).isTrue();
      assertThat(a.target()).isEqualTo("api");
    });
    assertThat(body.get("reason").asText()).isEqualTo("waits for a person's approval");
    assertThat(investigation.proposedBy).contains("operator");

    HttpResponse<String> refused = send("POST", "/api/incidents/" + f.api.id() + "/propose", TestTokens.OPERATOR,
        "{\"strategy\": \"poke_web\", \"by\": \"bob\"}");
    assertError(refused, 409, "strategy 'poke_web' is not one api allows");
    assertThat(investigation.proposedBy).contains("bob via operator");

    assertError(send("POST", "/api/incidents/" + f.api.id() + "/propose", TestTokens.OPERATOR, "{\"reason\": \"x\"}"),
        400, "strategy is required: the name of one of the target's strategies, like " + AnalysisRoutes.PROPOSE_EXAMPLE);
  }

  @Test
  void theOpenApiDocumentListsEachRouteWithItsRoleAndTheStatusesItAnswers() throws Exception {
    JsonNode doc = JSON.readTree(send("GET", "/api/openapi.json", TestTokens.VIEWER, null).body());

    JsonNode bundle = doc.at("/paths/~1api~1incidents~1{id}~1bundle/get");
    assertThat(bundle.path("x-medic-role").asText()).isEqualTo("viewer");
    assertThat(bundle.path("responses").properties().stream().map(Map.Entry::getKey))
        .contains("200", "400", "404", "401", "403");
    assertThat(doc.at("/paths/~1api~1incidents~1{id}~1analyses/get/x-medic-role").asText()).isEqualTo("viewer");
    assertThat(doc.at("/paths/~1api~1incidents~1{id}~1analyze/post/x-medic-role").asText()).isEqualTo("operator");
    JsonNode propose = doc.at("/paths/~1api~1incidents~1{id}~1propose/post");
    assertThat(propose.path("x-medic-role").asText()).isEqualTo("operator");
    assertThat(propose.path("responses").properties().stream().map(Map.Entry::getKey))
        .contains("202", "400", "404", "409");
    assertThat(JSON.readTree(propose.at("/requestBody/content/application~1json/example").toString())
        .get("strategy").asText()).isEqualTo("restart");
  }
}
