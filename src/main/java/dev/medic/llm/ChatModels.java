package dev.medic.llm;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.time.Duration;
import java.util.Map;

/**
 * Builds the LangChain4j client for a spec's provider, over a {@link BoundedHttpClient}. No retries (a retry would run past the time
 * limit and the hourly budget unseen), requests and replies never logged (they carry the key and the
 * bundle), and the HTTP client's own timeouts at the analysis's limit.
 */
class ChatModels {

  private final int maxBody;

  ChatModels() {
    this(BoundedHttpClient.MAX_BODY);
  }

  /** @param maxBody the most of a reply that is read */
  ChatModels(int maxBody) {
    this.maxBody = maxBody;
  }

  ChatModel build(LlmAnalystSpec spec, Duration timeout) {
    String baseUrl = spec.baseUrl().toString();
    BoundedHttpClient.Builder http = new BoundedHttpClient.Builder(maxBody);
    return switch (spec.wire()) {
      case OPENAI -> OpenAiChatModel.builder()
          .baseUrl(baseUrl)
          .apiKey(spec.apiKey())
          .modelName(spec.model())
          .httpClientBuilder(http)
          .strictJsonSchema(true)
          .supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA)
          .timeout(timeout)
          .maxRetries(0)
          .logRequests(false)
          .logResponses(false)
          .build();
      case ANTHROPIC -> AnthropicChatModel.builder()
          .httpClientBuilder(http)
          .baseUrl(baseUrl)
          .apiKey(spec.apiKey())
          .modelName(spec.model())
          .supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA)
          .timeout(timeout)
          .maxRetries(0)
          .logRequests(false)
          .logResponses(false)
          .build();
      case OLLAMA -> {
        OllamaChatModel.OllamaChatModelBuilder builder = OllamaChatModel.builder();
        builder.httpClientBuilder(http);
        builder.baseUrl(baseUrl).modelName(spec.model()).timeout(timeout).logRequests(false).logResponses(false);
        if (spec.apiKey() != null) {
          // Ollama itself takes no key; one behind a proxy or on ollama.com takes a bearer token.
          builder.customHeaders(Map.of("Authorization", "Bearer " + spec.apiKey()));
        }
        yield builder.maxRetries(0).build();
      }
    };
  }
}
