package dev.medic.spi;

import java.util.Map;

/** The kinds every plugin registered, as the core and the config loader use them. */
public interface KindRegistry {

  /** The running probe for a check, through the kind that registered the check's class. */
  Probe open(CheckSpec spec, ProbeContext context);

  /**
   * The {@code type:} names accepted where a value of {@code base} ({@link CheckSpec}, {@link
   * ActionSpec}, {@link ChannelSpec}) is written, sorted, each with the record it binds to.
   */
  Map<String, Class<?>> types(Class<?> base);

  /** The {@code type:} name a spec's class was registered under: {@code http} for an HTTP check. */
  String typeOf(Class<?> spec);

  /** What the plugins and the runtime bound for kinds to use at run time. */
  Bindings bindings();
}
