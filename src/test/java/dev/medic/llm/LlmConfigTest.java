package dev.medic.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.medic.config.ConfigException;
import dev.medic.config.ConfigLoader;
import dev.medic.config.MedicConfig;
import dev.medic.runtime.Plugins;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The llm analyst as written under escalation.analysts: what binds, and what is refused with which words. */
class LlmConfigTest {

  private static final String HEAD = """
      targets:
        - {name: db, checks: [{type: tcp, port: 5432}]}
      escalation:
        analysts:
      """;
  private static final Map<String, String> ENV = Map.of("OPENAI_API_KEY", "sk-from-env-5e1f0a");

  private static MedicConfig parse(String analysts) throws ConfigException {
    return new ConfigLoader(Plugins.registry(), ENV::get).parse("medic.yaml", HEAD + analysts);
  }

  @Test
  void bindsEveryFieldOfTheDocumentedExample() throws Exception {
    MedicConfig config = parse("""
          - name: llm
            type: llm
            provider: openai
            base_url: http://127.0.0.1:11434/v1
            model: llama3.1:8b
            api_key: ${OPENAI_API_KEY}
            timeout: 60s
            max_output_tokens: 1024
            max_input_chars: 24000
            per_hour: 10
            propose: false
            temperature: 0
            price: {input_per_million: 0.15, output_per_million: 0.60}
        """);

    LlmAnalystSpec spec = (LlmAnalystSpec) config.escalation().analyst("llm").orElseThrow();
    assertThat(spec).isEqualTo(new LlmAnalystSpec("llm", "openai", URI.create("http://127.0.0.1:11434/v1"),
        "llama3.1:8b", "sk-from-env-5e1f0a", Duration.ofSeconds(60), 1024, 24000, 10, false, 0.0,
        new LlmPrice(0.15, 0.60)));
    assertThat(spec.perHour()).isEqualTo(10);
    assertThat(spec.timeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(spec.proposes()).isFalse();
    assertThat(spec.mayAct()).isFalse();
    assertThat(spec.toString()).doesNotContain("sk-from-env-5e1f0a").contains("api_key=***");
    assertThat(config.redactor().redact("key sk-from-env-5e1f0a")).doesNotContain("sk-from-env-5e1f0a");
  }

  @Test
  void fillsDefaultsForALocalServer() throws Exception {
    MedicConfig config = parse("""
          - {name: local, type: llm, provider: ollama, model: "qwen2.5:7b", propose: true}
        """);

    LlmAnalystSpec spec = (LlmAnalystSpec) config.escalation().analyst("local").orElseThrow();
    assertThat(spec.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:11434"));
    assertThat(spec.apiKey()).isNull();
    assertThat(spec.timeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(spec.maxOutputTokens()).isEqualTo(1024);
    assertThat(spec.maxInputChars()).isEqualTo(24000);
    assertThat(spec.perHour()).isEqualTo(10);
    assertThat(spec.proposes()).isTrue();
    assertThat(spec.temperature()).isZero();
    assertThat(spec.price()).isEqualTo(new LlmPrice(0.0, 0.0));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      unknown provider    | provider: gemini, model: m              | escalation.analysts[0] | provider must be one of openai, anthropic, ollama, got 'gemini'
      no model            | provider: openai                        | escalation.analysts[0] | model is required
      base_url not http   | model: m, base_url: "ftp://10.0.0.1/v1" | escalation.analysts[0].base_url | URL must start with http:// or https://, got 'ftp://10.0.0.1/v1'
      zero timeout        | model: m, timeout: 0s                   | escalation.analysts[0].timeout | timeout must be more than 0, got 0s
      no output tokens    | model: m, max_output_tokens: 0          | escalation.analysts[0] | max_output_tokens must be 1 or more, got 0
      tiny input budget   | model: m, max_input_chars: 10           | escalation.analysts[0] | max_input_chars must be 1000 or more, got 10
      no analyses an hour | model: m, per_hour: 0                   | escalation.analysts[0] | per_hour must be 1 or more, got 0
      hot temperature     | model: m, temperature: 3                | escalation.analysts[0] | temperature must be within 0..2, got 3.0
      negative price      | 'model: m, price: {input_per_million: -1}' | escalation.analysts[0] | input_per_million must be 0 or more (US dollars), got -1.0
      key with a space    | 'model: m, api_key: "sk one"'           | escalation.analysts[0].api_key | api_key cannot be empty or hold spaces or line breaks
      unknown field       | model: m, max_tokens: 5                 | escalation.analysts[0] | max_tokens
      """)
  void refusesABadAnalystNamingTheFieldAndWhatWasExpected(String what, String fields, String field, String message) {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> parse("    - {name: llm, type: llm, " + fields + "}\n"));

    assertThat(e).as(what).isNotNull();
    List<ConfigException.Problem> problems = e.problems();
    assertThat(problems).as(what + ": " + problems).hasSize(1);
    assertThat(problems.getFirst().field()).as(what).startsWith(field);
    assertThat(problems.getFirst().message()).as(what).contains(message);
  }
}
