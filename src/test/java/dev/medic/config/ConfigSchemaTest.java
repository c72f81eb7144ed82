package dev.medic.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.medic.runtime.Plugins;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The config's JSON Schema: made from the records the loader binds, so editors check what medic checks. */
class ConfigSchemaTest {

  private static final Path COMMITTED = Path.of("docs/medic.schema.json");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final String generated = new ConfigSchema(Plugins.registry()).text();
  private final Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
      .getSchema(generated);

  private List<String> errors(String yaml) throws Exception {
    JsonNode config = YAML.readTree(yaml);
    return schema.validate(config).stream().map(Error::toString).toList();
  }

  @Test
  void everyExampleIsValidAndPointsEditorsAtTheSchema() throws Exception {
    List<Path> examples;
    try (Stream<Path> files = Files.list(Path.of("examples"))) {
      examples = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(examples).hasSizeGreaterThan(5);
    for (Path example : examples) {
      String text = Files.readString(example);
      assertThat(text).as(example.toString()).startsWith("# yaml-language-server: $schema=../docs/medic.schema.json\n");
      assertThat(errors(text)).as(example.toString()).isEmpty();
    }
  }

  @Test
  void flagsAMistypedKeyAWrongKindAndAWrongScalar() throws Exception {
    assertThat(errors("""
        targets:
          - name: web
            checks:
              - {type: http, url: "http://x/", intervall: 5s}
        """)).isNotEmpty().anyMatch(e -> e.contains("intervall"));
    assertThat(errors("""
        targets:
          - name: web
            checks:
              - {type: htp, url: "http://x/"}
        """)).isNotEmpty();
    assertThat(errors("""
        agent:
          failures: three
        """)).isNotEmpty();
  }

  @Test
  void acceptsEnvironmentReferencesWhereNumbersAndDurationsGo() throws Exception {
    assertThat(errors("""
        agent:
          interval: ${INTERVAL:-30s}
          failures: ${FAILURES}
        targets:
          - name: db
            checks:
              - {type: tcp, host: localhost, port: "${DB_PORT:-5432}"}
        """)).isEmpty();
  }

  @Test
  void listsEveryKindThePluginsRegistered() {
    assertThat(generated).contains("\"const\" : \"docker\"", "\"const\" : \"log\"", "\"const\" : \"docker_restart\"",
        "\"const\" : \"cert_renew\"", "\"const\" : \"slack\"");
  }

  /** docs/medic.schema.json is what editors load: it must be what this medic would print. */
  @Test
  void theCommittedSchemaIsCurrent() throws Exception {
    assertThat(Files.readString(COMMITTED)).as("regenerate with: ./bin/medic schema > docs/medic.schema.json")
        .isEqualTo(generated);
  }
}
