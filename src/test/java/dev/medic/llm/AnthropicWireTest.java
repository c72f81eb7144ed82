package dev.medic.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.medic.llm.ModelServer.Reply;
import dev.medic.spi.Analysis;
import dev.medic.spi.Verdict;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The llm analyst against a server speaking Anthropic's Messages API. */
class AnthropicWireTest {

  static final String KEY = "sk-ant-test-77c1d0";

  private static LlmAnalystSpec spec(ModelServer server) {
    return new LlmAnalystSpec("claude", "anthropic", URI.create(server.url("/v1")), "claude-sonnet-4-5", KEY,
        Duration.ofSeconds(20), 800, null, null, null, 0.0, new LlmPrice(3.0, 15.0));
  }

  @Test
  void postsAMessageWithTheSystemPromptAndTheSchemaAsOutputFormat() throws Exception {
    try (ModelServer server = new ModelServer(Reply.ok(Replies.anthropic(Replies.GOOD_ANSWER, "end_turn", 2000, 90)))) {
      Analysis analysis = spec(server).analyze(OpenAiWireTest.CONTEXT, Bundles.sample());

      ModelServer.Request request = server.requests().getFirst();
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.path()).isEqualTo("/v1/messages");
      assertThat(request.header("x-api-key")).isEqualTo(KEY);
      assertThat(request.header("anthropic-version")).isEqualTo("2023-06-01");
      assertThat(request.header("Authorization")).isNull();
      JsonNode body = request.json();
      assertThat(body.get("model").asText()).isEqualTo("claude-sonnet-4-5");
      assertThat(body.get("max_tokens").asInt()).isEqualTo(800);
      assertThat(body.get("temperature").asDouble()).isEqualTo(0.0);
      assertThat(body.at("/system/0/type").asText()).isEqualTo("text");
      assertThat(body.at("/system/0/text").asText()).contains("Answer with ONLY one JSON object", "- restart-api");
      assertThat(body.get("messages")).hasSize(1);
      assertThat(body.at("/messages/0/role").asText()).isEqualTo("user");
      assertThat(body.at("/messages/0/content/0/text").asText()).contains("# Incident #12 on target api");
      assertThat(body.at("/output_config/format/type").asText()).isEqualTo("json_schema");
      SchemaAssertions.assertAnswerSchema(body.at("/output_config/format/schema"), true);

      assertThat(analysis.failed()).as(analysis.error()).isFalse();
      assertThat(analysis.analyst()).isEqualTo("claude");
      assertThat(analysis.verdict()).isEqualTo(Verdict.ERRORS_INVESTIGATE);
      assertThat(analysis.rootTarget()).isEqualTo("db");
      assertThat(analysis.usage().model()).isEqualTo("claude-sonnet-4-5");
      assertThat(analysis.usage().inputTokens()).isEqualTo(2000);
      assertThat(analysis.usage().outputTokens()).isEqualTo(90);
      assertThat(analysis.usage().costUsd()).isCloseTo((2000 * 3.0 + 90 * 15.0) / 1e6, org.assertj.core.data.Offset.offset(1e-12));
    }
  }

  @Test
  void failsAReplyThatStoppedAtMaxTokens() throws Exception {
    try (ModelServer server = new ModelServer(Reply.ok(Replies.anthropic("{\"root_cause\": \"the da", "max_tokens", 2000, 800)))) {
      Analysis analysis = spec(server).analyze(OpenAiWireTest.CONTEXT, Bundles.sample());

      assertThat(server.requests()).hasSize(2);
      JsonNode repair = server.requests().get(1).json();
      assertThat(repair.at("/messages/1/role").asText()).isEqualTo("assistant");
      assertThat(repair.at("/messages/2/role").asText()).isEqualTo("user");
      assertThat(repair.at("/messages/2/content/0/text").asText()).contains("reply truncated at max_output_tokens (800)");
      assertThat(analysis.error()).isEqualTo("reply truncated at max_output_tokens (800)");
      assertThat(analysis.usage().inputTokens()).isEqualTo(4000);
    }
  }

  @Test
  void failsOnARefusedKeyWithoutShowingIt() throws Exception {
    String body = "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key " + KEY + "\"}}";
    try (ModelServer server = new ModelServer(Reply.status(401, body))) {
      Analysis analysis = spec(server).analyze(OpenAiWireTest.CONTEXT, Bundles.sample());

      assertThat(analysis.error()).startsWith("HTTP 401 from ").contains("authentication_error").doesNotContain(KEY);
    }
  }
}
