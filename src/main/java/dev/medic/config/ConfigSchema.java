package dev.medic.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.medic.spi.ActionSpec;
import dev.medic.spi.CheckSpec;
import dev.medic.spi.AnalystSpec;
import dev.medic.spi.ChannelSpec;
import dev.medic.spi.KindRegistry;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The JSON Schema (draft 2020-12) of medic's config file, read from the same records the loader
 * binds and the {@code type:} names the plugins registered, so it cannot drift from what {@code
 * medic validate} accepts. Editors use it to complete keys and flag typos as they are written
 * ({@code # yaml-language-server: $schema=...} at the top of a file).
 *
 * <p>It is a little more lenient than the loader where the loader checks values in code (ranges,
 * combinations, cross references): those stay {@code medic validate}'s job. Any scalar may also be
 * a {@code ${VAR}} reference, filled in before the file is read.
 */
public final class ConfigSchema {

  private static final PropertyNamingStrategies.NamingBase SNAKE =
      (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
  private static final String ENV_REFERENCE = "^.*\\$\\{[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?}.*$";
  private static final String DURATION = "^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$";

  private final KindRegistry kinds;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, ObjectNode> defs = new TreeMap<>();

  public ConfigSchema(KindRegistry kinds) {
    this.kinds = kinds;
  }

  /** The whole schema, with every record it reaches under {@code $defs}. */
  public ObjectNode generate() {
    defs.clear();
    ObjectNode root = json.createObjectNode();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.put("title", "medic configuration");
    ObjectNode body = recordSchema(MedicConfig.class);
    root.setAll(body);
    ObjectNode defsNode = root.putObject("$defs");
    defs.forEach(defsNode::set);
    return root;
  }

  /** The schema as indented JSON text, ending with a newline. */
  public String text() {
    try {
      return json.writerWithDefaultPrettyPrinter().writeValueAsString(generate()) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write the config schema", e);
    }
  }

  private ObjectNode schemaOf(Type type) {
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      if (Collection.class.isAssignableFrom(raw)) {
        ObjectNode array = json.createObjectNode().put("type", "array");
        array.set("items", schemaOf(p.getActualTypeArguments()[0]));
        return array;
      }
      if (Map.class.isAssignableFrom(raw)) {
        ObjectNode object = json.createObjectNode().put("type", "object");
        object.set("additionalProperties", schemaOf(p.getActualTypeArguments()[1]));
        return object;
      }
      return schemaOf(raw);
    }
    if (!(type instanceof Class<?> c)) {
      return json.createObjectNode();
    }
    if (c == String.class || c == Path.class || c == URI.class || c == Pattern.class || c == Character.class) {
      return json.createObjectNode().put("type", "string");
    }
    if (c == Integer.class || c == int.class || c == Long.class || c == long.class || c == Short.class) {
      return orReference(json.createObjectNode().put("type", "integer"));
    }
    if (c == Double.class || c == double.class || c == Float.class || c == float.class) {
      return orReference(json.createObjectNode().put("type", "number"));
    }
    if (c == Boolean.class || c == boolean.class) {
      return orReference(json.createObjectNode().put("type", "boolean"));
    }
    if (c == Duration.class) {
      ObjectNode d = json.createObjectNode();
      ArrayNode any = d.putArray("anyOf");
      any.addObject().put("type", "number").put("minimum", 0).put("description", "seconds");
      any.addObject().put("type", "string").put("pattern", DURATION);
      any.addObject().put("type", "string").put("pattern", ENV_REFERENCE);
      d.put("description", "a duration like 500ms, 30s, 5m, 1h or 7d (a plain number is seconds)");
      return d;
    }
    if (c == Object.class || JsonNode.class.isAssignableFrom(c)) {
      return json.createObjectNode();
    }
    if (c.isEnum()) {
      return orReference(enumSchema(c));
    }
    if (c == CheckSpec.class || c == ActionSpec.class || c == ChannelSpec.class || c == AnalystSpec.class) {
      return kindsOf(c);
    }
    List<ObjectNode> creators = creatorSchemas(c);
    if (!creators.isEmpty()) {
      if (creators.size() == 1) {
        return creators.getFirst();
      }
      ObjectNode any = json.createObjectNode();
      creators.forEach(any.putArray("anyOf")::add);
      return any;
    }
    if (c.isRecord()) {
      return ref(c, () -> recordSchema(c));
    }
    return json.createObjectNode();
  }

  /** A scalar may also be written as a {@code ${VAR}} reference, filled in before reading. */
  private ObjectNode orReference(ObjectNode scalar) {
    ObjectNode any = json.createObjectNode();
    ArrayNode options = any.putArray("anyOf");
    options.add(scalar);
    options.addObject().put("type", "string").put("pattern", ENV_REFERENCE);
    return any;
  }

  private ObjectNode enumSchema(Class<?> c) {
    ObjectNode e = json.createObjectNode();
    ArrayNode values = e.putArray("enum");
    Method valueMethod = null;
    for (Method m : c.getMethods()) {
      if (m.isAnnotationPresent(JsonValue.class) && m.getParameterCount() == 0) {
        valueMethod = m;
      }
    }
    for (Object constant : c.getEnumConstants()) {
      try {
        values.add(valueMethod == null ? ((Enum<?>) constant).name().toLowerCase(java.util.Locale.ROOT)
            : String.valueOf(valueMethod.invoke(constant)));
      } catch (ReflectiveOperationException ex) {
        values.add(((Enum<?>) constant).name().toLowerCase(java.util.Locale.ROOT));
      }
    }
    return e;
  }

  /** What a class with its own {@code @JsonCreator} factories accepts: one schema per factory. */
  private List<ObjectNode> creatorSchemas(Class<?> c) {
    List<ObjectNode> schemas = new ArrayList<>();
    for (Method m : c.getDeclaredMethods()) {
      JsonCreator creator = m.getAnnotation(JsonCreator.class);
      if (creator == null || !Modifier.isStatic(m.getModifiers()) || c.isEnum()) {
        continue;
      }
      boolean properties = creator.mode() == JsonCreator.Mode.PROPERTIES
          || (m.getParameterCount() > 0 && m.getParameters()[0].isAnnotationPresent(JsonProperty.class)
              && creator.mode() != JsonCreator.Mode.DELEGATING);
      if (properties) {
        ObjectNode object = json.createObjectNode().put("type", "object").put("additionalProperties", false);
        ObjectNode props = object.putObject("properties");
        for (Parameter p : m.getParameters()) {
          JsonProperty name = p.getAnnotation(JsonProperty.class);
          props.set(name == null ? SNAKE.translate(p.getName()) : name.value(), schemaOf(p.getParameterizedType()));
        }
        schemas.add(object);
      } else if (m.getParameterCount() == 1) {
        schemas.add(schemaOf(m.getGenericParameterTypes()[0]));
      }
    }
    return schemas;
  }

  private ObjectNode recordSchema(Class<?> record) {
    ObjectNode object = json.createObjectNode().put("type", "object").put("additionalProperties", false);
    ObjectNode props = object.putObject("properties");
    for (RecordComponent rc : record.getRecordComponents()) {
      if (rc.getAccessor().isAnnotationPresent(com.fasterxml.jackson.annotation.JsonIgnore.class)) {
        continue; // made by the loader, never written in the file
      }
      List<String> names = Bindings.names(rc);
      ObjectNode schema = schemaOf(rc.getGenericType());
      props.set(names.getFirst(), schema);
      for (String alias : names.subList(1, names.size())) {
        props.set(alias, schema.deepCopy().put("description", "the same as " + names.getFirst()));
      }
    }
    return object;
  }

  /** A reference to the record's definition, made once (records may refer to each other). */
  private ObjectNode ref(Class<?> c, java.util.function.Supplier<ObjectNode> schema) {
    String name = c.getSimpleName();
    if (!defs.containsKey(name)) {
      defs.put(name, json.createObjectNode()); // placeholder: a record reached again refers to it
      defs.put(name, schema.get());
    }
    return json.createObjectNode().put("$ref", "#/$defs/" + name);
  }

  /** Every kind the plugins registered for a base: the record of each, with its {@code type} name. */
  private ObjectNode kindsOf(Class<?> base) {
    String defName = base.getSimpleName();
    if (!defs.containsKey(defName)) {
      defs.put(defName, json.createObjectNode());
      ObjectNode union = json.createObjectNode();
      ArrayNode options = union.putArray("oneOf");
      String property = base.getAnnotation(JsonTypeInfo.class) == null ? "type" : base.getAnnotation(JsonTypeInfo.class).property();
      ArrayNode names = json.createArrayNode();
      for (Map.Entry<String, Class<?>> kind : kinds.types(base).entrySet()) {
        names.add(kind.getKey());
        ObjectNode one = recordSchema(kind.getValue());
        ((ObjectNode) one.get("properties")).putObject(property).put("const", kind.getKey());
        one.putArray("required").add(property);
        one.put("title", property + ": " + kind.getKey());
        options.add(one);
      }
      union.put("description", "one of the " + defName + " kinds, chosen by " + property + ": " + names);
      defs.put(defName, union);
    }
    return json.createObjectNode().put("$ref", "#/$defs/" + defName);
  }
}
