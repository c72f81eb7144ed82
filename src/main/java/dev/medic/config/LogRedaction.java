package dev.medic.config;

/**
 * The redactor log output goes through. Logback creates its converters by reflection from
 * logback.xml, with no way to hand them an object, so this one volatile holder is the bridge: the
 * runtime sets it when a config is loaded (and again on each reload), the converters read it for
 * every event. Everywhere else a {@link Redactor} is passed explicitly.
 */
public final class LogRedaction {

  private static volatile Redactor current = Redactor.none();

  private LogRedaction() {}

  /** From now on, log messages and stack traces are redacted by {@code redactor}. */
  public static void use(Redactor redactor) {
    current = redactor == null ? Redactor.none() : redactor;
  }

  public static Redactor current() {
    return current;
  }
}
