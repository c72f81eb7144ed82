package dev.medic.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.spi.LinePattern;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The literal pre-filter skips only lines a pattern could never match. */
class LineMatcherTest {

  private static final List<String> PATTERNS = List.of(
      "/FATAL:.*database/i", "/OOM killer/i", "/PANIC:.*corruption/i", "connection refused",
      "ERROR|Exception", "^WARN", "done$", "re.ry", "time.?out", "/Time.+Out/i", "[Ee]rror \\d+",
      "colou?r", "(auth|login) failed", "\\bdisk\\b", "a{2}h", "x.*", "/ünïcode/i", "/kelvin/i");

  private static final List<String> LINES = List.of(
      "2026 FATAL: cannot reach Database", "fatal: database", "FATAL database", "oom KILLER went", "OOM kill",
      "PANIC: index corruption", "panic: corruption", "Connection refused", "connection refused by peer",
      "an ERROR here", "java.lang.Exception", "exception", "WARN at start", "not WARN", "all done", "done or not",
      "retry", "re-ry", "rery", "timeout", "time out", "time  out", "TIME-OUT", "time out", "Error 42", "error 7",
      "color", "colour", "colouur", "auth failed", "login failed", "logout failed", "disk full", "disks",
      "aah", "ah", "aaah", "x", "", "ÜNÏCODE", "ünïcode", "\u212Aelvin sign", "KELVIN", "caf\u00e9 ERROR",
      "bad \uFFFD byte connection refused", "trailing space done ");

  @Test
  void classifiesEveryLineAsTheBarePatternsWould() {
    for (int c = 0; c < PATTERNS.size(); c++) {
      List<LinePattern> critical = List.of(LinePattern.parse(PATTERNS.get(c)));
      List<LinePattern> warning = List.of(LinePattern.parse(PATTERNS.get((c + 7) % PATTERNS.size())));
      LineMatcher matcher = new LineMatcher(critical, warning);
      for (String line : LINES) {
        byte[] bytes = ("junk" + line + "junk").getBytes(StandardCharsets.UTF_8);
        int length = bytes.length - 8;
        LineMatcher.Kind expected = critical.getFirst().matches(line) ? LineMatcher.Kind.CRITICAL
            : warning.getFirst().matches(line) ? LineMatcher.Kind.WARNING : LineMatcher.Kind.NONE;
        assertThat(matcher.classify(bytes, 4, length))
            .as("line '%s' with critical %s and warning %s", line, critical, warning)
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void findsTheLiteralsSimplePatternsNeedAndNoneForOthers() {
    assertThat(RequiredLiterals.of(LinePattern.parse("/FATAL:.*database/i")).texts()).containsExactly("database");
    assertThat(RequiredLiterals.of(LinePattern.parse("ERROR|Exception")).texts()).containsExactly("ERROR", "Exception");
    assertThat(RequiredLiterals.of(LinePattern.parse("^WARN")).texts()).containsExactly("WARN");
    assertThat(RequiredLiterals.of(LinePattern.parse("colou?r")).simple()).isFalse();
    assertThat(RequiredLiterals.of(LinePattern.parse("(auth|login) failed")).simple()).isFalse();
    assertThat(RequiredLiterals.of(LinePattern.parse("x|.*")).simple()).isFalse();
    assertThat(RequiredLiterals.of(LinePattern.parse("/ünïcode/i")).simple()).isFalse();
  }
}
