package dev.medic.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.spi.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tolerant about form, strict about meaning: what a model's reply may look like, and what is refused. */
class AnswerParserTest {

  private final AnswerParser parser = new AnswerParser(new ObjectMapper());

  @Test
  void findsTheFirstBalancedObjectWithBracesInsideStrings() throws Exception {
    String reply = "Sure! {\"root_cause\": \"a } in a string {\", \"root_target\": null, \"root_condition\": null, "
        + "\"evidence\": [\"x\"], \"confidence\": \"0.35\", \"verdict\": \"Suspicious_Investigate\", "
        + "\"suggested_actions\": []} and then {\"another\": 1}";

    Answer answer = parser.parse(reply);

    assertThat(answer.rootCause()).isEqualTo("a } in a string {");
    assertThat(answer.rootTarget()).isNull();
    assertThat(answer.confidence()).isEqualTo(0.35);
    assertThat(answer.verdict()).isEqualTo(Verdict.SUSPICIOUS_INVESTIGATE);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      confidence above one   | "confidence": 1.2                  | confidence must be within 0..1, got 1.2
      confidence as words    | "confidence": "high"               | confidence must be a number from 0 to 1, got "high"
      confidence as percent  | "confidence": "85%"                | confidence must be a number from 0 to 1, got "85%"
      unknown verdict        | "verdict": "BROKEN"                | verdict must be one of [ALL_GOOD, SUSPICIOUS_INVESTIGATE, ERRORS_INVESTIGATE], got "BROKEN"
      evidence as one string | "evidence": "db down"              | evidence must be an array of strings, got "db down"
      numbers as actions     | "suggested_actions": [1]           | suggested_actions must hold only strings, got 1
      empty root cause       | "root_cause": " "                  | root_cause must be a non-empty string
      target as a number     | "root_target": 5                   | root_target must be a string or null, got 5
      """)
  void refusesAnInvalidFieldNamingIt(String what, String override, String problem) {
    String field = override.substring(0, override.indexOf(':'));
    String reply = base().replaceFirst(java.util.regex.Pattern.quote(field) + ": [^,}\\]]*\\]?", 
        java.util.regex.Matcher.quoteReplacement(override));

    assertThatThrownBy(() -> parser.parse(reply)).as(what + ": " + reply)
        .isInstanceOf(UnusableReply.class).hasMessageContaining(problem);
  }

  @Test
  void refusesAMissingRequiredField() {
    assertThatThrownBy(() -> parser.parse(base().replace("\"evidence\": [\"db refused\"], ", "")))
        .hasMessage("evidence is missing; expected an array of strings (it may be empty)");
  }

  @Test
  void refusesAReplyWithoutAValidObject() {
    assertThatThrownBy(() -> parser.parse("The database is down.")).hasMessage("the reply holds no JSON object");
    assertThatThrownBy(() -> parser.parse("")).hasMessage("the reply is empty; expected one JSON object");
    assertThatThrownBy(() -> parser.parse("{\"root_cause\": 'db'}")).hasMessageStartingWith("the JSON object is not valid JSON");
  }

  private static String base() {
    return "{\"root_cause\": \"db down\", \"root_target\": \"db\", \"root_condition\": \"tcp_refused\", "
        + "\"evidence\": [\"db refused\"], \"confidence\": 0.5, \"verdict\": \"ERRORS_INVESTIGATE\", "
        + "\"suggested_actions\": [\"restart-api\"]}";
  }
}
