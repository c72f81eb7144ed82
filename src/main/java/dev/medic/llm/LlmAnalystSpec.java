package dev.medic.llm;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.medic.http.HttpValues;
import dev.medic.spi.Analysis;
import dev.medic.spi.AnalystContext;
import dev.medic.spi.AnalystSpec;
import dev.medic.spi.Durations;
import dev.medic.spi.IncidentBundle;
import dev.medic.spi.SpecProblem;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A language model as an analyst ({@code type: llm}): it reads the incident's bundle and answers a
 * JSON object (root cause, evidence, confidence, verdict, suggested strategies) that medic checks
 * before it keeps it. Advice only, unless {@code propose: true}: then its suggestions are proposed,
 * each through the Guard and a person's approval.
 *
 * @param provider {@code openai} (any OpenAI-compatible server), {@code anthropic} or {@code ollama}
 *     (Ollama's own {@code /api/chat})
 * @param baseUrl the API's base, e.g. {@code http://127.0.0.1:11434/v1}; the provider's public API when absent
 * @param model the model's name as the server knows it
 * @param apiKey the key, a secret (write it as {@code ${ENV}}); optional for local servers
 * @param timeLimit the whole analysis, repair round included, ends within this
 * @param maxOutputTokens sent as the request's limit on the reply's tokens
 * @param maxInputChars the bundle is trimmed, oldest observations and log lines first, to fit in this
 * @param hourlyLimit at most this many analyses an hour
 * @param propose whether its suggestions are proposed (Guard and approval) rather than only recorded
 * @param temperature sampling temperature; 0 for the most repeatable answers
 * @param price what tokens cost, for the cost in the audit; optional
 */
public record LlmAnalystSpec(
    String name,
    String provider,
    URI baseUrl,
    String model,
    String apiKey,
    @JsonProperty("timeout") Duration timeLimit,
    Integer maxOutputTokens,
    Integer maxInputChars,
    @JsonProperty("per_hour") Integer hourlyLimit,
    Boolean propose,
    Double temperature,
    LlmPrice price) implements AnalystSpec {

  public LlmAnalystSpec {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("model is required (the model's name as the server knows it, e.g. llama3.1:8b)");
    }
    provider = provider == null ? Provider.OPENAI.key() : provider;
    Provider chosen = Provider.of(provider);
    name = name == null ? "llm" : name;
    baseUrl = baseUrl == null ? URI.create(chosen.defaultBaseUrl()) : baseUrl;
    timeLimit = timeLimit == null ? Duration.ofSeconds(60) : timeLimit;
    maxOutputTokens = maxOutputTokens == null ? 1024 : maxOutputTokens;
    maxInputChars = maxInputChars == null ? 24_000 : maxInputChars;
    hourlyLimit = hourlyLimit == null ? 10 : hourlyLimit;
    propose = propose != null && propose;
    temperature = temperature == null ? 0 : temperature;
    price = price == null ? new LlmPrice(0d, 0d) : price;
    if (maxOutputTokens < 1) {
      throw new IllegalArgumentException("max_output_tokens must be 1 or more, got " + maxOutputTokens);
    }
    if (maxInputChars < 1000) {
      throw new IllegalArgumentException("max_input_chars must be 1000 or more, got " + maxInputChars);
    }
    if (hourlyLimit < 1) {
      throw new IllegalArgumentException("per_hour must be 1 or more, got " + hourlyLimit);
    }
    if (temperature.isNaN() || temperature < 0 || temperature > 2) {
      throw new IllegalArgumentException("temperature must be within 0..2, got " + temperature);
    }
  }

  Provider wire() {
    return Provider.of(provider);
  }

  @Override
  public int perHour() {
    return hourlyLimit;
  }

  @Override
  public Duration timeout() {
    return timeLimit;
  }

  @Override
  public boolean proposes() {
    return propose;
  }

  @Override
  public List<SpecProblem> problems() {
    List<SpecProblem> problems = new ArrayList<>(
        new HttpValues().url("base_url", baseUrl).timeout("timeout", timeLimit).problems());
    if (apiKey != null && (apiKey.isBlank() || apiKey.chars().anyMatch(Character::isWhitespace))) {
      problems.add(new SpecProblem("api_key", "api_key cannot be empty or hold spaces or line breaks"));
    }
    return problems;
  }

  @Override
  public Analysis analyze(AnalystContext context, IncidentBundle bundle) throws InterruptedException {
    return new LlmAnalyst(this, new ChatModels()).analyze(context, bundle);
  }

  /** Never shows the key. */
  @Override
  public String toString() {
    return "LlmAnalystSpec[name=" + name + ", provider=" + provider + ", base_url=" + dev.medic.config.Redact.url(baseUrl.toString())
        + ", model=" + model + ", api_key=" + (apiKey == null ? "none" : "***") + ", timeout=" + Durations.format(timeLimit)
        + ", max_output_tokens=" + maxOutputTokens + ", max_input_chars=" + maxInputChars + ", per_hour=" + hourlyLimit
        + ", propose=" + propose + ", temperature=" + temperature + "]";
  }
}
