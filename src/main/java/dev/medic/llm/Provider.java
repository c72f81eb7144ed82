package dev.medic.llm;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The wire format spoken to the model's server. */
enum Provider {
  /** {@code POST /chat/completions}: OpenAI, and Ollama, vLLM, llama.cpp server, LM Studio on their {@code /v1}. */
  OPENAI("https://api.openai.com/v1"),
  /** Anthropic's Messages API, {@code POST /v1/messages}. */
  ANTHROPIC("https://api.anthropic.com/v1"),
  /** Ollama's own {@code POST /api/chat}. */
  OLLAMA("http://127.0.0.1:11434");

  private final String defaultBaseUrl;

  Provider(String defaultBaseUrl) {
    this.defaultBaseUrl = defaultBaseUrl;
  }

  String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  String defaultBaseUrl() {
    return defaultBaseUrl;
  }

  static String keys() {
    return Arrays.stream(values()).map(Provider::key).collect(Collectors.joining(", "));
  }

  static Provider of(String key) {
    return Arrays.stream(values()).filter(p -> p.key().equals(key)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("provider must be one of " + keys() + ", got '" + key + "'"));
  }
}
