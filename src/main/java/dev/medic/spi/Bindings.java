package dev.medic.spi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the runtime and the plugins offer kinds at run time, by type: the process supervisor, a
 * plugin's shared client. Fixed once the runtime is wired; a kind asks for what it uses and says
 * plainly when it is missing, so the core never widens a context for one technology.
 */
public final class Bindings {

  private final Map<Class<?>, Object> values;

  private Bindings(Map<Class<?>, Object> values) {
    this.values = Map.copyOf(values);
  }

  public static Bindings none() {
    return new Bindings(Map.of());
  }

  public static Builder builder() {
    return new Builder();
  }

  public <T> Optional<T> get(Class<T> type) {
    return Optional.ofNullable(type.cast(values.get(type)));
  }

  /** The value bound to the type; a missing one is a wiring mistake, named in the exception. */
  public <T> T require(Class<T> type) {
    return get(type).orElseThrow(() -> new IllegalStateException("nothing bound to " + type.getName()));
  }

  /** Collects bindings; the first value bound to a type wins, a second one is refused. */
  public static final class Builder {
    private final Map<Class<?>, Object> values = new LinkedHashMap<>();

    public <T> Builder bind(Class<T> type, T value) {
      if (values.putIfAbsent(type, type.cast(value)) != null) {
        throw new IllegalStateException(type.getName() + " is bound twice");
      }
      return this;
    }

    public Bindings build() {
      return new Bindings(values);
    }
  }
}
