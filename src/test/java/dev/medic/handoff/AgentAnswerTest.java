package dev.medic.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.medic.spi.Analysis;
import dev.medic.spi.IncidentBundle;
import dev.medic.spi.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** How tolerantly an agent's output is read: the shapes an agent or a model really prints. */
class AgentAnswerTest {

  private static final List<IncidentBundle.StrategyOption> ALLOWED =
      List.of(new IncidentBundle.StrategyOption("restart_container", "docker_restart", false, List.of()));

  private static Analysis read(String output) {
    return AgentAnswer.read(output).analysis(7, "agent", Instant.EPOCH, ALLOWED, Duration.ofMillis(1200), output);
  }

  @Test
  void findsTheAnswerInAFencedBlockAmidProse() {
    Analysis a = read("""
        I checked the logs and the config.
        ```json
        {"root_cause": "the API key expired", "verdict": "ERRORS_INVESTIGATE", "confidence": 0.9,
         "root_incident_id": "#12", "suggested_actions": [{"strategy": "restart_container"}]}
        ```
        That is all.""");

    assertThat(a.summary()).isEqualTo("the API key expired");
    assertThat(a.rootIncidentId()).isEqualTo(12L);
    assertThat(a.suggestedActions()).containsExactly("restart_container");
    assertThat(a.usage().latencyMs()).isEqualTo(1200);
  }

  @Test
  void readsTheLastResultOfAStreamOfJsonLines() {
    Analysis a = read("""
        {"type":"system","subtype":"init","session_id":"s"}
        {"type":"assistant","message":{"content":[{"type":"text","text":"looking"}]}}
        {"type":"result","subtype":"success","is_error":false,"result":"Checked.\\nNothing is wrong now.","total_cost_usd":0.01,"modelUsage":{"claude-sonnet-4-5":{}}}""");

    assertThat(a.failed()).isFalse();
    assertThat(a.verdict()).isEqualTo(Verdict.SUSPICIOUS_INVESTIGATE);
    assertThat(a.summary()).isEqualTo("Nothing is wrong now.");
    assertThat(a.usage().model()).isEqualTo("claude-sonnet-4-5");
    assertThat(a.usage().costUsd()).isEqualTo(0.01);
  }

  @Test
  void takesStructuredOutputWhenTheAgentWasGivenTheSchema() {
    Analysis a = read("""
        {"type":"result","subtype":"success","is_error":false,"result":"",\
        "structured_output":{"root_cause":"disk full","root_target":"station-host","verdict":"all good","confidence":1}}""");

    assertThat(a.summary()).isEqualTo("disk full");
    assertThat(a.rootTarget()).isEqualTo("station-host");
    assertThat(a.verdict()).isEqualTo(Verdict.ALL_GOOD);
    assertThat(a.confidence()).isEqualTo(1.0);
  }

  @Test
  void aSuggestionNamedInAnObjectOutsideTheAllowListIsRefused() {
    Analysis a = read("{\"verdict\":\"errors\",\"suggested_actions\":[{\"action\":\"FLUSHALL\"},\"restart_container\"]}");

    assertThat(a.suggestedActions()).containsExactly("restart_container");
    assertThat(a.refused()).extracting(Analysis.Refusal::action).containsExactly("FLUSHALL");
  }

  @Test
  void emptyOutputIsAnEmptySuspiciousReport() {
    Analysis a = read("");

    assertThat(a.failed()).isFalse();
    assertThat(a.summary()).isEmpty();
    assertThat(a.verdict()).isEqualTo(Verdict.SUSPICIOUS_INVESTIGATE);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"ERRORS_INVESTIGATE, ERRORS_INVESTIGATE", "errors-investigate, ERRORS_INVESTIGATE", "Errors, ERRORS_INVESTIGATE",
      "all good, ALL_GOOD", "ALL_GOOD, ALL_GOOD", "suspicious, SUSPICIOUS_INVESTIGATE", "'', SUSPICIOUS_INVESTIGATE",
      "fine I guess, SUSPICIOUS_INVESTIGATE"})
  void readsAVerdictHoweverItIsSpelled(String written, Verdict read) {
    assertThat(AgentAnswer.verdict(JsonNodeFactory.instance.textNode(written))).isEqualTo(read);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"0.8, 0.8", "80%, 0.8", "80, 0.8", "250, 1.0", "-1, 0.0", "high, 0.0", "NaN, 0.0"})
  void keepsConfidenceWithinZeroAndOne(String written, double read) {
    assertThat(AgentAnswer.confidence(JsonNodeFactory.instance.textNode(written))).isEqualTo(read);
  }
}
