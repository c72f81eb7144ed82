package dev.medic.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * How a value filled into a request body template is escaped, by the body's content type: inside a
 * JSON string, as a form value, or not at all. Escaping keeps a quote, newline or {@code &} in a
 * target's name or a reason from changing the text around it.
 */
public enum BodyEscape implements UnaryOperator<String> {
  /** JSON string escaping: the value stays inside the string it was put in. */
  JSON {
    @Override
    public String apply(String value) {
      return new String(JsonStringEncoder.getInstance().quoteAsString(value));
    }
  },
  /** {@code application/x-www-form-urlencoded}: the value stays one form value. */
  FORM {
    @Override
    public String apply(String value) {
      return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
  },
  /** Plain text: inserted as it is. */
  NONE {
    @Override
    public String apply(String value) {
      return value;
    }
  };

  /** What {@link #notJson} says of one JSON document followed by more text. */
  public static final String TRAILING_TEXT = "text after its end";

  private static final ObjectMapper PARSER = new ObjectMapper();

  /** JSON for any {@code json} content type, form encoding for a form, none for anything else. */
  public static BodyEscape forContentType(String contentType) {
    String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    if (type.contains("json")) {
      return JSON;
    }
    return type.startsWith("application/x-www-form-urlencoded") ? FORM : NONE;
  }

  /** Why {@code text} is not one JSON document, or empty if it is. */
  public static Optional<String> notJson(String text) {
    try (JsonParser p = PARSER.createParser(text)) {
      PARSER.readTree(p);
      return p.nextToken() == null ? Optional.empty() : Optional.of(TRAILING_TEXT);
    } catch (JsonProcessingException e) {
      return Optional.of(e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // reading a String does no I/O
    }
  }
}
