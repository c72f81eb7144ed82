package dev.medic.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.config.ConfigLoader;
import dev.medic.config.MedicConfig;
import dev.medic.runtime.Plugins;
import dev.medic.spi.AnalystSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every config example users copy from docs/analysts/llm.md is one medic accepts. */
class LlmDocExamplesTest {

  private static final Map<String, String> ENV = Map.of("OPENAI_API_KEY", "sk-doc", "ANTHROPIC_API_KEY", "sk-ant-doc");

  private static List<String> yamlBlocks() throws Exception {
    String text = Files.readString(Path.of("docs/analysts/llm.md"));
    Matcher m = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(text);
    List<String> blocks = new ArrayList<>();
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks;
  }

  private static MedicConfig parse(String yaml) throws Exception {
    return new ConfigLoader(Plugins.registry(), ENV::get).parse("llm.md", yaml);
  }

  @Test
  void theFullExampleLoadsWithItsPolicy() throws Exception {
    MedicConfig config = parse(yamlBlocks().getFirst());

    AnalystSpec spec = config.escalation().analyst("llm").orElseThrow();
    assertThat(spec).isInstanceOf(LlmAnalystSpec.class);
    assertThat(((LlmAnalystSpec) spec).apiKey()).isEqualTo("sk-doc");
    assertThat(config.escalation().policies().getFirst().steps().getFirst().analyze()).containsExactly("rules", "llm");
  }

  @Test
  void everyServerExampleLoads() throws Exception {
    List<String> names = new ArrayList<>();
    for (String block : yamlBlocks().subList(1, yamlBlocks().size())) {
      String analysts = block.lines().map(line -> "    " + line).reduce("", (a, b) -> a + b + "\n");
      MedicConfig config = parse("escalation:\n  analysts:\n" + analysts);
      config.escalation().analysts().forEach(a -> names.add(a.name()));
    }
    assertThat(names).containsExactly("gpt", "local", "local-native", "vllm", "llamacpp", "lmstudio", "claude");
  }
}
