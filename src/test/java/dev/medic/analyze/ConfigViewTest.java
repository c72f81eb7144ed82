package dev.medic.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.config.ConfigLoader;
import dev.medic.config.MedicConfig;
import dev.medic.config.TargetConfig;
import dev.medic.runtime.Plugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every target of every shipped example config can be shown in a bundle, with its secrets hidden. */
class ConfigViewTest {

  static List<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("examples"))) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void showsEveryTargetOfTheExampleWithItsTypesAndSecretKeysMasked(Path example) throws Exception {
    MedicConfig config = new ConfigLoader(Plugins.registry(), name -> null).load(example);
    ConfigView view = new ConfigView(Plugins.registry()::typeOf);

    for (TargetConfig t : config.targets()) {
      Map<String, Object> shown = view.of(t, config.redactor());
      JsonNode tree = new ObjectMapper().valueToTree(shown);
      assertThat(shown.get("name")).isEqualTo(t.name());
      assertThat(secretValues(tree)).as(t.name()).allMatch("***"::equals);
      assertThat(tree.path("checks")).allSatisfy(c ->
          assertThat(Plugins.registry().types(dev.medic.spi.CheckSpec.class)).containsKey(c.path("type").asText()));
    }
  }

  private static List<String> secretValues(JsonNode node) {
    List<String> found = new java.util.ArrayList<>();
    if (node.isObject()) {
      node.properties().forEach(e -> {
        if (e.getKey().matches("(?i).*(password|token|secret|api_?key|authorization).*") && e.getValue().isTextual()) {
          found.add(e.getValue().asText());
        }
        found.addAll(secretValues(e.getValue()));
      });
    } else if (node.isArray()) {
      node.forEach(v -> found.addAll(secretValues(v)));
    }
    return found;
  }
}
