package dev.medic.config;

import dev.medic.spi.Durations;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.databind.util.LRUMap;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.medic.spi.ActionSpec;
import dev.medic.spi.AnalystSpec;
import dev.medic.spi.ChannelSpec;
import dev.medic.spi.KindRegistry;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.medic.spi.CheckSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a YAML config into {@link MedicConfig}: refuses files over {@link #MAX_BYTES}, binds each
 * section to typed records with {@code ${ENV}} substituted inside scalar values ({@link
 * EnvSubstitution}), then checks names, references, conditions and values that would fail at run
 * time. Every problem of the file is reported at once, each with file, line, field and what was
 * expected, and none shows a secret ({@link MedicConfig#redactor()}).
 */
public final class ConfigLoader {

  private final ObjectMapper mapper;
  private final Function<String, String> environment;

  private final KindRegistry kinds;

  /** A loader for the kinds the plugins registered, reading {@code ${ENV}} from the environment. */
  public ConfigLoader(KindRegistry kinds) {
    this(kinds, System::getenv);
  }

  public ConfigLoader(KindRegistry kinds, Function<String, String> environment) {
    this.kinds = kinds;
    this.environment = environment;
    SimpleModule durations = new SimpleModule("medic-durations");
    durations.addDeserializer(Duration.class, new DurationDeserializer());
    this.mapper =
        JsonMapper.builder(new YAMLFactory())
            // A type cache of its own, gone with this loader: Jackson's shared one keeps the last
            // document's deserialization config, and through its problem handler the whole parse
            // (position index, parser), which is tens of megabytes for a 10,000-target file.
            .typeFactory(TypeFactory.defaultInstance().withCache(new LRUMap<>(16, 200)))
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withConfigOverride(List.class, o -> o.setSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL)))
            .withConfigOverride(Map.class, o -> o.setSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL)))
            .addModule(durations)
            .build();
    // The type: names come from the plugins, not from annotations on the spec interfaces.
    for (Class<?> base : List.of(CheckSpec.class, ActionSpec.class, ChannelSpec.class, AnalystSpec.class)) {
      kinds.types(base).forEach((type, spec) -> mapper.registerSubtypes(new NamedType(spec, type)));
    }
  }

  /**
   * The largest config file read, checked before parsing: a config is a few kilobytes, and parsing a
   * huge one would stall validate, run and every reload.
   */
  public static final long MAX_BYTES = 1024 * 1024;

  public MedicConfig load(Path file) throws ConfigException {
    String text;
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw new ConfigException(tooLarge(file.toString(), size));
      }
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(new ConfigException.Problem(file.toString(), 0, 0, null, "file not found"));
    } catch (IOException e) {
      throw new ConfigException(
          new ConfigException.Problem(file.toString(), 0, 0, null, "cannot read: " + e.getMessage()));
    }
    return parse(file.toString(), text);
  }

  private static ConfigException.Problem tooLarge(String file, long size) {
    return new ConfigException.Problem(file, 0, 0, null, "file is " + size + " bytes, more than the limit of "
        + MAX_BYTES + " bytes (1 MiB); a medic config is a few kilobytes");
  }

  /**
   * Reads a whole document and reports every problem it has at once. {@code ${ENV}} is substituted
   * inside scalar values only, after YAML has parsed them (see {@link EnvSubstitution}).
   */
  public MedicConfig parse(String fileName, String yaml) throws ConfigException {
    if (yaml.length() > MAX_BYTES) {
      throw new ConfigException(tooLarge(fileName, yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
    }
    YamlIndex index;
    try {
      index = YamlIndex.of(yaml);
    } catch (IOException e) {
      throw new ConfigException(syntax(fileName, e));
    }
    if (index.empty()) {
      throw new ConfigException(new ConfigException.Problem(fileName, 1, 1, null,
          "file is empty (expected at least a 'targets:' list)"));
    }
    List<ConfigException.Problem> problems = new ArrayList<>(repeatedKeys(fileName, index));
    EnvSubstitution env = new EnvSubstitution(fileName, environment);
    MedicConfig config;
    boolean complete;
    ConfigBinder.Positions positions;
    try (JsonParser parser = new EnvYamlFactory(env).createParser(yaml)) {
      ConfigBinder binder = new ConfigBinder(mapper, kinds, fileName, index, parser, problems);
      config = binder.bind();
      complete = binder.complete();
      positions = binder.positions();
    } catch (IOException e) {
      throw new ConfigException(syntax(fileName, e));
    }
    problems.addAll(CrossChecks.check(fileName, index, config, complete, positions));
    // An unset variable also makes its value wrong ("url must start with http://, got ''"): the
    // variable is the problem to report, not its consequence.
    java.util.Set<Integer> unsetLines = new java.util.HashSet<>();
    env.problems().forEach(p -> unsetLines.add(p.line()));
    problems.removeIf(p -> unsetLines.contains(p.line()));
    problems.addAll(env.problems());
    Redactor redactor = new Redactor(env.secrets());
    if (!problems.isEmpty()) {
      throw new ConfigException(ordered(problems), redactor);
    }
    // Tokens written into the file itself (not from ${ENV}) are secrets too: keep them out of logs and the audit.
    return config.withRedactor(redactor.with(config.access().tokens().stream()
        .map(AccessToken::token).filter(java.util.Objects::nonNull).toList()));
  }

  /** In file order, each problem once (a repeated key may also fail its binding). */
  private static List<ConfigException.Problem> ordered(List<ConfigException.Problem> problems) {
    return problems.stream().distinct()
        .sorted(java.util.Comparator.comparingInt(ConfigException.Problem::line)
            .thenComparingInt(ConfigException.Problem::column))
        .toList();
  }

  /** A YAML syntax error: SnakeYAML's problem and where it is, without its multi-line excerpt. */
  private static ConfigException.Problem syntax(String fileName, IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MarkedYAMLException y && y.getProblemMark() != null) {
        String started = y.getContextMark() == null ? "" : " that starts on line " + (y.getContextMark().getLine() + 1);
        String message;
        if (y.getProblem().contains("(TAB)")) {
          message = "a tab cannot start a token (indent with spaces, not tabs)";
        } else if (y.getProblem().startsWith("expected <block end>") && !started.isEmpty()) {
          message = "this line's indentation does not line up with the block" + started
              + " (" + y.getProblem() + ")";
        } else {
          message = y.getProblem() + (y.getContext() == null || started.isEmpty() ? "" : " (" + y.getContext() + started + ")");
        }
        return new ConfigException.Problem(fileName, y.getProblemMark().getLine() + 1,
            y.getProblemMark().getColumn() + 1, null, "invalid YAML: " + message);
      }
    }
    JsonLocation loc = e instanceof JsonProcessingException j ? j.getLocation() : null;
    String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    return new ConfigException.Problem(fileName, loc == null ? 0 : loc.getLineNr(),
        loc == null ? 0 : loc.getColumnNr(), null, "invalid YAML: " + message);
  }

  /**
   * A key written twice in one mapping, or a key and its alias ({@code interval} and {@code
   * interval_seconds}, {@code agent} and {@code monitoring}): YAML would silently keep one.
   */
  private static List<ConfigException.Problem> repeatedKeys(String file, YamlIndex index) {
    List<ConfigException.Problem> problems = new ArrayList<>();
    index.mappings().forEach((mapping, keys) -> {
      Map<String, String> canonical = Bindings.names(Bindings.typeAt(mapping));
      Map<String, String> firstWritten = new HashMap<>();
      Map<String, Integer> seen = new HashMap<>();
      for (String key : keys) {
        String path = mapping.isEmpty() ? key : mapping + "." + key;
        int occurrence = seen.merge(key, 1, Integer::sum) - 1;
        YamlIndex.Location here = index.occurrences(path).get(occurrence);
        String setting = canonical.getOrDefault(key, key);
        String first = firstWritten.putIfAbsent(setting, key);
        if (first == null) {
          continue;
        }
        String firstPath = mapping.isEmpty() ? first : mapping + "." + first;
        int firstLine = index.occurrences(firstPath).getFirst().line();
        String message = first.equals(key)
            ? "key '" + key + "' appears twice (first on line " + firstLine + "); keep one"
            : "'" + key + "' and '" + first + "' (line " + firstLine + ") are the same setting"
                + (setting.equals(first) || setting.equals(key) ? "" : " ('" + setting + "')") + "; keep one";
        problems.add(new ConfigException.Problem(file, here.line(), here.column(), path, message));
      }
    });
    return problems;
  }

  /** Accepts {@code 30s}, {@code 5m}, {@code 500ms} or a plain number of seconds. */
  private static final class DurationDeserializer extends JsonDeserializer<Duration> {
    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String text = p.getValueAsString();
      if (text == null || !p.currentToken().isScalarValue()) {
        throw JsonMappingException.from(p, "expected a duration like 500ms, 30s, 5m, 1h or 7d");
      }
      try {
        return Durations.parse(text);
      } catch (IllegalArgumentException e) {
        throw JsonMappingException.from(p, e.getMessage());
      }
    }
  }
}
