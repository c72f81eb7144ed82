package dev.medic.analyze;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.medic.config.MedicConfig;
import dev.medic.config.Redactor;
import dev.medic.config.StrategyConfig;
import dev.medic.config.TargetConfig;
import dev.medic.spi.ActionSpec;
import dev.medic.spi.CheckSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A target's config as a plain map, keys as written in YAML ({@code snake_case}, {@code type:} names),
 * with every secret hidden: values under keys named like secrets are masked whole, every other text
 * passes the config's redactor (which knows the values taken from {@code ${ENV}} and URL passwords).
 */
final class ConfigView {

  /** Keys whose values are secrets whatever they hold: {@code password}, {@code api_key}, {@code Authorization}... */
  private static final Pattern SECRET_KEY = Pattern.compile(
      "(?i).*(password|passwd|pwd|token|secret|api[-_]?key|apikey|auth|credential|private[-_]?key|cookie).*");

  private final Function<Class<?>, String> typeOf;

  /** @param typeOf the {@code type:} name a check's or action's class was registered under */
  ConfigView(Function<Class<?>, String> typeOf) {
    this.typeOf = typeOf;
  }

  /** The target's config as a map, secrets masked. */
  Map<String, Object> of(TargetConfig target, Redactor redactor) {
    JsonNode tree = mapperFor(target).valueToTree(target);
    JsonNode clean = scrub(tree, redactor);
    @SuppressWarnings("unchecked")
    Map<String, Object> map = new ObjectMapper().convertValue(clean, LinkedHashMap.class);
    return map;
  }

  /**
   * The values the config holds under secret-named keys, in targets and strategies: written into the
   * file literally rather than through {@code ${ENV}}, the redactor does not know them, yet they may
   * show up in a check's message or an action's output.
   */
  List<String> secrets(MedicConfig config) {
    List<String> found = new ArrayList<>();
    for (TargetConfig t : config.targets()) {
      collect(mapperFor(t).valueToTree(t), found);
    }
    ObjectMapper plain = mapperFor(null);
    for (StrategyConfig s : config.strategies()) {
      try {
        collect(plain.valueToTree(s.action()), found);
      } catch (IllegalArgumentException unwritable) {
        // An action that cannot be written has no values to hide here.
      }
    }
    return found;
  }

  private static void collect(JsonNode node, List<String> found) {
    if (node instanceof ObjectNode object) {
      object.properties().forEach(e -> {
        if (SECRET_KEY.matcher(e.getKey()).matches() && e.getValue().isTextual()) {
          found.add(e.getValue().asText());
        } else {
          collect(e.getValue(), found);
        }
      });
    } else if (node instanceof ArrayNode array) {
      array.forEach(v -> collect(v, found));
    }
  }

  /** The {@code type:} name of an action's class. */
  String typeOf(ActionSpec action) {
    return typeOf.apply(action.getClass());
  }

  /**
   * A mapper that writes the target's own check classes with their {@code type:} names. Built per
   * call: the registered names depend on the target, and a bundle is made on demand, not in a loop.
   */
  private ObjectMapper mapperFor(TargetConfig target) {
    SimpleModule values = new SimpleModule("medic-config-values");
    values.addSerializer(Duration.class, new DurationText());
    values.addSerializer(Path.class, ToStringSerializer.instance);
    values.addSerializer(Pattern.class, ToStringSerializer.instance);
    ObjectMapper mapper = new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .registerModule(values)
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    for (CheckSpec c : target == null ? List.<CheckSpec>of() : target.checks()) {
      mapper.registerSubtypes(new NamedType(c.getClass(), typeOf.apply(c.getClass())));
    }
    return mapper;
  }

  private static JsonNode scrub(JsonNode node, Redactor redactor) {
    if (node instanceof ObjectNode object) {
      ObjectNode out = object.objectNode();
      object.properties().forEach(e -> {
        JsonNode v = e.getValue();
        boolean secret = SECRET_KEY.matcher(e.getKey()).matches() && !"type".equals(e.getKey());
        out.set(e.getKey(), secret && (v.isValueNode() && !v.isNull() && !v.isBoolean())
            ? TextNode.valueOf(Redactor.MASK) : scrub(v, redactor));
      });
      return out;
    }
    if (node instanceof ArrayNode array) {
      ArrayNode out = array.arrayNode();
      array.forEach(v -> out.add(scrub(v, redactor)));
      return out;
    }
    if (node.isTextual()) {
      return TextNode.valueOf(redactor.redact(node.asText()));
    }
    return node;
  }

  /**
   * A class's {@code type:} name guessed from its name ({@code HttpCheck} is {@code http}), for a
   * builder given no kind registry; the registry's names are the true ones.
   */
  static String guessedType(Class<?> spec) {
    String name = spec.getSimpleName().replaceFirst("(Spec|Check|Action|Analyst)$", "");
    return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  /** Durations as the config writes them: {@code 30s}, {@code 5m}, {@code 1h}, {@code 250ms}. */
  private static final class DurationText extends StdSerializer<Duration> {

    DurationText() {
      super(Duration.class);
    }

    @Override
    public void serialize(Duration d, JsonGenerator gen, SerializerProvider provider) throws IOException {
      long ms = d.toMillis();
      String text;
      if (ms % 1000 != 0) {
        text = ms + "ms";
      } else if (ms % 3_600_000 == 0 && ms != 0) {
        text = ms / 3_600_000 + "h";
      } else if (ms % 60_000 == 0 && ms != 0) {
        text = ms / 60_000 + "m";
      } else {
        text = ms / 1000 + "s";
      }
      gen.writeString(text);
    }
  }
}
