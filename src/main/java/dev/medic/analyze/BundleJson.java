package dev.medic.analyze;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.medic.spi.IncidentBundle;
import java.io.UncheckedIOException;

/**
 * An incident bundle as JSON: {@code snake_case} keys, instants in ISO-8601, indented for people.
 * The one shape the CLI, the API and the analysts that send it on use.
 */
public final class BundleJson {

  private final ObjectMapper mapper = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT);

  /** The bundle as an indented JSON document. */
  public String json(IncidentBundle bundle) {
    try {
      return mapper.writeValueAsString(bundle);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write the bundle of incident #" + bundle.incident().id() + " as JSON", e);
    }
  }

  /** The mapper behind {@link #json}, for callers that embed the bundle in a larger document. */
  public ObjectMapper mapper() {
    return mapper;
  }
}
