package dev.medic.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/** Replies in each vendor's documented shape, usage included. */
final class Replies {

  static final ObjectMapper JSON = new ObjectMapper();

  static final String GOOD_ANSWER = """
      {"root_cause": "db refuses connections, so api cannot serve", "root_target": "db", \
      "root_condition": "tcp_refused", "evidence": ["db: connection refused on 5432", "api log: could not connect to db"], \
      "confidence": 0.8, "verdict": "ERRORS_INVESTIGATE", "suggested_actions": []}""";

  private Replies() {}

  static String openAi(String content, String finishReason, int in, int out) {
    return json(Map.of("id", "chatcmpl-1", "object", "chat.completion", "created", 1764496800, "model", "llama3.1:8b",
        "choices", List.of(Map.of("index", 0, "message", Map.of("role", "assistant", "content", content),
            "finish_reason", finishReason)),
        "usage", Map.of("prompt_tokens", in, "completion_tokens", out, "total_tokens", in + out)));
  }

  static String anthropic(String text, String stopReason, int in, int out) {
    return json(Map.of("id", "msg_01", "type", "message", "role", "assistant", "model", "claude-sonnet-4-5",
        "content", List.of(Map.of("type", "text", "text", text)), "stop_reason", stopReason,
        "usage", Map.of("input_tokens", in, "output_tokens", out)));
  }

  static String ollama(String content, String doneReason, int in, int out) {
    return json(Map.of("model", "llama3.1:8b", "created_at", "2026-11-30T10:06:40Z",
        "message", Map.of("role", "assistant", "content", content), "done", true, "done_reason", doneReason,
        "prompt_eval_count", in, "eval_count", out));
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
