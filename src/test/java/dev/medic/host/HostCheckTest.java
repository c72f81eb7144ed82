package dev.medic.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.medic.config.ConfigException;
import dev.medic.config.DetectSettings;
import dev.medic.config.MedicConfig;
import dev.medic.detect.Signal;
import dev.medic.detect.TargetDetector;
import dev.medic.spi.Bindings;
import dev.medic.spi.Observation;
import dev.medic.spi.ProbeContext;
import dev.medic.spi.ProbeResult;
import dev.medic.spi.Status;
import dev.medic.support.AgentHarness;
import dev.medic.support.ConfigText;
import dev.medic.support.OwnRules;
import dev.medic.support.SettableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host check on this machine's real /proc and file systems. */
class HostCheckTest {

  @TempDir Path dir;

  private static ProbeResult runOnce(HostCheck check) throws InterruptedException {
    return check.create(new ProbeContext("host", Clock.systemUTC(), Bindings.none())).run(Duration.ofSeconds(5));
  }

  private static HostCheck withThresholds(Double diskFreeMinPct, Double inodesFreeMinPct, Double memoryMaxPct, Duration memoryFor) {
    return new HostCheck(null, null, null, List.of("/", dir()), diskFreeMinPct, inodesFreeMinPct, memoryMaxPct, memoryFor,
        null, null, null, null, null, null, null, GpuMode.OFF, null, null);
  }

  private static String dir() {
    return System.getProperty("java.io.tmpdir");
  }

  @Test
  void realReadingsAreSaneFromTheFirstRun() throws Exception {
    ProbeResult r = runOnce(new HostCheck(null, null));
    Map<String, Double> m = r.metrics();

    assertThat(r.status()).as(r.message()).isEqualTo(Status.UP);
    assertThat(m.get("cores")).isEqualTo((double) Runtime.getRuntime().availableProcessors());
    long cpuLines = Files.readAllLines(Path.of("/proc/stat")).stream().filter(l -> l.matches("cpu\\d+ .*")).count();
    assertThat(m.keySet().stream().filter(k -> k.matches("cpu_pct_\\d+")).count()).isEqualTo(cpuLines);
    m.forEach((k, v) -> {
      if (k.endsWith("_pct") || k.contains("_pct_")) {
        assertThat(v).as(k).isBetween(0.0, 100.0);
      }
    });
    assertThat(m).containsKeys("cpu_pct", "load1", "load5", "load15", "memory_pct", "swap_pct", "fds", "fds_pct",
        "zombies", "disk_free_pct_root", "disk_free_bytes_root", "inodes_free_pct_root");
    assertThat(m.get("memory_pct")).isGreaterThan(0.0);
    assertThat(m.get("fds")).isGreaterThan(0.0);
    assertThat(m.get("load1")).isGreaterThanOrEqualTo(0.0);
    // The same free space Java itself sees for /, give or take what others wrote in between.
    var store = Files.getFileStore(Path.of("/"));
    double javaFree = 100.0 * store.getUsableSpace() / store.getTotalSpace();
    assertThat(m.get("disk_free_pct_root")).isCloseTo(javaFree, org.assertj.core.data.Offset.offset(1.0));
    assertThat(r.message()).startsWith("cpu ").contains("memory ", "/ ", "% free", "fds ");
  }

  @Test
  void laterRunsMeasureCpuOverTheTimeSinceThePreviousRun() throws Exception {
    var probe = new HostCheck(null, null).create(new ProbeContext("host", Clock.systemUTC(), Bindings.none()));
    probe.run(Duration.ofSeconds(5));
    // Keep one core busy in this JVM meanwhile: the busy share since the previous run must show it.
    long until = System.nanoTime() + Duration.ofMillis(600).toNanos();
    long spins = 0;
    while (System.nanoTime() < until) {
      spins++;
    }
    ProbeResult r = probe.run(Duration.ofSeconds(5));

    assertThat(spins).isPositive();
    double cores = r.metrics().get("cores");
    assertThat(r.metrics().get("cpu_pct")).as("one of %s cores spun", cores).isGreaterThanOrEqualTo(100.0 / cores * 0.5);
  }

  @Test
  void diskLowWhenFreeSpaceIsUnderTheThresholdAndNotOtherwise() throws Exception {
    ProbeResult measured = runOnce(withThresholds(0.0, 0.0, 100.0, null));
    String tmp = HostCheck.labels(List.of(dir())).get(dir());
    double free = Math.min(measured.metrics().get("disk_free_pct_root"), measured.metrics().get("disk_free_pct_" + tmp));
    double inodes = Math.min(measured.metrics().get("inodes_free_pct_root"), measured.metrics().get("inodes_free_pct_" + tmp));

    HostCheck above = withThresholds(Math.min(100, free + 1), Math.min(100, inodes + 1), 100.0, null);
    HostCheck below = withThresholds(Math.max(0, free - 1), Math.max(0, inodes - 1), 100.0, null);

    assertThat(OwnRules.conditions(above, runOnce(above))).contains("disk_low", "inodes_low");
    assertThat(OwnRules.conditions(below, runOnce(below))).doesNotContain("disk_low", "inodes_low");
  }

  @Test
  void memoryHighIsRaisedOnlyAfterMemoryStayedAboveForMemoryFor() throws Exception {
    SettableClock clock = new SettableClock(Instant.parse("2026-03-01T10:00:00Z"));
    // memory_max_pct 0: any real host uses some memory, so every run breaches it.
    HostCheck check = withThresholds(0.0, 0.0, 0.0, Duration.ofMinutes(5));
    var probe = check.create(new ProbeContext("box", clock, Bindings.none()));
    TargetDetector detector = new TargetDetector("box", DetectSettings.none(), c -> 3, 1, Map.of("host", check.rules()));

    // Other rules of the check (a zombie some other process left on this machine) may raise too:
    // only memory_high is under test.
    for (int minute = 0; minute < 5; minute++) {
      List<Signal> signals = detector.observe(Observation.of(clock.instant(), "box", "host", probe.run(Duration.ofSeconds(5))));
      assertThat(signals).as("minute %d", minute).noneMatch(s -> s.condition().equals("memory_high"));
      clock.advance(Duration.ofMinutes(1));
    }
    List<Signal> signals = detector.observe(Observation.of(clock.instant(), "box", "host", probe.run(Duration.ofSeconds(5))));

    assertThat(signals).filteredOn(s -> s.condition().equals("memory_high")).singleElement()
        .isInstanceOf(Signal.Raise.class);
  }

  @Test
  void memoryBackUnderTheThresholdClearsMemoryHigh() throws Exception {
    SettableClock clock = new SettableClock(Instant.parse("2026-03-01T10:00:00Z"));
    HostCheck check = withThresholds(0.0, 0.0, 50.0, Duration.ofMinutes(5));
    TargetDetector detector = new TargetDetector("box", DetectSettings.none(), c -> 3, 1, Map.of("host", check.rules()));
    for (int minute = 0; minute <= 5; minute++) {
      detector.observe(Observation.of(clock.instant(), "box", "host",
          ProbeResult.up(Duration.ZERO, Map.of("memory_pct", 91.0), "memory 91%")));
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(detector.holds("memory_high")).isTrue();

    List<Signal> signals = detector.observe(Observation.of(clock.instant(), "box", "host",
        ProbeResult.up(Duration.ZERO, Map.of("memory_pct", 42.0), "memory 42%")));

    assertThat(signals).singleElement().isInstanceOf(Signal.Clear.class).extracting(Signal::condition).isEqualTo("memory_high");
  }

  @Test
  void zombieWhoseParentNeverReapsItIsCountedAndNamed() throws Exception {
    // After exec the parent is a sleep, which never waits: its exited child stays a zombie.
    Process parent = new ProcessBuilder("/bin/sh", "-c", "sleep 0.1 & exec sleep 30.5").start();
    try {
      ProcessHandle child = await().atMost(Duration.ofSeconds(5)).until(
          () -> parent.children().findFirst().orElse(null), c -> c != null);
      await().atMost(Duration.ofSeconds(5)).until(() -> state(child.pid()) == 'Z');

      Zombies zombies = Zombies.scan(Path.of("/proc"));
      ProbeResult r = runOnce(new HostCheck(null, null));

      assertThat(zombies.count()).isGreaterThanOrEqualTo(1);
      assertThat(r.metrics().get("zombies")).isGreaterThanOrEqualTo(1.0);
      if (zombies.count() <= Zombies.EXAMPLES) {
        assertThat(zombies.examples()).contains("sleep (" + child.pid() + ")");
        assertThat(r.message()).contains("sleep (" + child.pid() + ")");
      }
    } finally {
      parent.destroyForcibly().waitFor();
    }
  }

  @Test
  void aWatchedPathThatDoesNotExistIsDiskUnavailable() throws Exception {
    String gone = dir.resolve("gone").toString();
    HostCheck check = new HostCheck(null, List.of("/", gone));
    ProbeResult r = runOnce(check);

    assertThat(r.status()).isEqualTo(Status.DOWN);
    assertThat(r.condition()).isEqualTo("disk_unavailable");
    assertThat(r.message()).startsWith("cannot read disk " + gone + ": no such file or directory (cpu ");
    assertThat(r.metrics()).containsKeys("disk_free_pct_root", "inodes_free_pct_root", "memory_pct");
  }

  @Test
  void hostWithoutProcIsHostError() throws Exception {
    ProbeResult r = new HostProbe(new HostCheck(null, null), dir, null).run(Duration.ofSeconds(1));
    assertThat(r.condition()).isEqualTo("host_error");
    assertThat(r.message()).startsWith("cannot read the host's state from " + dir);
  }

  @Test
  void pathsBecomeMetricSuffixesAndClashesOrRelativePathsAreRefused() {
    assertThat(HostCheck.labels(List.of("/", "/var/lib/postgresql", "/data/")))
        .containsExactly(Map.entry("/", "root"), Map.entry("/var/lib/postgresql", "var_lib_postgresql"), Map.entry("/data/", "data"));
    assertThatThrownBy(() -> new HostCheck(null, List.of("/var-lib", "/var_lib")))
        .hasMessage("disks '/var-lib' and '/var_lib' both become metric suffix 'var_lib'; their metrics would mix");
    assertThatThrownBy(() -> new HostCheck(null, List.of("data")))
        .hasMessageContaining("disks must be absolute paths like /var/lib/postgresql, got 'data'");
  }

  @Test
  void rulesHaveSeedDefaultsAndOptionalOnesOnlyWhenSet() {
    assertThat(new HostCheck(null, List.of("/", "/srv")).rules()).extracting(Object::toString).containsExactly(
        "disk_free_pct_root < 10 as disk_low",
        "inodes_free_pct_root < 10 as inodes_low",
        "disk_free_pct_srv < 10 as disk_low",
        "inodes_free_pct_srv < 10 as inodes_low",
        "memory_pct > 80 for 5m as memory_high",
        "fds_pct > 90 as fds_high",
        "zombies > 0 for 5m as zombies");
    HostCheck all = new HostCheck(null, null, null, null, 5.0, 2.0, 90.0, Duration.ofMinutes(10), 50.0, 80.0, 20,
        Duration.ofMinutes(1), 8.0, 95.0, Duration.ofMinutes(15), GpuMode.AUTO, 95.0, Duration.ofSeconds(60));
    assertThat(all.rules()).extracting(Object::toString).containsExactly(
        "disk_free_pct_root < 5 as disk_low",
        "inodes_free_pct_root < 2 as inodes_low",
        "memory_pct > 90 for 10m as memory_high",
        "swap_pct > 50 for 10m as swap_high",
        "fds_pct > 80 as fds_high",
        "zombies > 20 for 1m as zombies",
        "load1 > 8 as load_high",
        "cpu_pct > 95 for 15m as cpu_high",
        "gpu_memory_pct > 95 for 1m as gpu_memory_high");
  }

  static final String EXAMPLE = """
      targets:
        - name: box
          checks:
            - type: host
              interval: 30s
              disks: [/, /var/lib/postgresql]
              disk_free_min_pct: 10
              inodes_free_min_pct: 10
              memory_max_pct: 80
              memory_for: 5m
              swap_max_pct: 50
              fds_max_pct: 90
              zombies_max: 0
              zombies_for: 5m
              load_max: 8
              cpu_max_pct: 95
              cpu_for: 10m
              gpu: off
      """;

  @Test
  void documentedExampleLoadsWithGpuOffUnquoted() throws Exception {
    MedicConfig cfg = ConfigText.load(EXAMPLE, Map.of());
    HostCheck check = (HostCheck) cfg.targets().getFirst().checks().getFirst();
    assertThat(check.gpu()).isEqualTo(GpuMode.OFF);
    assertThat(check.disks()).containsExactly("/", "/var/lib/postgresql");
    assertThat(check.cpuFor()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void badValuesAreReportedAtTheirKey() {
    ConfigException.Problem pct = ConfigText.onlyProblem(EXAMPLE.replace("memory_max_pct: 80", "memory_max_pct: 180"), Map.of());
    assertThat(pct.message()).contains("memory_max_pct must be a percent from 0 to 100, got 180.0");
    ConfigException.Problem gpu = ConfigText.onlyProblem(EXAMPLE.replace("gpu: off", "gpu: sometimes"), Map.of());
    assertThat(gpu.message()).contains("gpu must be auto, required or off, got 'sometimes'");
  }

  @Test
  void hostCheckInTheAgentOpensDiskLowWhenTheThresholdIsAboveTheFreeSpace() throws Exception {
    String yaml = """
        agent: { interval: 200ms, mode: observe }
        targets:
          - name: box
            checks:
              - { type: host, disk_free_min_pct: 100, gpu: off }
        """;
    try (AgentHarness h = AgentHarness.start(dir, yaml)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> h.incidents().stream().anyMatch(i -> i.condition().equals("disk_low")));
      assertThat(h.incidents()).extracting(i -> i.condition()).doesNotContain("host_error", "disk_unavailable");
    }
  }

  private static char state(long pid) throws java.io.IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    return stat.charAt(stat.lastIndexOf(')') + 2);
  }
}
