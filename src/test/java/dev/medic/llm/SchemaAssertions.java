package dev.medic.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/** The answer's JSON schema as every wire format carries it. */
final class SchemaAssertions {

  private SchemaAssertions() {}

  static void assertAnswerSchema(JsonNode schema, boolean closed) {
    assertThat(schema.get("type").asText()).isEqualTo("object");
    assertThat(schema.get("required").toString()).isEqualTo(
        "[\"root_cause\",\"root_target\",\"root_condition\",\"evidence\",\"confidence\",\"verdict\",\"suggested_actions\"]");
    if (closed) {
      assertThat(schema.get("additionalProperties").asBoolean(true)).isFalse();
    }
    JsonNode p = schema.get("properties");
    assertThat(p.at("/root_cause/type").asText()).isEqualTo("string");
    assertThat(p.at("/root_target/anyOf").toString()).isEqualTo("[{\"type\":\"string\"},{\"type\":\"null\"}]");
    assertThat(p.at("/root_condition/anyOf").toString()).isEqualTo("[{\"type\":\"string\"},{\"type\":\"null\"}]");
    assertThat(p.at("/evidence/type").asText()).isEqualTo("array");
    assertThat(p.at("/evidence/items/type").asText()).isEqualTo("string");
    assertThat(p.at("/confidence/type").asText()).isEqualTo("number");
    assertThat(p.at("/verdict/enum").toString()).isEqualTo("[\"ALL_GOOD\",\"SUSPICIOUS_INVESTIGATE\",\"ERRORS_INVESTIGATE\"]");
    assertThat(p.at("/suggested_actions/type").asText()).isEqualTo("array");
    assertThat(p.at("/suggested_actions/items/enum").toString()).isEqualTo("[\"restart-api\",\"flush-cache\"]");
  }
}
