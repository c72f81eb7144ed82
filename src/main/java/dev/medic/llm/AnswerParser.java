package dev.medic.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.spi.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads the model's reply tolerantly where form is concerned (a code fence or prose around the
 * object, a confidence written as a string, a verdict in any case) and strictly where meaning is: a
 * missing or invalid field is an error naming it, never a value quietly made up or clamped.
 */
final class AnswerParser {

  private final ObjectMapper json;

  AnswerParser(ObjectMapper json) {
    this.json = json;
  }

  Answer parse(String reply) throws UnusableReply {
    JsonNode node = readObject(firstObject(reply));
    return new Answer(
        requiredText(node, "root_cause"),
        optionalText(node, "root_target"),
        optionalText(node, "root_condition"),
        texts(node, "evidence"),
        confidence(node),
        verdict(node),
        texts(node, "suggested_actions"));
  }

  /** The first balanced {...} in the reply, braces inside strings not counted. */
  static String firstObject(String reply) throws UnusableReply {
    if (reply == null || reply.isBlank()) {
      throw new UnusableReply("the reply is empty; expected one JSON object");
    }
    int start = reply.indexOf('{');
    if (start < 0) {
      throw new UnusableReply("the reply holds no JSON object");
    }
    int depth = 0;
    boolean inString = false;
    for (int i = start; i < reply.length(); i++) {
      char c = reply.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return reply.substring(start, i + 1);
      }
    }
    throw new UnusableReply("the JSON object is never closed (the reply ends inside it)");
  }

  private JsonNode readObject(String text) throws UnusableReply {
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UnusableReply("the JSON object is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static String requiredText(JsonNode node, String field) throws UnusableReply {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new UnusableReply(field + " is missing; expected a string");
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new UnusableReply(field + " must be a non-empty string, got " + value);
    }
    return value.asText().strip();
  }

  /** A string or null; an absent field counts as null, since null is what it would say. */
  private static String optionalText(JsonNode node, String field) throws UnusableReply {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new UnusableReply(field + " must be a string or null, got " + value);
    }
    String text = value.asText().strip();
    return text.isEmpty() ? null : text;
  }

  private static List<String> texts(JsonNode node, String field) throws UnusableReply {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new UnusableReply(field + " is missing; expected an array of strings (it may be empty)");
    }
    if (!value.isArray()) {
      throw new UnusableReply(field + " must be an array of strings, got " + value);
    }
    List<String> texts = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        throw new UnusableReply(field + " must hold only strings, got " + item);
      }
      if (!item.asText().isBlank()) {
        texts.add(item.asText().strip());
      }
    }
    return texts;
  }

  private static double confidence(JsonNode node) throws UnusableReply {
    JsonNode value = node.get("confidence");
    if (value == null || value.isNull()) {
      throw new UnusableReply("confidence is missing; expected a number from 0 to 1");
    }
    double number;
    if (value.isNumber()) {
      number = value.asDouble();
    } else if (value.isTextual()) {
      try {
        number = Double.parseDouble(value.asText().strip());
      } catch (NumberFormatException e) {
        throw new UnusableReply("confidence must be a number from 0 to 1, got " + value);
      }
    } else {
      throw new UnusableReply("confidence must be a number from 0 to 1, got " + value);
    }
    if (Double.isNaN(number) || number < 0 || number > 1) {
      throw new UnusableReply("confidence must be within 0..1, got " + value);
    }
    return number;
  }

  private static Verdict verdict(JsonNode node) throws UnusableReply {
    JsonNode value = node.get("verdict");
    String expected = Arrays.toString(Verdict.values());
    if (value == null || value.isNull()) {
      throw new UnusableReply("verdict is missing; expected one of " + expected);
    }
    if (value.isTextual()) {
      String key = value.asText().strip().toUpperCase(Locale.ROOT);
      for (Verdict v : Verdict.values()) {
        if (v.name().equals(key)) {
          return v;
        }
      }
    }
    throw new UnusableReply("verdict must be one of " + expected + ", got " + value);
  }
}
