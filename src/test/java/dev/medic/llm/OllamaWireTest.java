package dev.medic.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.medic.llm.ModelServer.Reply;
import dev.medic.spi.Analysis;
import dev.medic.spi.Verdict;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The llm analyst against a server speaking Ollama's own /api/chat. */
class OllamaWireTest {

  private static LlmAnalystSpec spec(ModelServer server) {
    return new LlmAnalystSpec("ollama", "ollama", URI.create(server.url("")), "llama3.1:8b", null,
        Duration.ofSeconds(20), 700, null, null, null, 0.0, null);
  }

  @Test
  void chatsWithTheSchemaAsFormatAndTheBudgetAsNumPredict() throws Exception {
    try (ModelServer server = new ModelServer(Reply.ok(Replies.ollama(Replies.GOOD_ANSWER, "stop", 1500, 70)))) {
      Analysis analysis = spec(server).analyze(OpenAiWireTest.CONTEXT, Bundles.sample());

      ModelServer.Request request = server.requests().getFirst();
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.path()).isEqualTo("/api/chat");
      assertThat(request.header("Authorization")).isNull();
      JsonNode body = request.json();
      assertThat(body.get("model").asText()).isEqualTo("llama3.1:8b");
      assertThat(body.get("stream").asBoolean()).isFalse();
      assertThat(body.at("/options/num_predict").asInt()).isEqualTo(700);
      assertThat(body.at("/options/temperature").asDouble()).isEqualTo(0.0);
      assertThat(body.at("/messages/0/role").asText()).isEqualTo("system");
      assertThat(body.at("/messages/0/content").asText()).contains("Answer with ONLY one JSON object");
      assertThat(body.at("/messages/1/role").asText()).isEqualTo("user");
      assertThat(body.at("/messages/1/content").asText()).contains("# Incident #12 on target api");
      SchemaAssertions.assertAnswerSchema(body.get("format"), false);

      assertThat(analysis.failed()).as(analysis.error()).isFalse();
      assertThat(analysis.verdict()).isEqualTo(Verdict.ERRORS_INVESTIGATE);
      assertThat(analysis.usage().model()).isEqualTo("llama3.1:8b");
      assertThat(analysis.usage().inputTokens()).isEqualTo(1500);
      assertThat(analysis.usage().outputTokens()).isEqualTo(70);
    }
  }

  @Test
  void failsAReplyThatRanOutOfTokens() throws Exception {
    try (ModelServer server = new ModelServer(Reply.ok(Replies.ollama("{\"root_cause\": \"db", "length", 1500, 700)))) {
      Analysis analysis = spec(server).analyze(OpenAiWireTest.CONTEXT, Bundles.sample());

      assertThat(server.requests()).hasSize(2);
      assertThat(analysis.error()).isEqualTo("reply truncated at max_output_tokens (700)");
    }
  }

  @Test
  void failsOnAServerErrorWithItsStatus() throws Exception {
    try (ModelServer server = new ModelServer(Reply.status(500, "{\"error\":\"model 'llama3.1:8b' not found\"}"))) {
      Analysis analysis = spec(server).analyze(OpenAiWireTest.CONTEXT, Bundles.sample());

      assertThat(server.requests()).hasSize(1);
      assertThat(analysis.error()).startsWith("HTTP 500 from ").contains("not found");
    }
  }

  @Test
  void sendsTheKeyAsABearerTokenToAnOllamaBehindAProxy() throws Exception {
    try (ModelServer server = new ModelServer(Reply.ok(Replies.ollama(Replies.GOOD_ANSWER, "stop", 1, 1)))) {
      LlmAnalystSpec proxied = new LlmAnalystSpec("ollama", "ollama", URI.create(server.url("")), "llama3.1:8b",
          "proxy-token-91", Duration.ofSeconds(20), null, null, null, null, null, null);
      Analysis analysis = proxied.analyze(OpenAiWireTest.CONTEXT, Bundles.sample());

      assertThat(analysis.failed()).as(analysis.error()).isFalse();
      assertThat(server.requests().getFirst().header("Authorization")).isEqualTo("Bearer proxy-token-91");
    }
  }
}
