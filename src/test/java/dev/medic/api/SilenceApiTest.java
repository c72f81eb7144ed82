package dev.medic.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.runtime.Agent;
import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import dev.medic.store.AuditEntry;
import dev.medic.support.AgentHarness;
import dev.medic.support.TestTokens;
import dev.medic.support.TestServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/silences} against a running medic: made, listed, expired, refused with a reason. */
class SilenceApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir static Path dir;
  private static AgentHarness harness;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    harness = AgentHarness.start(dir, """
        agent: { interval: 1h }
        targets:
          - name: db
            labels: {team: data}
            checks: [{type: tcp, port: %d}]
          - name: web
            checks: [{type: tcp, port: %d}]
        """.formatted(TestServices.freePort(), TestServices.freePort()) + TestTokens.access("viewer"),
        new Agent.Overrides(null, false, null, "127.0.0.1:0"));
    base = "http://127.0.0.1:" + harness.agent.port();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private static HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .header("Authorization", TestTokens.bearer(TestTokens.OPERATOR))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
    assertThat(response.statusCode()).as("%s %s → %s", response.request().method(), response.request().uri(),
        response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(ct ->
        assertThat(ct).startsWith("application/json"));
    return JSON.readTree(response.body());
  }

  private static String error(HttpResponse<String> response, int status) throws Exception {
    return json(response, status).path("error").asText();
  }

  private static Incident incident(String target) {
    return Incident.open(target, "tcp_refused", Severity.WARNING, "refused", Instant.now());
  }

  @Test
  void aPostedSilenceIsStoredAuditedListedAndHoldsItsTargetUntilDeleted() throws Exception {
    JsonNode created = json(send("POST", "/api/silences", """
        {"matchers": [{"name": "team", "value": "data"}, "condition=~tcp_.*"], "duration": "2h",
         "comment": "disk swap", "author": "alice"}
        """), 201);
    long id = created.path("id").asLong();
    assertThat(id).isPositive();
    assertThat(created.path("matchers").toString()).isEqualTo(
        "[{\"name\":\"team\",\"operator\":\"=\",\"value\":\"data\"},{\"name\":\"condition\",\"operator\":\"=~\","
            + "\"value\":\"tcp_.*\"}]");
    Instant starts = Instant.parse(created.path("starts_at").asText());
    assertThat(Instant.parse(created.path("ends_at").asText())).isEqualTo(starts.plus(Duration.ofHours(2)));
    assertThat(created.path("comment").asText()).isEqualTo("disk swap");
    // The caller decides who the audit names; the name the body gives is kept beside it.
    assertThat(created.path("author").asText()).isEqualTo("alice via operator");
    assertThat(created.path("allow_healing").asBoolean()).isFalse();
    assertThat(created.path("expired_by").isNull()).isTrue();

    assertThat(json(send("GET", "/api/silences", null), 200).findValuesAsText("id")).contains(String.valueOf(id));
    assertThat(harness.agent.silences().on(incident("db"), Instant.now())).isPresent();
    assertThat(harness.agent.silences().on(incident("web"), Instant.now())).isEmpty();

    JsonNode expired = json(send("DELETE", "/api/silences/" + id + "?by=bob", null), 200);
    assertThat(expired.path("expired_by").asText()).isEqualTo("bob via operator");
    assertThat(Instant.parse(expired.path("ends_at").asText())).isBefore(starts.plus(Duration.ofHours(2)));
    assertThat(harness.agent.silences().on(incident("db"), Instant.now())).isEmpty();
    assertThat(json(send("GET", "/api/silences", null), 200).findValuesAsText("id")).doesNotContain(String.valueOf(id));
    assertThat(json(send("GET", "/api/silences?all=true", null), 200).findValuesAsText("id")).contains(String.valueOf(id));
    assertThat(error(send("DELETE", "/api/silences/" + id, null), 409)).isEqualTo(
        "silence " + id + " ended already at " + expired.path("ends_at").asText());

    assertThat(harness.audit()).filteredOn(a -> a.kind().equals("silence") && a.detail().startsWith("silence " + id + " "))
        .extracting(AuditEntry::result, AuditEntry::actor)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("created", "alice via operator"),
            org.assertj.core.groups.Tuple.tuple("expired", "bob via operator"));
  }

  @Test
  void aSilenceWithAnEndTimeThatAllowsHealingMutesButDoesNotHold() throws Exception {
    String ends = Instant.now().plus(Duration.ofHours(1)).toString();
    JsonNode created = json(send("POST", "/api/silences", """
        {"matchers": [{"name": "target", "operator": "=", "value": "web"}], "ends_at": "%s",
         "comment": "noisy", "author": "carol", "allow_healing": true}
        """.formatted(ends)), 201);

    assertThat(created.path("allow_healing").asBoolean()).isTrue();
    assertThat(harness.agent.silences().on(incident("web"), Instant.now())).isEmpty();
    assertThat(harness.agent.silences().mutes(incident("web"), Instant.now())).hasValueSatisfying(why ->
        assertThat(why).startsWith("silenced by silence " + created.path("id").asLong() + " until "));
    json(send("DELETE", "/api/silences/" + created.path("id").asLong(), null), 200);
  }

  @Test
  void badRequestsAre400WithTheFieldThatIsWrong() throws Exception {
    assertThat(error(send("POST", "/api/silences", """
        {"matchers": ["target=db"], "duration": "1h", "author": "alice"}"""), 400))
        .startsWith("comment is required");
    // Without an author, the caller is the author: the token's name.
    JsonNode unsigned = json(send("POST", "/api/silences", """
        {"matchers": ["target=db"], "duration": "1h", "comment": "x"}"""), 201);
    assertThat(unsigned.path("author").asText()).isEqualTo("operator");
    json(send("DELETE", "/api/silences/" + unsigned.path("id").asLong(), null), 200);
    assertThat(error(send("POST", "/api/silences", """
        {"matchers": [], "duration": "1h", "comment": "x", "author": "a"}"""), 400))
        .startsWith("matchers must list at least one matcher");
    assertThat(error(send("POST", "/api/silences", """
        {"matchers": [{"name": "team", "operator": "=~", "value": "(data"}], "duration": "1h", "comment": "x",
         "author": "a"}"""), 400))
        .startsWith("matchers[0]: value is not a valid regular expression");
    assertThat(error(send("POST", "/api/silences", """
        {"matchers": ["target=db"], "comment": "x", "author": "a"}"""), 400))
        .startsWith("ends_at or duration is required");
    assertThat(error(send("POST", "/api/silences", """
        {"matchers": ["target=db"], "ends_at": "tomorrow", "comment": "x", "author": "a"}"""), 400))
        .startsWith("ends_at must be an ISO-8601 time with an offset");
    assertThat(error(send("POST", "/api/silences", """
        {"matchers": ["target=db"], "duration": "soon", "comment": "x", "author": "a"}"""), 400))
        .startsWith("duration: expected a duration like");
    assertThat(error(send("POST", "/api/silences", """
        {"matchers": ["target=db"], "duration": "1h", "comment": "x", "author": "a", "until": "x"}"""), 400))
        .startsWith("unknown field 'until'");
    assertThat(error(send("POST", "/api/silences", """
        {"matchers": ["target=db"], "duration": "1h", "comment": "x", "author": "a", "allow_healing": "yes"}"""),
        400)).startsWith("allow_healing must be true or false");
    assertThat(error(send("POST", "/api/silences", "{not json"), 400)).startsWith("body must be JSON like");
    assertThat(error(send("POST", "/api/silences", "[1]"), 400)).startsWith("body must be a JSON object");
    assertThat(error(send("DELETE", "/api/silences/999999", null), 404)).isEqualTo("no silence 999999");
    assertThat(error(send("DELETE", "/api/silences/x", null), 400)).isEqualTo("silence id must be a number, got 'x'");
    assertThat(error(send("GET", "/api/silences?all=maybe", null), 400)).isEqualTo("all must be true or false, got 'maybe'");
    assertThat(harness.agent.store().silences().list(Instant.now(), true))
        .noneMatch(s -> s.author().equals("a"));
  }
}
