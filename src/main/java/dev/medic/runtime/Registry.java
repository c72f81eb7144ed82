package dev.medic.runtime;

import dev.medic.spi.ActionSpec;
import dev.medic.spi.Bindings;
import dev.medic.spi.AnalystSpec;
import dev.medic.spi.ChannelSpec;
import dev.medic.spi.CheckSpec;
import dev.medic.spi.KindRegistry;
import dev.medic.spi.Kinds;
import dev.medic.spi.Plugin;
import dev.medic.spi.Probe;
import dev.medic.spi.ProbeContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The kinds of a list of plugins. A {@code type:} name is taken once per base (two plugins
 * registering {@code http} checks is a wiring mistake, refused at start).
 */
public final class Registry implements KindRegistry {

  private final Map<Class<?>, Map<String, Class<?>>> types = new HashMap<>();
  private final Map<Class<?>, String> names = new HashMap<>();
  private final Map<Class<?>, Kinds.CheckKind<?>> checks = new HashMap<>();
  private final Bindings bindings;

  /** Registers the plugins' kinds and binds the runtime's own values beside the plugins'. */
  public Registry(List<Plugin> plugins, Bindings.Builder runtime) {
    Kinds kinds = new Kinds() {
      @Override
      public <S extends CheckSpec> void check(String type, Class<S> spec, CheckKind<S> kind) {
        add(CheckSpec.class, type, spec);
        checks.put(spec, kind);
      }

      @Override
      public <S extends ActionSpec> void action(String type, Class<S> spec) {
        add(ActionSpec.class, type, spec);
      }

      @Override
      public <S extends ChannelSpec> void channel(String type, Class<S> spec) {
        add(ChannelSpec.class, type, spec);
      }

      @Override
      public <S extends AnalystSpec> void analyst(String type, Class<S> spec) {
        add(AnalystSpec.class, type, spec);
      }
    };
    for (Plugin plugin : plugins) {
      plugin.register(kinds);
      plugin.provide(runtime);
    }
    this.bindings = runtime.build();
  }

  private void add(Class<?> base, String type, Class<?> spec) {
    Class<?> before = types.computeIfAbsent(base, b -> new TreeMap<>()).putIfAbsent(type, spec);
    if (before != null) {
      throw new IllegalStateException(base.getSimpleName() + " type '" + type + "' registered twice: "
          + before.getName() + " and " + spec.getName());
    }
    names.put(spec, type);
  }

  @Override
  @SuppressWarnings("unchecked")
  public Probe open(CheckSpec spec, ProbeContext context) {
    Kinds.CheckKind<CheckSpec> kind = (Kinds.CheckKind<CheckSpec>) checks.get(spec.getClass());
    if (kind == null) {
      throw new IllegalArgumentException("no plugin registered check " + spec.getClass().getName());
    }
    return kind.open(spec, context);
  }

  @Override
  public Map<String, Class<?>> types(Class<?> base) {
    return java.util.Collections.unmodifiableMap(types.getOrDefault(base, new TreeMap<>()));
  }

  @Override
  public String typeOf(Class<?> spec) {
    String name = names.get(spec);
    if (name == null) {
      throw new IllegalArgumentException("no plugin registered " + spec.getName());
    }
    return name;
  }

  @Override
  public Bindings bindings() {
    return bindings;
  }
}
