package dev.medic.spi;


/**
 * Where a plugin registers the {@code type:} names it adds to the config. The spec classes are
 * records bound from YAML; a check kind also says how a spec becomes a running {@link Probe}.
 */
public interface Kinds {

  <S extends CheckSpec> void check(String type, Class<S> spec, CheckKind<S> kind);

  <S extends ActionSpec> void action(String type, Class<S> spec);

  <S extends ChannelSpec> void channel(String type, Class<S> spec);

  <S extends AnalystSpec> void analyst(String type, Class<S> spec);

  /** Turns a check's config into the probe that runs it. */
  @FunctionalInterface
  interface CheckKind<S extends CheckSpec> {
    Probe open(S spec, ProbeContext context);
  }
}
