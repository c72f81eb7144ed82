package dev.medic.config;

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
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.medic.spi.ActionSpec;
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
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    for (Class<?> base : List.of(CheckSpec.class, ActionSpec.class, ChannelSpec.class)) {
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
    problems.addAll(crossCheck(fileName, index, config, complete, positions));
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
    return config.withRedactor(redactor);
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

  /**
   * One binding problem, placed and worded for a person.
   *
   * @param prefix the path of the unit that was being bound ({@code targets[2]}); the binder's own
   *     path is relative to it
   */
  static ConfigException.Problem describe(
      String fileName, JsonProcessingException e, YamlIndex index, String prefix, KindRegistry kinds) {
    JsonLocation loc = e.getLocation();
    YamlIndex.Location where = new YamlIndex.Location(loc == null ? 0 : loc.getLineNr(), loc == null ? 0 : loc.getColumnNr());
    // The binder names canonical keys (agent.interval); report what the file says (monitoring.interval_seconds).
    String field = written(joined(prefix, e instanceof JsonMappingException jme ? path(jme) : ""), index);
    String message;
    if (e instanceof UnrecognizedPropertyException u) {
      // Records buffer unknown keys and report them at the end of their mapping: find the key itself.
      where = index.key(field).orElse(where);
      message = "unknown key '" + u.getPropertyName() + "'" + hint(u.getPropertyName(), u.getKnownPropertyIds());
    } else if (e instanceof InvalidTypeIdException t) {
      String known = Bindings.subtypes(t.getBaseType() == null ? null : t.getBaseType().getRawClass(), kinds);
      String expected = known.isEmpty() ? "" : " (expected one of " + known + ")";
      if (t.getTypeId() == null) {
        where = index.start(field).orElse(where);
        message = "missing 'type:'" + expected;
      } else {
        where = index.value(field + ".type").orElse(where);
        message = "unknown type '" + t.getTypeId() + "'" + expected;
      }
      field = field + ".type";
    } else if (e instanceof InvalidNullException
        || (e instanceof MismatchedInputException m && m.getOriginalMessage().startsWith("Cannot map `null`"))) {
      MismatchedInputException n = (MismatchedInputException) e;
      String expected = Bindings.noun(n.getTargetType(), kinds);
      int dot = field.lastIndexOf('.');
      String name = field.substring(dot + 1);
      if (field.endsWith("]")) {
        where = index.value(field).orElse(where);
        message = "empty list entry (expected " + expected + ")";
      } else if (index.key(field).isPresent()) {
        where = index.key(field).get();
        message = "'" + name + "' has no value (expected " + expected + ")";
      } else {
        where = index.start(dot < 0 ? "" : field.substring(0, dot)).orElse(where);
        message = "'" + name + "' is required (expected " + expected + ")";
      }
    } else if (e instanceof ValueInstantiationException v) {
      Throwable cause = v.getCause() == null ? v : v.getCause();
      message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
      // "jitter must be ..." is about agent.jitter: point at that key when it is written.
      Matcher m = LEADING_KEY.matcher(message);
      String key = m.lookingAt() ? m.group(1) : null;
      String named = null;
      if (key != null) {
        String last = key.substring(key.lastIndexOf('.') + 1);
        for (String candidate : List.of(child(field, key), child(field, last))) {
          if (index.key(candidate).isPresent()) {
            named = candidate;
            break;
          }
        }
      }
      if (named != null) {
        field = named;
        where = index.key(named).get();
      } else {
        where = index.start(field).orElse(where);
      }
    } else if (e instanceof MismatchedInputException m) {
      message = mismatch(m, field, index.scalar(field).orElse(null), kinds);
    } else if (e instanceof JsonMappingException jme && jme.getCause() instanceof IllegalArgumentException iae) {
      message = iae.getMessage();
    } else {
      message = e.getOriginalMessage();
      int cut = message.indexOf("\n at [Source");
      if (cut > 0) {
        message = message.substring(0, cut);
      }
      message = message.replace("(through reference chain", "").replaceAll("`dev\\.medic\\.[a-z.]*\\.", "`");
    }
    return new ConfigException.Problem(fileName, where.line(), where.column(), field, message);
  }

  private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

  /** A field path with each key spelled as the file spells it, aliases included. */
  static String written(String path, YamlIndex index) {
    StringBuilder out = new StringBuilder();
    Matcher m = SEGMENT.matcher(path);
    while (m.find()) {
      if (m.group(2) != null) {
        out.append(m.group());
        continue;
      }
      String parent = out.toString();
      String key = m.group(1);
      if (index.start(child(parent, key)).isEmpty()) {
        Map<String, String> names = Bindings.names(Bindings.typeAt(parent));
        String canonical = names.getOrDefault(key, key);
        for (Map.Entry<String, String> alias : names.entrySet()) {
          if (alias.getValue().equals(canonical) && index.start(child(parent, alias.getKey())).isPresent()) {
            key = alias.getKey();
            break;
          }
        }
      }
      if (!out.isEmpty()) {
        out.append('.');
      }
      out.append(key);
    }
    return out.toString();
  }

  private static final Pattern LEADING_KEY = Pattern.compile("([a-z_]+(?:\\.[a-z_]+)*)\\b");

  private static String child(String parent, String name) {
    return parent == null || parent.isEmpty() ? name : parent + "." + name;
  }

  /** "expected a whole number, got 'eighty'" instead of Jackson's coercion wording. */
  private static String mismatch(MismatchedInputException m, String field, String written, KindRegistry kinds) {
    Class<?> target = m.getTargetType();
    String expected = Bindings.noun(target, kinds);
    String original = m.getOriginalMessage();
    String got = null;
    String text = null;
    if (m instanceof InvalidFormatException f && f.getValue() != null) {
      text = String.valueOf(f.getValue());
      got = f.getValue() instanceof String ? "'" + text + "'" : text;
      Matcher problem = Pattern.compile("problem: (.*)$", Pattern.DOTALL).matcher(original);
      if (problem.find()) {
        got += ": " + problem.group(1).strip();
      }
    } else {
      Matcher s = STRING_VALUE.matcher(original);
      Matcher n = NUMBER_VALUE.matcher(original);
      if (s.find()) {
        text = s.group(1);
        got = "the string '" + text + "'";
      } else if (n.find()) {
        got = n.group(1);
      } else if (original.contains("from Array value") || original.contains("START_ARRAY")) {
        got = "a list";
      } else if (original.contains("from Object value") || original.contains("START_OBJECT")) {
        got = "a mapping";
      } else if (written != null) {
        got = original.contains("VALUE_STRING") ? "the string '" + written + "'" : written;
      } else if (original.contains("String value") || original.contains("VALUE_STRING")) {
        got = "a string";
      } else if (original.contains("VALUE_NUMBER")) {
        got = "a number";
      }
    }
    if (got == null) {
      return "expected " + expected + " (" + original.lines().findFirst().orElse("") + ")";
    }
    String hint = "";
    boolean isList = target != null && java.util.Collection.class.isAssignableFrom(target);
    if (isList && text != null && (field.equals("command") || field.endsWith(".command"))) {
      hint = " (write the arguments as a list, e.g. [" + String.join(", ",
          java.util.Arrays.stream(text.strip().split("\\s+")).map(a -> "\"" + a + "\"").toList()) + "])";
    } else if (text != null && Bindings.wouldParseUnquoted(target, text)) {
      hint = " (write it without quotes)";
    } else if (isList && !"a mapping".equals(got)) {
      hint = " (a single item is written [item])";
    }
    return "expected " + expected + ", got " + got + hint;
  }

  private static final Pattern STRING_VALUE = Pattern.compile("String value \\([\"'](.*?)[\"']\\)");
  private static final Pattern NUMBER_VALUE =
      Pattern.compile("(?:Integer|Floating-point|Boolean) value \\((?!token)([^)]*)\\)");

  private static String joined(String prefix, String relative) {
    if (relative.isEmpty()) {
      return prefix;
    }
    return prefix.isEmpty() || relative.startsWith("[") ? prefix + relative : prefix + "." + relative;
  }

  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      } else if (ref.getFieldName() != null) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      }
    }
    return sb.toString();
  }

  static String hint(String unknown, Collection<?> known) {
    if (known.isEmpty()) {
      return "";
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (Object k : known) {
      int d = levenshtein(unknown, k.toString());
      if (d < bestDistance) {
        bestDistance = d;
        best = k.toString();
      }
    }
    String expected = " (expected one of: " + String.join(", ", known.stream().map(Object::toString).sorted().toList()) + ")";
    if (best != null && bestDistance <= Math.max(1, unknown.length() / 3)) {
      return ", did you mean '" + best + "'?" + expected;
    }
    return expected;
  }

  /** Edit distance where swapping two neighbouring letters counts as one edit ("wbe" is 1 from "web"). */
  private static int levenshtein(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) d[i][0] = i;
    for (int j = 0; j <= b.length(); j++) d[0][j] = j;
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  /**
   * Checks across units: names, references, conditions. On a partly bound config ({@code complete}
   * false) references are checked against the names written in the file, and conditions not at all
   * (a target that failed to bind would make its conditions look unknown).
   */
  private static List<ConfigException.Problem> crossCheck(
      String file, YamlIndex index, MedicConfig config, boolean complete, ConfigBinder.Positions at) {
    List<ConfigException.Problem> problems = new ArrayList<>();
    Map<String, Integer> targetNames = new HashMap<>();
    for (int i = 0; i < config.targets().size(); i++) {
      TargetConfig t = config.targets().get(i);
      String target = "targets[" + at.target(i) + "]";
      Integer first = targetNames.putIfAbsent(t.name(), at.target(i));
      if (first != null) {
        problems.add(at(file, index, target + ".name", "duplicate target name '" + t.name()
            + "' (also targets[" + first + "], line " + line(index, "targets[" + first + "].name") + ")"));
      }
      Map<String, Integer> checkNames = new HashMap<>();
      for (int c = 0; c < t.checks().size(); c++) {
        CheckSpec check = t.checks().get(c);
        String path = target + ".checks[" + c + "]";
        Integer firstCheck = checkNames.putIfAbsent(check.name(), c);
        if (firstCheck != null) {
          boolean written = index.key(path + ".name").isPresent();
          problems.add(at(file, index, path + ".name", path + ".name",
              "two checks named '" + check.name() + "' in target " + t.name() + " (also checks[" + firstCheck + "]"
                  + (written ? "" : "; a check's name defaults to its type") + "): give each a distinct name:"));
        }
        positive(file, index, problems, path + ".interval", check.interval());
        positive(file, index, problems, path + ".timeout", check.timeout());
      }
    }
    // Targets that failed to bind are still names the file gives: references to them are fine.
    for (int i = 0; !complete && index.value("targets[" + i + "]").isPresent(); i++) {
      index.scalar("targets[" + i + "].name").ifPresent(n -> targetNames.putIfAbsent(n, -1));
    }
    for (int i = 0; i < config.targets().size(); i++) {
      List<String> deps = config.targets().get(i).dependsOn();
      for (int d = 0; d < deps.size(); d++) {
        String dep = deps.get(d);
        String path = "targets[" + at.target(i) + "].depends_on[" + d + "]";
        if (dep.equals(config.targets().get(i).name())) {
          problems.add(at(file, index, path, "a target cannot depend on itself ('" + dep + "')"));
        } else if (!targetNames.containsKey(dep)) {
          problems.add(at(file, index, path, "unknown target '" + dep + "'" + hint(dep, List.copyOf(targetNames.keySet()))));
        }
      }
    }
    Map<String, Integer> strategyNames = new HashMap<>();
    for (int i = 0; i < config.strategies().size(); i++) {
      StrategyConfig s = config.strategies().get(i);
      String field = "strategies[" + at.strategy(i) + "]";
      Integer first = strategyNames.putIfAbsent(s.name(), at.strategy(i));
      if (first != null) {
        problems.add(at(file, index, field + ".name", "duplicate strategy name '" + s.name()
            + "' (also strategies[" + first + "], line " + line(index, "strategies[" + first + "].name") + ")"));
      }
      for (int j = 0; j < s.targets().size(); j++) {
        String target = s.targets().get(j);
        if (!targetNames.containsKey(target)) {
          problems.add(at(file, index, field + ".targets[" + j + "]",
              "unknown target '" + target + "'" + hint(target, List.copyOf(targetNames.keySet()))));
        }
      }
      positive(file, index, problems, field + ".action.timeout", s.action().timeout());
      // Restarting a target means restarting the process medic supervises for it.
      if (s.action().restartsTarget()) {
        for (String name : s.targets()) {
          config.target(name).filter(t -> t.process() == null).ifPresent(t ->
              problems.add(at(file, index, field + ".action",
                  "restart needs a supervised process, but target '" + t.name() + "' has no 'process:' block")));
        }
      }
    }
    problems.addAll(ValueChecks.check(file, index, config, at));
    if (complete) {
      problems.addAll(Conditions.check(file, index, config, at));
    }
    return problems;
  }

  /** A timeout or interval of zero would stop the scheduler or the HTTP client at run time. */
  private static void positive(
      String file, YamlIndex index, List<ConfigException.Problem> problems, String path, Duration d) {
    if (d != null && d.isZero()) {
      String name = path.substring(path.lastIndexOf('.') + 1);
      problems.add(at(file, index, path, name + " must be more than 0, got " + Durations.format(d)));
    }
  }

  private static int line(YamlIndex index, String path) {
    return index.start(written(path, index)).map(YamlIndex.Location::line).orElse(0);
  }

  static ConfigException.Problem at(String file, YamlIndex index, String path, String message) {
    return at(file, index, path, path, message);
  }

  /** A problem about {@code field}, placed where {@code path} (or else its nearest written parent) is. */
  private static ConfigException.Problem at(
      String file, YamlIndex index, String field, String path, String message) {
    field = written(field, index);
    String p = written(path, index);
    Optional<YamlIndex.Location> where = index.start(p);
    while (where.isEmpty() && !p.isEmpty()) {
      int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      p = cut < 0 ? "" : p.substring(0, cut);
      where = index.start(p);
    }
    YamlIndex.Location loc = where.orElse(new YamlIndex.Location(0, 0));
    return new ConfigException.Problem(file, loc.line(), loc.column(), field, message);
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
