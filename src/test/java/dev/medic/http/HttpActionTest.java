package dev.medic.http;

import dev.medic.spi.Bindings;
import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import dev.medic.support.TestHttpServer;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The http action against a real HTTP server that records what it receives. */
class HttpActionTest {

  private final TestHttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  HttpActionTest() throws Exception {
    server = new TestHttpServer(() -> 200);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ActionContext context(String target, String condition) {
    return new ActionContext(Incident.open(target, condition, Severity.WARNING, "msg", Instant.now()).withId(42), Bindings.none());
  }

  @Test
  void quotesAndNewlinesInIncidentFieldsStayInsideTheirJsonStrings() throws Exception {
    String hostile = "api\", \"admin\": true, \"x\": \"\n\\";
    var action = new HttpAction(server.url("/flush"), null, Map.of(),
        "{\"target\": \"{target}\", \"condition\": \"{condition}\", \"id\": {incident_id}}", null, null);

    ActionOutcome outcome = action.run(context(hostile, "cache {target}\r\n"));

    assertThat(outcome.ok()).as(outcome.detail()).isTrue();
    TestHttpServer.Request received = server.requests().getFirst();
    JsonNode body = new ObjectMapper().readTree(received.body());
    assertThat(body.get("target").asText()).isEqualTo(hostile);
    assertThat(body.get("condition").asText()).isEqualTo("cache {target}\r\n");
    assertThat(body.get("id").asLong()).isEqualTo(42);
    assertThat(body.has("admin")).isFalse();
    assertThat(body.size()).isEqualTo(3);
    assertThat(received.header("Content-Type")).isEqualTo("application/json");
  }

  @Test
  void aJsonContentTypeMakesAnyBodyJsonAndAFormBodyIsUrlEncoded() throws Exception {
    var json = new HttpAction(server.url("/a"), null, Map.of("content-type", "application/vnd.api+json"),
        "  [\"{target}\"]", null, null);
    var form = new HttpAction(server.url("/b"), null, Map.of("Content-Type", "application/x-www-form-urlencoded"),
        "target={target}&id={incident_id}", null, null);
    var text = new HttpAction(server.url("/c"), null, Map.of("Content-Type", "text/plain"), "{target} is down", null, null);

    json.run(context("a\"b", "c"));
    form.run(context("a&b=c d", "c"));
    text.run(context("a\"b", "c"));

    assertThat(server.requests()).extracting(TestHttpServer.Request::body)
        .containsExactly("  [\"a\\\"b\"]", "target=a%26b%3Dc+d&id=42", "a\"b is down");
  }

  @Test
  void aJsonBodyWithAFieldOutsideAStringIsRefusedWhenTheConfigLoads() {
    assertThatThrownBy(() -> new HttpAction("http://127.0.0.1/x", null, Map.of(), "{\"t\": {target}}", null, null))
        .hasMessageContaining("body is JSON (by its Content-Type or its first character) but is not valid JSON"
            + " once filled in")
        .hasMessageContaining("{\"t\": {target}}");
    assertThatThrownBy(() -> new HttpAction("http://127.0.0.1/x", null, Map.of("Content-Type", "application/json"),
        "target={target}", null, null)).hasMessageContaining("body is JSON");
    new HttpAction("http://127.0.0.1/x", null, Map.of(), "{\"id\": {incident_id}, \"t\": \"{target}\"}", null, null);
  }
}
