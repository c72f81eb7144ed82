package dev.medic.services;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.config.ConfigException;
import dev.medic.config.ConfigLoader;
import dev.medic.config.MedicConfig;
import dev.medic.runtime.Plugins;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example users copy from docs/checks/service-managers.md is a config medic accepts. */
class ServicesDocExampleTest {

  @Test
  void theDocumentedExampleLoadsWhereTheThreeProgramsAreInstalled() throws Exception {
    String text = Files.readString(Path.of("docs/checks/service-managers.md"));
    int start = text.indexOf("```yaml\n") + "```yaml\n".length();
    String yaml = text.substring(start, text.indexOf("```", start));
    ConfigLoader loader = new ConfigLoader(Plugins.registry(), Map.<String, String>of()::get);
    try {
      MedicConfig cfg = loader.parse("service-managers.md", yaml);
      assertThat(cfg.strategies()).extracting(s -> (Object) s.action().getClass()).containsExactly(
          SystemctlRestartAction.class, SupervisorctlRestartAction.class, KubectlRolloutRestartAction.class);
    } catch (ConfigException e) {
      // A machine without systemd or kubectl refuses the example for exactly that reason, and no other.
      assertThat(e.problems()).isNotEmpty().allSatisfy(p -> {
        assertThat(p.field()).endsWith(".program");
        assertThat(p.message()).contains("is not on medic's PATH");
      });
    }
  }
}
