package dev.medic.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.config.ConfigLoader;
import dev.medic.config.MedicConfig;
import dev.medic.runtime.Plugins;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example users copy from docs/checks/files.md is a config medic accepts. */
class FilesDocExampleTest {

  /** The first ```yaml block of a document. */
  static String firstYamlBlock(Path doc) throws Exception {
    String text = Files.readString(doc);
    int start = text.indexOf("```yaml\n") + "```yaml\n".length();
    return text.substring(start, text.indexOf("```", start));
  }

  @Test
  void theDocumentedExampleLoads() throws Exception {
    MedicConfig cfg = new ConfigLoader(Plugins.registry(), Map.<String, String>of()::get)
        .parse("files.md", firstYamlBlock(Path.of("docs/checks/files.md")));

    assertThat(cfg.strategies()).extracting(s -> (Object) s.action().getClass())
        .containsExactly(CompressOldFilesAction.class, DeleteOldFilesAction.class, KillProcessAction.class);
  }
}
