package dev.medic.config;

import dev.medic.runtime.Plugins;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.medic.notify.webhook.WebhookChannel;
import dev.medic.http.HttpCheck;
import dev.medic.tcp.TcpCheck;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ${ENV}} is substituted inside scalar values after YAML parsed them, never as text. */
class EnvInsideValuesTest {

  private static final Map<String, String> ENV = Map.of(
      "HASH", "s3cret #1",
      "COLON", "a: b",
      "NEWLINE", "first\nbogus_key: injected",
      "PORT", "8080",
      "HEX", "0x1F",
      "YES", "yes");

  private static MedicConfig load(String yaml) throws ConfigException {
    return new ConfigLoader(Plugins.registry(), ENV::get).parse("medic.yaml", yaml);
  }

  private static String header(MedicConfig cfg, String name) {
    return ((HttpCheck) cfg.targets().getFirst().checks().getFirst()).headers().get(name);
  }

  private static final String CHECK = """
      targets:
        - name: web
          checks:
            - type: http
              url: http://127.0.0.1:${PORT}/health
              method: POST
              body: ${NEWLINE}
              headers:
                X-Hash: ${HASH}
                X-Colon: ${COLON}
                X-Quoted: "${HASH}"
                X-Around: Bearer ${COLON} ${HASH}
      """;

  @Test
  void aHashAColonAndANewlineArriveVerbatimAndNeverChangeTheDocument() throws Exception {
    MedicConfig cfg = load(CHECK);

    assertThat(header(cfg, "X-Hash")).isEqualTo("s3cret #1");
    assertThat(header(cfg, "X-Colon")).isEqualTo("a: b");
    assertThat(((HttpCheck) cfg.targets().getFirst().checks().getFirst()).body())
        .isEqualTo("first\nbogus_key: injected");
    assertThat(header(cfg, "X-Quoted")).isEqualTo("s3cret #1");
    assertThat(header(cfg, "X-Around")).isEqualTo("Bearer a: b s3cret #1");
    assertThat(((HttpCheck) cfg.targets().getFirst().checks().getFirst()).url())
        .hasToString("http://127.0.0.1:8080/health");
  }

  @Test
  void aWholeReferenceIsANumberOnlyWhenItsTextIsADecimalNumber() throws Exception {
    MedicConfig cfg = load("""
        targets:
          - name: web
            checks: [{type: tcp, port: "${PORT}"}]
        escalation:
          channels:
            - type: webhook
              url: http://127.0.0.1:9/hook
              headers:
                X-Hex: "${HEX}"
                X-Yes: ${YES}
        """);

    assertThat(((TcpCheck) cfg.targets().getFirst().checks().getFirst()).port()).isEqualTo(8080);
    WebhookChannel hook = (WebhookChannel) cfg.escalation().channels().getFirst();
    assertThat(hook.headers()).containsEntry("X-Hex", "0x1F").containsEntry("X-Yes", "yes");
  }

  @Test
  void linesAndColumnsAfterASubstitutedValueStayThoseOfTheFile() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(CHECK + """
                intervall: 5s
        """));

    assertThat(e.problems()).singleElement().asString()
        .startsWith("medic.yaml:13:9: targets[0].checks[0].intervall: unknown key 'intervall'");
  }

  @Test
  void aConfigErrorNeverEchoesAValueFromTheEnvironment() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("""
        targets:
          - name: web
            checks:
              - type: http
                url: "https://user:${HASH}@127.0.0.1/health"
                method: ${COLON}
                expect_status: ${HASH}
        """));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).doesNotContain("s3cret").contains("***");
    assertThat(e.problems()).allSatisfy(p -> assertThat(p.message()).doesNotContain("s3cret"));
  }

  @Test
  void theRedactorOfALoadedConfigHidesItsEnvironmentValuesButNotNumbers() throws Exception {
    MedicConfig cfg = load(CHECK);

    assertThat(cfg.redactor().redact("sent s3cret #1 and a: b on port 8080"))
        .isEqualTo("sent *** and *** on port 8080");
  }
}
