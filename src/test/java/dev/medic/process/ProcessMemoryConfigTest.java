package dev.medic.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.config.ConfigException;
import dev.medic.config.MedicConfig;
import dev.medic.spi.Bindings;
import dev.medic.spi.ProbeContext;
import dev.medic.spi.ProbeResult;
import dev.medic.spi.Status;
import dev.medic.support.ConfigText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memory keys of the process check, from YAML to a real process's resident memory. */
class ProcessMemoryConfigTest {

  @TempDir Path dir;

  private Process started;

  @AfterEach
  void stop() {
    if (started != null) {
      started.destroyForcibly();
    }
  }

  private static final String YAML = """
      targets:
        - name: api
          process: { command: ["python3", "-m", "http.server"] }
          checks:
            - type: process
              memory_limit: 512MB
              leak: { window: 30m, horizon: 2h }
      """;

  @Test
  void memoryLimitAndLeakBindFromYamlAndBringTheirRules() throws Exception {
    MedicConfig cfg = ConfigText.load(YAML, Map.of());
    ProcessCheck check = (ProcessCheck) cfg.targets().getFirst().checks().getFirst();

    assertThat(check.memoryLimit().bytes()).isEqualTo(512L << 20);
    assertThat(check.leak()).isEqualTo(new ProcessCheck.Leak(Duration.ofMinutes(30), Duration.ofHours(2)));
    assertThat(check.rules()).extracting(Object::toString)
        .containsExactly("memory_leak > 0 as memory_leak", "rss_pct >= 100 as memory_limit_exceeded");
  }

  @Test
  void aPlainNumberIsBytesAndLeakDefaultsComeWithTheLimit() throws Exception {
    MedicConfig cfg = ConfigText.load(YAML.replace("memory_limit: 512MB", "memory_limit: 1048576")
        .replace("        leak: { window: 30m, horizon: 2h }\n", ""), Map.of());
    ProcessCheck check = (ProcessCheck) cfg.targets().getFirst().checks().getFirst();
    assertThat(check.memoryLimit().bytes()).isEqualTo(1048576);
    assertThat(check.leak()).isEqualTo(new ProcessCheck.Leak(Duration.ofMinutes(30), Duration.ofHours(1)));
  }

  @Test
  void withoutALimitThereAreNoMemoryRules() throws Exception {
    MedicConfig cfg = ConfigText.load(YAML.replace("        memory_limit: 512MB\n", "")
        .replace("        leak: { window: 30m, horizon: 2h }\n", ""), Map.of());
    assertThat(cfg.targets().getFirst().checks().getFirst().rules()).isEmpty();
  }

  @Test
  void badSizesAndALeakWithoutLimitAreRefusedAtTheirKey() {
    ConfigException.Problem size = ConfigText.onlyProblem(YAML.replace("512MB", "half a gig"), Map.of());
    assertThat(size.message()).contains("expected a size like 512MB, 1.5GiB, 800k or a whole number of bytes, got 'half a gig'");
    assertThat(size.line()).isEqualTo(6);
    assertThat(ConfigText.onlyProblem(YAML.replace("512MB", "[512]"), Map.of()).message())
        .contains("expected a size like 512MB, 1.5GiB, 800k or a whole number of bytes, got [512]");
    assertThat(ConfigText.onlyProblem(YAML.replace("512MB", "0.5"), Map.of()).message())
        .contains("expected a size like 512MB, 1.5GiB, 800k or a whole number of bytes, got 0.5");

    ConfigException.Problem leak = ConfigText.onlyProblem(YAML.replace("        memory_limit: 512MB\n", ""), Map.of());
    assertThat(leak.message()).contains("leak needs memory_limit");

    ConfigException.Problem window = ConfigText.onlyProblem(YAML.replace("window: 30m", "window: 0s"), Map.of());
    assertThat(window.message()).contains("window must be more than 0, got 0s");
  }

  @Test
  void processFoundByPidfileOrMatchReportsItsResidentMemory() throws Exception {
    Python3.require();
    Path pidfile = dir.resolve("app.pid");
    started = new ProcessBuilder("python3", "-c",
        "import time; held = b'x' * (30 * 1024 * 1024); print('ready', flush=True); time.sleep(600.75)").start();
    // Its memory is settled once it says so: the reads below then see the same resident set.
    assertThat(new java.io.BufferedReader(new java.io.InputStreamReader(started.getInputStream())).readLine()).isEqualTo("ready");
    Files.writeString(pidfile, Long.toString(started.pid()));
    ProbeContext ctx = new ProbeContext("t", Clock.systemUTC(), Bindings.none());
    ProcessCheck byPidfile = new ProcessCheck(null, null, null, pidfile, null, dev.medic.spi.ByteSize.parse("1GB"), null);
    ProcessCheck byMatch = new ProcessCheck(null, null, null, null, Pattern.compile("time\\.sleep\\(600\\.75\\)"));

    ProbeResult pid = byPidfile.create(ctx).run(Duration.ofSeconds(1));
    ProbeResult match = byMatch.create(ctx).run(Duration.ofSeconds(1));

    assertThat(pid.status()).isEqualTo(Status.UP);
    assertThat(pid.metrics().get("rss_bytes")).isGreaterThan(30.0 * 1024 * 1024);
    long kernel = ProcessMemory.rss(started.pid()).orElseThrow();
    assertThat(pid.metrics().get("rss_bytes")).isCloseTo((double) kernel, org.assertj.core.data.Percentage.withPercentage(5));
    assertThat(pid.metrics().get("rss_pct")).isCloseTo(100.0 * kernel / (1L << 30), org.assertj.core.data.Percentage.withPercentage(5));
    assertThat(pid.message()).startsWith("pid " + started.pid() + ", rss ").endsWith(" MiB, limit 1 GiB");
    assertThat(match.metrics()).containsEntry("processes", 1.0).doesNotContainKey("rss_pct");
    assertThat(match.metrics().get("rss_bytes")).isCloseTo((double) kernel, org.assertj.core.data.Percentage.withPercentage(5));
    assertThat(match.message()).startsWith("1 running, rss ");
  }
}
