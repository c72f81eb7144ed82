package dev.medic.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlTextTest {

  @Test
  void readsTheFirstKeywordPastCommentsAndWhitespace() {
    assertThat(SqlText.scan("  -- requeue\n /* stuck */ UPDATE documents SET x = 1").firstKeyword())
        .isEqualTo("update");
    assertThat(SqlText.scan("select 1").firstKeyword()).isEqualTo("select");
    assertThat(SqlText.scan("   ").firstKeyword()).isEmpty();
  }

  @Test
  void countsSemicolonsOnlyOutsideQuotesAndComments() {
    assertThat(SqlText.scan("update t set note = 'a;b', \"odd;name\" = 1 -- done; really\n").semicolons())
        .isZero();
    assertThat(SqlText.scan("update t set x = $body$ ; $body$ where y = $$;$$").semicolons()).isZero();
    assertThat(SqlText.scan("update t set note = 'it''s; fine'").semicolons()).isZero();
    assertThat(SqlText.scan("update t set x = 1; drop table t").semicolons()).isEqualTo(1);
    assertThat(SqlText.scan("delete from t;").semicolons()).isEqualTo(1);
  }

  @Test
  void aBackslashIsNotAnEscapeSoAnAmbiguousQuoteIsRefusedRatherThanTrusted() {
    // In MySQL this is one string; read strictly it leaves a ';' outside quotes: refused, never let through.
    assertThat(SqlText.scan("update t set note = 'it\\'s; x'").semicolons()).isEqualTo(1);
  }

  @Test
  void countsPlaceholdersButNotQuotedOrEscapedQuestionMarks() {
    assertThat(SqlText.scan("update t set a = ?, b = '?' where c = ? and d ?? 'k'").placeholders()).isEqualTo(2);
    assertThat(SqlText.scan("update t set a = $1").placeholders()).isZero();
  }

  @Test
  void flagsAnUnterminatedQuoteOrComment() {
    assertThat(SqlText.scan("update t set a = 'open").unterminated()).isTrue();
    assertThat(SqlText.scan("update t /* open").unterminated()).isTrue();
    assertThat(SqlText.scan("update t set a = 'closed'").unterminated()).isFalse();
  }
}
