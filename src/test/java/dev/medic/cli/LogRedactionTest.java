package dev.medic.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.support.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** medic's log passes every message through the loaded config's Redactor. */
class LogRedactionTest {

  @TempDir Path dir;

  @Test
  void aValueFromTheEnvironmentNeverReachesTheLog() throws Exception {
    Path cfg = dir.resolve("medic.yaml");
    Files.writeString(cfg, """
        agent:
          api: 127.0.0.1:%d
          store: sqlite:%s
          interval: 1s
        targets:
          - name: web
            checks:
              - type: http
                url: "http://127.0.0.1:1/health?q=${WEB_QUERY}"
                timeout: 1s
        """.formatted(TestServices.freePort(), dir.resolve("medic.db")));
    Path log = dir.resolve("medic.log");
    ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        "dev.medic.cli.Main", "run", "-c", cfg.toString()))
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("WEB_QUERY", "not-a-param-name-but-secret-42");
    Process medic = pb.start();
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(log).contains("check failed: web/http"));

      assertThat(Files.readString(log)).doesNotContain("not-a-param-name-but-secret-42").contains("/health?q=***");
    } finally {
      medic.destroy();
      medic.waitFor();
    }
  }
}
