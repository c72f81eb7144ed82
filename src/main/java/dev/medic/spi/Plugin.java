package dev.medic.spi;

/**
 * One technology: registers its check, action and channel kinds, one line each, and owns the
 * clients they share. The runtime keeps the one list of plugins; the core sees only {@link Kinds}.
 */
public interface Plugin {

  /** Short and unique: {@code http}, {@code postgres}. */
  String name();

  void register(Kinds kinds);

  /** Binds what this plugin's kinds use at run time (a shared client), before any of them runs. */
  default void provide(Bindings.Builder bindings) {}

  /** Releases the clients this plugin owns when medic stops. */
  default void close() {}
}
