package dev.medic.notify.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MarkdownV2Test {

  @ParameterizedTest(name = "{0}")
  @ValueSource(chars = {'_', '*', '[', ']', '(', ')', '~', '`', '>', '#', '+', '-', '=', '|', '{', '}', '.', '!', '\\'})
  void eachCharacterTelegramReservesIsPrecededByABackslash(char reserved) {
    assertThat(MarkdownV2.escape("a" + reserved + "b")).isEqualTo("a\\" + reserved + "b");
  }

  @Test
  void theReservedSetIsExactlyTelegramsNineteenCharacters() {
    assertThat(MarkdownV2.RESERVED.chars().distinct().count()).isEqualTo(19);
    assertThat(MarkdownV2.RESERVED).containsOnlyOnce("\\");
  }

  @Test
  void lettersDigitsSpacesAndOtherTextStayAsTheyAre() {
    assertThat(MarkdownV2.escape("api 500 überlastet: ok, \"x\" & y <z $ % ^ ' / ? @ ; 🚨"))
        .isEqualTo("api 500 überlastet: ok, \"x\" & y <z $ % ^ ' / ? @ ; 🚨");
  }

  @Test
  void aRealisticIncidentTextIsEscapedEverywhere() {
    assertThat(MarkdownV2.escape("restart_api failed (exit 1) at 10.0.0.7! see [logs]"))
        .isEqualTo("restart\\_api failed \\(exit 1\\) at 10\\.0\\.0\\.7\\! see \\[logs\\]");
  }

  @Test
  void aBackslashAlreadyInTheTextIsEscapedItselfSoItCannotEscapeWhatFollows() {
    assertThat(MarkdownV2.escape("C:\\*")).isEqualTo("C:\\\\\\*");
  }

  @Test
  void boldMarkersAreMedicsAndWhatIsInsideIsEscaped() {
    assertThat(MarkdownV2.bold("[CRITICAL] *api*")).isEqualTo("*\\[CRITICAL\\] \\*api\\**");
  }

  @Test
  void noTextIsAnEmptyText() {
    assertThat(MarkdownV2.escape(null)).isEmpty();
  }
}
