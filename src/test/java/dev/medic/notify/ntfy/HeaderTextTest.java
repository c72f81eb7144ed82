package dev.medic.notify.ntfy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HeaderTextTest {

  private static final Pattern WORD = Pattern.compile("=\\?UTF-8\\?B\\?([A-Za-z0-9+/=]*)\\?=");

  /** Decodes encoded-words as ntfy does: the space between two adjacent words is dropped. */
  static String decode(String header) {
    StringBuilder out = new StringBuilder();
    for (String part : header.split(" ")) {
      Matcher m = WORD.matcher(part);
      assertThat(m.matches()).as("an encoded-word: " + part).isTrue();
      out.append(new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  @Test
  void asciiIsSentAsItIs() {
    assertThat(HeaderText.of("[CRITICAL] api http_error")).isEqualTo("[CRITICAL] api http_error");
  }

  @Test
  void lineBreaksAndControlCharactersBecomeOneSpaceSoNoHeaderCanBeInjected() {
    assertThat(HeaderText.of("api\r\nX-Injected: 1\tx\u0000")).isEqualTo("api X-Injected: 1 x");
  }

  @Test
  void nonAsciiIsOneEncodedWordThatDecodesToTheText() {
    assertThat(HeaderText.of("küche")).isEqualTo("=?UTF-8?B?a8O8Y2hl?=");
  }

  @Test
  void asciiThatLooksLikeAnEncodedWordIsEncodedSoNtfyShowsItAsWritten() {
    String odd = "=?UTF-8?B?eA==?=";
    assertThat(HeaderText.of(odd)).isNotEqualTo(odd);
    assertThat(decode(HeaderText.of(odd))).isEqualTo(odd);
  }

  @Test
  void aLongTitleIsSplitIntoWordsOfAtMost75CharactersNeverInsideACharacter() {
    String title = "[CRITICAL] " + "Überlastung-🚨-".repeat(12) + " http_error";

    String header = HeaderText.of(title);

    assertThat(header.split(" ")).hasSizeGreaterThan(1).allSatisfy(w -> assertThat(w.length()).isLessThanOrEqualTo(75));
    assertThat(header).matches("\\p{ASCII}+");
    assertThat(decode(header)).isEqualTo(title);
  }
}
