package dev.medic.llm;

import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.medic.spi.Verdict;
import java.util.Arrays;
import java.util.List;

/**
 * The JSON schema the model's answer must match. {@code suggested_actions} is an enum of the
 * strategies the incident's target allows, so a server that enforces the schema cannot even write
 * another; medic checks again when it reads the answer.
 */
final class AnswerSchema {

  static final String NAME = "incident_analysis";
  static final List<String> FIELDS = List.of("root_cause", "root_target", "root_condition", "evidence",
      "confidence", "verdict", "suggested_actions");

  private AnswerSchema() {}

  static JsonSchema forStrategies(List<String> allowed) {
    JsonSchemaElement suggestion = allowed.isEmpty()
        ? JsonStringSchema.builder().description("nothing may be suggested for this target: leave the list empty").build()
        : JsonEnumSchema.builder().enumValues(allowed).build();
    JsonObjectSchema root = JsonObjectSchema.builder()
        .addProperty("root_cause", JsonStringSchema.builder()
            .description("one or two sentences: what is wrong at the root, and why").build())
        .addProperty("root_target", nullableString("the target at the root, as named in the bundle; null if unknown"))
        .addProperty("root_condition", nullableString("that target's condition at the root; null if unknown"))
        .addProperty("evidence", JsonArraySchema.builder()
            .description("the facts from the bundle the conclusion rests on, one per item")
            .items(JsonStringSchema.builder().build()).build())
        .addProperty("confidence", JsonNumberSchema.builder().description("0 to 1").build())
        .addProperty("verdict", JsonEnumSchema.builder()
            .enumValues(Arrays.stream(Verdict.values()).map(Verdict::name).toList()).build())
        .addProperty("suggested_actions", JsonArraySchema.builder()
            .description("names of allowed strategies only; may be empty").items(suggestion).build())
        .required(FIELDS)
        .additionalProperties(false)
        .build();
    return JsonSchema.builder().name(NAME).rootElement(root).build();
  }

  private static JsonSchemaElement nullableString(String description) {
    return JsonAnyOfSchema.builder().description(description)
        .anyOf(JsonStringSchema.builder().build(), new JsonNullSchema()).build();
  }
}
