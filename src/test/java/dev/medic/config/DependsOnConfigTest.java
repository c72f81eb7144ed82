package dev.medic.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.medic.runtime.Plugins;
import java.util.List;
import org.junit.jupiter.api.Test;

/** depends_on and heal_symptoms as written, and the mistakes in them reported where they are. */
class DependsOnConfigTest {

  private static MedicConfig load(String yaml) throws ConfigException {
    return new ConfigLoader(Plugins.registry()).parse("medic.yaml", yaml);
  }

  private static List<ConfigException.Problem> problems(String yaml) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(yaml));
    assertThat(e).as("expected the config to be rejected").isNotNull();
    return e.problems();
  }

  @Test
  void healSymptomsIsOffUnlessATargetTurnsItOn() throws Exception {
    MedicConfig cfg = load("""
        targets:
          - name: database
            checks: [{type: tcp, port: 5432}]
          - name: api
            checks: [{type: http, url: "http://127.0.0.1:8080/health"}]
            depends_on: [database]
            heal_symptoms: true
        """);

    assertThat(cfg.target("database").orElseThrow().healSymptoms()).isFalse();
    assertThat(cfg.target("api").orElseThrow().healSymptoms()).isTrue();
    assertThat(cfg.target("api").orElseThrow().dependsOn()).containsExactly("database");
  }

  @Test
  void healSymptomsThatIsNoBooleanIsReportedOnItsLine() {
    List<ConfigException.Problem> all = problems("""
        targets:
          - name: api
            checks: [{type: http, url: "http://127.0.0.1:8080/health"}]
            heal_symptoms: sometimes
        """);

    assertThat(all).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(4);
      assertThat(p.field()).isEqualTo("targets[0].heal_symptoms");
      assertThat(p.message()).isEqualTo("expected true or false, got the string 'sometimes'");
    });
  }

  @Test
  void aCycleThroughOtherTargetsIsReportedOnceWhereItCloses() {
    List<ConfigException.Problem> all = problems("""
        targets:
          - name: web
            checks: [{type: tcp, port: 80}]
            depends_on: [api]
          - name: api
            checks: [{type: tcp, port: 8080}]
            depends_on: [database]
          - name: database
            checks: [{type: tcp, port: 5432}]
            depends_on: [web]
        """);

    assertThat(all).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(4);
      assertThat(p.field()).isEqualTo("targets[0].depends_on[0]");
      assertThat(p.message()).isEqualTo(
          "depends_on makes a cycle: web -> api -> database -> web (one target in it must depend on none of the others)");
    });
  }

  @Test
  void aDiamondIsNoCycle() throws Exception {
    MedicConfig cfg = load("""
        targets:
          - name: web
            checks: [{type: tcp, port: 80}]
            depends_on: [api, cache]
          - name: api
            checks: [{type: tcp, port: 8080}]
            depends_on: [database]
          - name: cache
            checks: [{type: tcp, port: 6379}]
            depends_on: [database]
          - name: database
            checks: [{type: tcp, port: 5432}]
        """);

    assertThat(cfg.targets()).hasSize(4);
  }
}
