package dev.medic.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LinePatternTest {

  @Test
  void readsSlashFormWithIgnoreCase() {
    LinePattern p = LinePattern.parse("/FATAL:.*database/i");
    assertThat(p.matches("2026-01-01 fatal: the database system is shutting down")).isTrue();
    assertThat(p.matches("FATAL: role missing")).isFalse();
    assertThat(p.toString()).isEqualTo("/FATAL:.*database/i");
  }

  @Test
  void readsBareRegexCaseSensitiveAnywhereInTheLine() {
    LinePattern p = LinePattern.parse("ERROR|Exception");
    assertThat(p.matches("java.lang.IllegalStateException: boom")).isTrue();
    assertThat(p.matches("error: lower case")).isFalse();
  }

  @Test
  void refusesBadPatternsNamingThem() {
    assertThatThrownBy(() -> LinePattern.parse("/oops(/i"))
        .hasMessageContaining("'/oops(/i' is not a valid regular expression");
    assertThatThrownBy(() -> LinePattern.parse("/x/g")).hasMessageContaining("unknown flag 'g'");
    assertThatThrownBy(() -> LinePattern.parse("")).hasMessageContaining("must not be empty");
    assertThatThrownBy(() -> LinePattern.parse("//i")).hasMessageContaining("nothing between its slashes");
  }
}
