package dev.medic.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.medic.config.ConfigException;
import dev.medic.config.ConfigLoader;
import dev.medic.config.MedicConfig;
import dev.medic.runtime.Plugins;
import java.util.Map;

/** A config written in a test, loaded as {@code medic.yaml} with every standard kind. */
public final class ConfigText {

  private ConfigText() {}

  /** @param env the environment {@code ${NAME}} reads from */
  public static MedicConfig load(String yaml, Map<String, String> env) throws ConfigException {
    return new ConfigLoader(Plugins.registry(), env::get).parse("medic.yaml", yaml);
  }

  /** The one problem the config has; fails the test if it has none or several. */
  public static ConfigException.Problem onlyProblem(String yaml, Map<String, String> env) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(yaml, env));
    assertThat(e).as("expected the config to be rejected").isNotNull();
    assertThat(e.problems()).hasSize(1);
    return e.problems().getFirst();
  }
}
