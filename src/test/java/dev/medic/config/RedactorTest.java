package dev.medic.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {

  private final Redactor redactor = new Redactor(List.of("hunter22", "hunter22-and-more", "on"));

  @Test
  void hidesKnownLiteralsTheLongestFirstAndIgnoresOnesTooShortToBeSecrets() {
    assertThat(redactor.redact("pw hunter22-and-more then hunter22, turned on"))
        .isEqualTo("pw *** then ***, turned on");
  }

  @Test
  void hidesTheUrlPasswordButKeepsTheUser() {
    assertThat(redactor.redact("GET https://app:pa55word@db.example:5432/x failed"))
        .isEqualTo("GET https://app:***@db.example:5432/x failed");
    assertThat(redactor.redact("redis://topsecret@cache:6379/0")).isEqualTo("redis://***@cache:6379/0");
    assertThat(redactor.redact("http://127.0.0.1:8080/health")).isEqualTo("http://127.0.0.1:8080/health");
  }

  @Test
  void hidesQueryParametersNamedLikeSecretsWhateverTheirCase() {
    assertThat(redactor.redact("http://h/p?user=bob&Token=abc123&page=2&API_KEY=k&client_secret=s&sig=1&signature=zz"))
        .isEqualTo("http://h/p?user=bob&Token=***&page=2&API_KEY=***&client_secret=***&sig=1&signature=***");
    assertThat(redactor.redact("/hook?password=x;pwd=y#frag")).isEqualTo("/hook?password=***;pwd=***#frag");
  }

  @Test
  void moreSecretsCanBeAddedWithoutChangingTheOriginal() {
    Redactor more = redactor.with(List.of("from-a-file"));

    assertThat(more.redact("from-a-file hunter22")).isEqualTo("*** ***");
    assertThat(redactor.redact("from-a-file")).isEqualTo("from-a-file");
    assertThat(Redactor.none().redact(null)).isNull();
    assertThat(redactor.and(new Redactor(List.of("other-secret"))).redact("hunter22 other-secret"))
        .isEqualTo("*** ***");
  }
}
