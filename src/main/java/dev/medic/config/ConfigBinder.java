package dev.medic.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import dev.medic.spi.CheckSpec;
import dev.medic.spi.KindRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Binds a document unit by unit (agent, each target, each strategy, escalation) so that one bad
 * unit does not hide the problems of the others: {@code validate} reports every problem of a file in
 * one run. Unknown keys are recorded and skipped wherever they are, so a unit with several
 * misspelt keys reports all of them.
 */
final class ConfigBinder {

  private final ObjectMapper mapper;
  private final String file;
  private final YamlIndex index;
  private final JsonParser parser;
  private final List<ConfigException.Problem> problems;
  private boolean complete = true;
  private final List<Integer> targetPositions = new ArrayList<>();
  private final List<Integer> strategyPositions = new ArrayList<>();
  private final List<Integer> reportPositions = new ArrayList<>();

  /**
   * Where each bound target and strategy is in the file: with a unit left out, the n-th bound target
   * may be {@code targets[n+1]}.
   */
  record Positions(List<Integer> targets, List<Integer> strategies, List<Integer> reports) {
    int target(int bound) {
      return targets.get(bound);
    }

    int strategy(int bound) {
      return strategies.get(bound);
    }

    int report(int bound) {
      return reports.get(bound);
    }
  }

  Positions positions() {
    return new Positions(List.copyOf(targetPositions), List.copyOf(strategyPositions), List.copyOf(reportPositions));
  }

  private final KindRegistry kinds;

  ConfigBinder(ObjectMapper mapper, KindRegistry kinds, String file, YamlIndex index, JsonParser parser,
      List<ConfigException.Problem> problems) {
    this.mapper = mapper;
    this.kinds = kinds;
    this.file = file;
    this.index = index;
    this.parser = parser;
    this.problems = problems;
  }

  /** False when some unit could not be bound: checks that need the whole config must not run. */
  boolean complete() {
    return complete;
  }

  /** What could be bound; every unit that could not is a recorded problem. */
  MedicConfig bind() throws IOException {
    JsonToken t = parser.nextToken();
    if (t != JsonToken.START_OBJECT) {
      complete = false;
      problems.add(new ConfigException.Problem(file, 1, 1, null, t == JsonToken.VALUE_NULL
          ? "file holds only null (expected at least a 'targets:' list)"
          : "expected a mapping of key: value at the top (at least a 'targets:' list)"));
      return new MedicConfig(null, null, null, null);
    }
    Map<String, String> keys = Bindings.names(MedicConfig.class);
    AgentSettings agent = null;
    List<TargetConfig> targets = new ArrayList<>();
    List<StrategyConfig> strategies = new ArrayList<>();
    EscalationConfig escalation = null;
    List<ReportConfig> reports = new ArrayList<>();
    List<MaintenanceWindow> maintenance = new ArrayList<>();
    AccessConfig access = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      parser.nextToken();
      String canonical = keys.get(key);
      if (canonical == null) {
        complete = false;
        YamlIndex.Location at = index.key(key).orElse(new YamlIndex.Location(0, 0));
        problems.add(new ConfigException.Problem(file, at.line(), at.column(), key,
            "unknown key '" + key + "'" + ProblemWording.hint(key, java.util.Set.copyOf(keys.values()))));
        parser.skipChildren();
        continue;
      }
      switch (canonical) {
        case "agent" -> agent = unit(AgentSettings.class, key);
        case "targets" -> targets.addAll(list(TargetConfig.class, key, targetPositions));
        case "strategies" -> strategies.addAll(list(StrategyConfig.class, key, strategyPositions));
        case "escalation" -> escalation = unit(EscalationConfig.class, key);
        case "reports" -> reports.addAll(list(ReportConfig.class, key, reportPositions));
        case "maintenance" -> maintenance.addAll(list(MaintenanceWindow.class, key, new ArrayList<>()));
        case "access" -> access = unit(AccessConfig.class, key);
        default -> throw new IllegalStateException(canonical);
      }
    }
    return new MedicConfig(agent, targets, strategies, escalation, null, reports, maintenance, access);
  }

  /** Each entry of a list bound on its own; anything but a list is reported as the list's problem. */
  private <T> List<T> list(Class<T> type, String key, List<Integer> positions) throws IOException {
    List<T> out = new ArrayList<>();
    if (parser.currentToken() == JsonToken.VALUE_NULL) {
      return out;
    }
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      List<T> whole = unit(mapper.getTypeFactory().constructCollectionType(List.class, type), key);
      return whole == null ? out : whole; // not a list: always a problem, so nothing to place
    }
    int i = 0;
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      String path = key + "[" + i++ + "]";
      if (parser.currentToken() == JsonToken.VALUE_NULL) {
        complete = false;
        YamlIndex.Location at = index.value(path).or(() -> index.key(key)).orElse(new YamlIndex.Location(0, 0));
        problems.add(new ConfigException.Problem(file, at.line(), at.column(), path,
            "empty list entry (expected " + Bindings.noun(type, kinds) + ")"));
        continue;
      }
      T value = unit(mapper.constructType(type), path);
      if (value != null) {
        positions.add(i - 1);
        out.add(value);
      }
    }
    return out;
  }

  private <T> T unit(Class<T> type, String path) throws IOException {
    return unit(mapper.constructType(type), path);
  }

  /**
   * Binds the value the parser is on. On a problem, records it and skips the rest of this value so
   * that the next unit starts on its own first token.
   */
  private <T> T unit(JavaType type, String path) throws IOException {
    JsonToken first = parser.currentToken();
    JsonStreamContext context = parser.getParsingContext();
    JsonStreamContext container = first.isStructStart() ? context.getParent() : context;
    try {
      return mapper.readerFor(type).withHandler(new UnknownKeys()).readValue(parser);
    } catch (JsonProcessingException e) {
      problems.add(ProblemWording.describe(file, e, index, path, kinds));
    } catch (RuntimeException e) {
      // A check of a record that is not an IllegalArgumentException: still this unit's problem.
      YamlIndex.Location at = index.start(path).orElse(new YamlIndex.Location(0, 0));
      problems.add(new ConfigException.Problem(file, at.line(), at.column(), path,
          e.getMessage() == null ? e.toString() : e.getMessage()));
    }
    complete = false;
    // Skip what the failed unit left unread, but read each check still ahead on its own: two bad
    // checks in one target are two problems.
    while (parser.getParsingContext() != container && parser.nextToken() != null) {
      if (parser.currentToken() == JsonToken.START_OBJECT) {
        String at = pathOf(parser.getParsingContext());
        if (CHECK.matcher(at).matches()) {
          unit(mapper.constructType(CheckSpec.class), at);
        }
      }
    }
    return null;
  }

  private static final java.util.regex.Pattern CHECK = java.util.regex.Pattern.compile("targets\\[\\d+]\\.checks\\[\\d+]");

  /** Records each unknown key with its place and a "did you mean", then skips its value. */
  private final class UnknownKeys extends DeserializationProblemHandler {
    @Override
    public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p,
        JsonDeserializer<?> deserializer, Object beanOrClass, String propertyName) throws IOException {
      // Records report unknown keys once their mapping is read, when the file's parser is on the
      // mapping's end (its context is the parent's); otherwise it is inside the mapping.
      JsonStreamContext ctx = parser.getParsingContext();
      String mapping = parser.currentToken() == JsonToken.END_OBJECT ? entry(ctx) : pathOf(ctx);
      String field = mapping.isEmpty() ? propertyName : mapping + "." + propertyName;
      YamlIndex.Location at = index.key(field).orElse(new YamlIndex.Location(0, 0));
      problems.add(new ConfigException.Problem(file, at.line(), at.column(), field,
          "unknown key '" + propertyName + "'" + ProblemWording.hint(propertyName, deserializer.getKnownPropertyNames())));
      complete = false;
      p.skipChildren();
      return true;
    }
  }

  /** The path of the value a container context holds: {@code targets[0].checks[1]}. */
  static String pathOf(JsonStreamContext c) {
    return c == null || c.getParent() == null ? "" : entry(c.getParent());
  }

  /** The path of the entry a container is currently on. */
  private static String entry(JsonStreamContext c) {
    String base = pathOf(c);
    if (c.inArray()) {
      return base + "[" + c.getCurrentIndex() + "]";
    }
    if (c.inObject() && c.getCurrentName() != null) {
      return base.isEmpty() ? c.getCurrentName() : base + "." + c.getCurrentName();
    }
    return base;
  }
}
