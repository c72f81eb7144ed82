package dev.medic.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Alertmanager-style matchers on an incident's target, condition and the target's labels. */
class LabelMatcherTest {

  private static final Map<String, String> DB = Map.of("target", "db-1", "condition", "down", "team", "data");

  @Test
  void equalAndNotEqualCompareTheWholeValue() {
    assertThat(LabelMatcher.parse("team=data").matches(DB)).isTrue();
    assertThat(LabelMatcher.parse("team=dat").matches(DB)).isFalse();
    assertThat(LabelMatcher.parse("team!=data").matches(DB)).isFalse();
    assertThat(LabelMatcher.parse("team!=web").matches(DB)).isTrue();
  }

  @Test
  void regularExpressionsAreAnchoredAtBothEnds() {
    assertThat(LabelMatcher.parse("target=~db-\\d").matches(DB)).isTrue();
    assertThat(LabelMatcher.parse("target=~db").matches(DB)).isFalse();
    assertThat(LabelMatcher.parse("target=~b-1").matches(DB)).isFalse();
    assertThat(LabelMatcher.parse("target!~db").matches(DB)).isTrue();
    assertThat(LabelMatcher.parse("target!~db-.*").matches(DB)).isFalse();
  }

  @Test
  void aLabelTheTargetLacksSatisfiesOnlyTheNegativeOperators() {
    Map<String, String> noTeam = Map.of("target", "web", "condition", "down");
    assertThat(LabelMatcher.parse("team=data").matches(noTeam)).isFalse();
    assertThat(LabelMatcher.parse("team=~.*").matches(noTeam)).isFalse();
    assertThat(LabelMatcher.parse("team!=data").matches(noTeam)).isTrue();
    assertThat(LabelMatcher.parse("team!~.*").matches(noTeam)).isTrue();
  }

  @Test
  void theShortFormReadsEachOperatorAndKeepsOperatorCharactersInTheValue() {
    assertThat(LabelMatcher.parse("team=~db|cache")).isEqualTo(new LabelMatcher("team", "=~", "db|cache"));
    assertThat(LabelMatcher.parse("team!~x")).isEqualTo(new LabelMatcher("team", "!~", "x"));
    assertThat(LabelMatcher.parse("team!=x")).isEqualTo(new LabelMatcher("team", "!=", "x"));
    assertThat(LabelMatcher.parse("q=a=b")).isEqualTo(new LabelMatcher("q", "=", "a=b"));
    assertThat(LabelMatcher.parse("team=")).isEqualTo(new LabelMatcher("team", "=", ""));
    assertThat(new LabelMatcher("team", null, "x").operator()).isEqualTo("=");
    assertThat(LabelMatcher.parse("team=~db|cache").toString()).isEqualTo("team=~\"db|cache\"");
  }

  @Test
  void badMatchersSayWhatIsExpected() {
    assertThatThrownBy(() -> LabelMatcher.parse("team")).hasMessageContaining("NAME=VALUE");
    assertThatThrownBy(() -> LabelMatcher.parse("=x")).hasMessageContaining("NAME=VALUE");
    assertThatThrownBy(() -> LabelMatcher.parse("team!x")).hasMessage("operator must be one of =, !=, =~, !~, got '!'");
    assertThatThrownBy(() -> LabelMatcher.parse("team=~(db")).hasMessageStartingWith(
        "value is not a valid regular expression for team =~");
    assertThatThrownBy(() -> new LabelMatcher("team", "==", "x")).hasMessageContaining("got '=='");
    assertThatThrownBy(() -> new LabelMatcher(" ", "=", "x")).hasMessageStartingWith("name is required");
    assertThatThrownBy(() -> new LabelMatcher("team", "=", null)).hasMessageStartingWith("value is required");
  }
}
