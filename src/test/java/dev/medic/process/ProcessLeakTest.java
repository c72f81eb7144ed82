package dev.medic.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.spi.ByteSize;
import dev.medic.spi.Incident;
import dev.medic.spi.IncidentState;
import dev.medic.spi.Observation;
import dev.medic.support.AgentHarness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real supervised process whose memory grows, watched by a running medic. */
class ProcessLeakTest {

  @TempDir Path dir;

  @BeforeEach
  void needsPython() {
    Python3.require();
  }

  private static final ByteSize LIMIT = ByteSize.parse("1GiB");

  /** Holds 512 KiB more every 100 ms (5 MiB/s) up to 150 MiB, then sleeps: far from the limit. */
  private static final String LEAKING = """
      import time
      held = []
      while len(held) < 300:
          held.append(b'x' * (512 * 1024))
          time.sleep(0.1)
      time.sleep(3600)
      """;

  /** Takes 20 MiB at once, then holds it. */
  private static final String FLAT = """
      import time
      held = b'x' * (20 * 1024 * 1024)
      time.sleep(3600)
      """;

  private static String config(String program) {
    return """
        agent: { interval: 200ms, mode: observe }
        targets:
          - name: worker
            process:
              command: ["python3", "-c", %s]
            checks:
              - type: process
                memory_limit: %s
                leak: { window: 10s, horizon: 10m }
        """.formatted(quoted(program), LIMIT);
  }

  private static String quoted(String program) {
    return "\"" + program.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  @Test
  void growingProcessIsReportedAsMemoryLeakLongBeforeItReachesItsLimit() throws Exception {
    try (AgentHarness h = AgentHarness.start(dir, config(LEAKING))) {
      Incident leak = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
          .until(() -> h.incidents().stream().filter(i -> i.condition().equals("memory_leak")).findFirst(), Optional::isPresent)
          .orElseThrow();
      long pid = h.agent.supervisor().find("worker").orElseThrow().pid();
      long rssNow = ProcessMemory.rss(pid).orElseThrow();
      assertThat(rssNow).as("rss when the incident was seen").isLessThan(LIMIT.bytes() / 4);

      await().atMost(Duration.ofSeconds(10)).until(() -> processRuns(h).stream().anyMatch(ProcessLeakTest::leaking));
      Observation first = processRuns(h).reversed().stream().filter(ProcessLeakTest::leaking).findFirst().orElseThrow();
      assertThat(first.metrics().get("rss_bytes")).as("rss at the first run that saw the leak").isLessThan(LIMIT.bytes() / 4.0);
      assertThat(first.metrics().get("memory_leak_eta_seconds")).isBetween(1.0, 600.0);
      assertThat(first.message()).matches("pid " + pid + ", rss [0-9.]+ MiB growing [0-9.]+ MiB/min, limit 1 GiB in ~\\d+[sm]");
      assertThat(leak.message()).startsWith("process: memory_leak = 1");
      System.out.printf("memory_leak seen at rss %s (limit %s), incident %s, then %s: %s%n",
          ByteSize.format(first.metrics().get("rss_bytes")), LIMIT, leak.openedAt(), ByteSize.format(rssNow), first.message());
    }
  }

  @Test
  void processWithFlatMemoryIsNoLeak() throws Exception {
    try (AgentHarness h = AgentHarness.start(dir, config(FLAT))) {
      // A full window and more of runs: 60 at 200ms is 12 s against the 10 s window.
      await().atMost(Duration.ofSeconds(40)).until(() -> processRuns(h).size() >= 60);
      List<Observation> runs = processRuns(h);

      assertThat(h.incidents()).extracting(Incident::condition).doesNotContain("memory_leak", "memory_limit_exceeded");
      Observation latest = runs.getFirst();
      assertThat(latest.metrics()).containsEntry("memory_leak", 0.0);
      assertThat(latest.metrics().get("rss_bytes")).isGreaterThan(20.0 * 1024 * 1024);
      assertThat(latest.message()).endsWith("limit 1 GiB");
    }
  }

  private static boolean leaking(Observation o) {
    return o.metrics().getOrDefault("memory_leak", 0.0) > 0;
  }

  @Test
  void leakingProcessIsRestartedAndItsIncidentResolvesOnTheNewProcess() throws Exception {
    // Leaks on its first start only: the restarted process holds its memory flat.
    Path marker = dir.resolve("started-once");
    String program = """
        import os, time
        held = []
        if not os.path.exists(%s):
            open(%s, 'w').close()
            while len(held) < 300:
                held.append(b'x' * (512 * 1024))
                time.sleep(0.1)
        time.sleep(3600)
        """.formatted(pyString(marker), pyString(marker));
    String yaml = """
        agent: { interval: 200ms, verify_timeout: 15s }
        targets:
          - name: worker
            process:
              command: ["python3", "-c", %s]
            checks:
              - type: process
                memory_limit: %s
                leak: { window: 10s, horizon: 10m }
        strategies:
          - name: restart_leaking_worker
            conditions: [memory_leak]
            action: { type: restart }
            max_attempts: 1
        """.formatted(quoted(program), LIMIT);
    try (AgentHarness h = AgentHarness.start(dir, yaml)) {
      long firstPid = await().atMost(Duration.ofSeconds(10))
          .until(() -> h.agent.supervisor().find("worker").map(SupervisedProcess::pid).orElse(-1L), p -> p > 0);

      await().atMost(Duration.ofSeconds(45)).until(() -> h.incidents().stream()
          .anyMatch(i -> i.condition().equals("memory_leak") && i.state() == IncidentState.RESOLVED));

      Incident incident = h.incidents().stream().filter(i -> i.condition().equals("memory_leak")).findFirst().orElseThrow();
      assertThat(incident.strategiesTried()).containsExactly("restart_leaking_worker");
      assertThat(incident.resolutionStatus()).isEqualTo("resolved");
      assertThat(h.agent.supervisor().find("worker").orElseThrow().pid()).isNotEqualTo(firstPid);
      assertThat(h.auditKinds(incident.id())).containsSubsequence("opened", "action", "verify", "resolved");
    }
  }

  private static String pyString(Path path) {
    return "'" + path.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static List<Observation> processRuns(AgentHarness h) {
    return h.agent.store().observations().list("worker", 1000).stream()
        .filter(o -> o.check().equals("process") && o.metrics().containsKey("rss_bytes")).toList();
  }
}
