package dev.medic.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.config.MedicConfig;
import dev.medic.support.ConfigText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What docs/checks/host.md shows is what medic accepts. */
class HostDocsTest {

  private static List<String> yamlBlocks() throws Exception {
    String doc = Files.readString(Path.of("docs/checks/host.md"));
    Matcher m = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(doc);
    List<String> blocks = new ArrayList<>();
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks;
  }

  @Test
  void everyExampleOfTheDocLoads() throws Exception {
    List<String> blocks = yamlBlocks();
    assertThat(blocks).hasSize(2);

    MedicConfig host = ConfigText.load(blocks.get(0), Map.of());
    HostCheck check = (HostCheck) host.targets().getFirst().checks().getFirst();
    assertThat(check.disks()).containsExactly("/", "/var/lib/postgresql");
    assertThat(check.rules()).extracting(r -> r.condition()).contains("disk_low", "inodes_low", "memory_high",
        "swap_high", "fds_high", "zombies", "load_high", "cpu_high", "gpu_memory_high");

    MedicConfig process = ConfigText.load(blocks.get(1), Map.of());
    assertThat(process.targets().getFirst().checks().getFirst().rules()).extracting(r -> r.condition())
        .containsExactly("memory_leak", "memory_limit_exceeded");
  }

  @Test
  void everyKeyOfTheHostCheckIsDocumented() throws Exception {
    String doc = Files.readString(Path.of("docs/checks/host.md"));
    for (var component : HostCheck.class.getRecordComponents()) {
      String key = component.getName().replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
      if (!List.of("name", "interval", "timeout").contains(key)) {
        assertThat(doc).as(key).contains("| `" + key + "` |");
      }
    }
  }
}
