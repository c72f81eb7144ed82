package dev.medic.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.medic.spi.LinePattern;
import dev.medic.spi.Observation;
import dev.medic.spi.ProbeResult;
import dev.medic.spi.Status;
import dev.medic.support.DockerEngine;
import dev.medic.support.SettableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.UUID;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DockerEngine.class)
class DockerCheckTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private final TestContainers containers = new TestContainers();

  @AfterEach
  void cleanUp() {
    containers.close();
  }

  private static DockerCheck byName(String container) {
    return check(container, null, null, null, null, null, null);
  }

  private static DockerCheck check(String container, Map<String, String> labels, ComposeService compose,
      String expect, Boolean stats, RestartLimit restarts, LogRules logs) {
    return new DockerCheck("docker", null, null, DockerEngine.host(), null, container, labels, compose, expect,
        stats, restarts, null, logs);
  }

  private static DockerProbe probe(DockerCheck spec) {
    return new DockerProbe(spec, Clock.systemUTC());
  }

  /** Runs the probe until it reports the condition (or UP when null); the last result. */
  private static ProbeResult awaitCondition(DockerProbe probe, String condition) {
    AtomicReference<ProbeResult> last = new AtomicReference<>();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      last.set(probe.run(TIMEOUT));
      assertThat(last.get().condition()).as(last.get().message()).isEqualTo(condition);
    });
    return last.get();
  }

  @Test
  void runningContainerIsUpWithItsResourceMetrics() throws Exception {
    String name = containers.run("up", List.of("-m", "32m"), "sleep", "300");
    DockerProbe probe = probe(byName(name));
    ProbeResult first = probe.run(TIMEOUT);
    ProbeResult second = probe.run(TIMEOUT);
    assertThat(second.status()).as(second.message()).isEqualTo(Status.UP);
    assertThat(second.metrics()).containsEntry("running", 1.0).containsEntry("restart_count", 0.0)
        .containsEntry("restarts_in_window", 0.0).containsEntry("memory_limit_bytes", 32.0 * 1024 * 1024)
        .containsEntry("memory_leak", 0.0).containsKeys("memory_bytes", "memory_pct", "cpu_pct");
    assertThat(second.metrics().get("memory_pct")).isBetween(0.0, 100.0);
    assertThat(first.metrics()).as("one-shot stats carry no earlier CPU reading").doesNotContainKey("cpu_pct");
    assertThat(second.message()).startsWith(name + " running").contains("restart count 0").contains("of 32.0 MiB");
  }

  @Test
  void stoppedContainerIsExitedWithItsExitCode() throws Exception {
    String name = containers.run("exit3", List.of(), "sh", "-c", "exit 3");
    ProbeResult r = awaitCondition(probe(byName(name)), "container_exited");
    assertThat(r.status()).isEqualTo(Status.DOWN);
    assertThat(r.message()).contains(name + " is exited, exit code 3");
    assertThat(r.metrics()).containsEntry("exit_code", 3.0).containsEntry("running", 0.0);
  }

  @Test
  void containerKilledFromOutsideGoesDown() throws Exception {
    String name = containers.run("victim", List.of(), "sleep", "300");
    DockerProbe probe = probe(byName(name));
    assertThat(probe.run(TIMEOUT).status()).isEqualTo(Status.UP);
    DockerEngine.docker("kill", name);
    ProbeResult r = awaitCondition(probe, "container_exited");
    assertThat(r.message()).contains("exit code 137");
  }

  @Test
  void containerKilledForMemoryIsReportedAsOomKilled() throws Exception {
    String name = containers.run("oom", List.of("-m", "8m", "--memory-swap", "8m"),
        "dd", "if=/dev/zero", "of=/dev/null", "bs=64M", "count=1");
    ProbeResult r = awaitCondition(probe(byName(name)), "container_oom_killed");
    assertThat(r.status()).isEqualTo(Status.DOWN);
    assertThat(r.message()).contains("killed by the OOM killer").contains("memory limit 8.0 MiB").contains("exit code 137");
    assertThat(r.metrics()).containsEntry("oom_killed", 1.0);
  }

  @Test
  void containerWithAFailingHealthCheckIsUnhealthy() throws Exception {
    String name = containers.name("unhealthy");
    try (DockerClient client = DockerClient.open(DockerEndpoint.of(DockerEngine.host(), null), TIMEOUT)) {
      ObjectNode body = client.json().createObjectNode();
      body.put("Image", DockerEngine.IMAGE);
      body.putArray("Cmd").add("sleep").add("300");
      ObjectNode hc = body.putObject("Healthcheck");
      hc.putArray("Test").add("CMD-SHELL").add("echo database gone; exit 1");
      hc.put("Interval", 300_000_000L);
      hc.put("Timeout", 2_000_000_000L);
      hc.put("Retries", 1);
      client.start(client.create(name, body));
    }
    ProbeResult r = awaitCondition(probe(byName(name)), "container_unhealthy");
    assertThat(r.message()).contains("unhealthy").contains("database gone");
    assertThat(r.metrics()).containsEntry("healthy", 0.0).containsEntry("running", 1.0);
  }

  @Test
  void containerInARestartLoopIsACrashLoopNotUp() throws Exception {
    String name = containers.run("loop", List.of("--restart", "always"), "sh", "-c", "echo starting; exit 1");
    DockerProbe probe = probe(check(name, null, null, null, false, new RestartLimit(2, Duration.ofMinutes(5)), null));
    ProbeResult r = awaitCondition(probe, "crash_loop");
    assertThat(r.status()).isEqualTo(Status.DOWN);
    assertThat(r.message()).contains("restarted").contains("within 5m (limit 2)");
    assertThat(r.metrics().get("restarts_in_window")).isGreaterThan(2.0);
    ProbeResult again = probe.run(TIMEOUT);
    assertThat(again.condition()).as("the loop holds while the growth is in the window: " + again.message())
        .isEqualTo("crash_loop");
  }

  @Test
  void crashLoopHoldsWhileTheGrowthMayLieInTheWindowThenEnds() {
    RestartWindow w = new RestartWindow(Duration.ofMinutes(10));
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    w.seed(t0.minusSeconds(30), t0, 4);
    assertThat(w.observe(t0, 4, t0)).as("created 30s ago: all 4 restarts are in the window").isEqualTo(4);
    assertThat(w.observe(t0.plus(Duration.ofMinutes(5)), 6, t0.plusSeconds(290))).isEqualTo(6);
    assertThat(w.observe(t0.plus(Duration.ofMinutes(11)), 6, t0.plusSeconds(290)))
        .as("the growth from 4 to 6 may lie in the window").isEqualTo(2);
    assertThat(w.observe(t0.plus(Duration.ofMinutes(16)), 6, t0.plusSeconds(290))).isEqualTo(0);
  }

  @Test
  void startsByHandOrByMedicCountAsRestartsThoughTheyResetTheEnginesCount() {
    RestartWindow w = new RestartWindow(Duration.ofMinutes(10));
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    w.seed(t0.minus(Duration.ofDays(1)), t0, 0);
    assertThat(w.observe(t0, 0, t0.minusSeconds(60))).isEqualTo(0);
    // docker_restart after each death: the engine's count stays 0, the start time moves.
    assertThat(w.observe(t0.plusSeconds(60), 0, t0.plusSeconds(55))).isEqualTo(1);
    assertThat(w.observe(t0.plusSeconds(120), 0, t0.plusSeconds(115))).isEqualTo(2);
    // Then its restart policy takes over: 3 more, and a start by hand that resets the count to 0.
    assertThat(w.observe(t0.plusSeconds(180), 3, t0.plusSeconds(178))).isEqualTo(5);
    assertThat(w.observe(t0.plusSeconds(240), 0, t0.plusSeconds(230))).isEqualTo(6);
    assertThat(w.observe(t0.plusSeconds(300), 0, t0.plusSeconds(230))).as("no new start: no restart").isEqualTo(6);
  }

  @Test
  void crashLoopSeenBeforeARestartOfMedicIsStillOneAfterIt() {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    RestartWindow w = new RestartWindow(Duration.ofMinutes(10));
    // Created long ago; the last run before the restart saw 40 restarts, 6 of them in the window.
    w.seed(t0.minus(Duration.ofDays(2)), t0.plusSeconds(30), 41);
    w.resume(t0, 40, 6);
    assertThat(w.observe(t0.plusSeconds(30), 41, t0.plusSeconds(29))).isEqualTo(7);
    assertThat(w.observe(t0.plus(Duration.ofMinutes(11)), 41, t0.plusSeconds(29)))
        .as("no growth for a whole window").isEqualTo(0);
  }

  @Test
  void oneShotContainerThatExitedZeroIsUpAndNonZeroIsDown() throws Exception {
    String ok = containers.run("loader-ok", List.of(), "sh", "-c", "echo loaded; exit 0");
    String bad = containers.run("loader-bad", List.of(), "sh", "-c", "exit 3");
    DockerProbe okProbe = probe(check(ok, null, null, DockerCheck.EXITED_ZERO, null, null, null));
    AtomicReference<ProbeResult> last = new AtomicReference<>();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      last.set(okProbe.run(TIMEOUT));
      assertThat(last.get().metrics()).containsEntry("running", 0.0);
    });
    assertThat(last.get().status()).as(last.get().message()).isEqualTo(Status.UP);
    assertThat(last.get().message()).contains("ran to completion: exited 0");
    ProbeResult r = awaitCondition(probe(check(bad, null, null, DockerCheck.EXITED_ZERO, null, null, null)), "container_exited");
    assertThat(r.message()).contains("exit code 3");
  }

  @Test
  void oneShotContainerStillRunningIsUp() throws Exception {
    String name = containers.run("loader-busy", List.of(), "sleep", "300");
    ProbeResult r = probe(check(name, null, null, DockerCheck.EXITED_ZERO, null, null, null)).run(TIMEOUT);
    assertThat(r.status()).isEqualTo(Status.UP);
  }

  @Test
  void selectsContainersByLabels() throws Exception {
    String app = "app" + System.nanoTime();
    String name = containers.run("labelled", List.of("--label", "medic.app=" + app), "sleep", "300");
    containers.run("unlabelled", List.of(), "sh", "-c", "exit 1");
    ProbeResult r = probe(check(null, Map.of("medic.app", app), null, null, false, null, null)).run(TIMEOUT);
    assertThat(r.status()).as(r.message()).isEqualTo(Status.UP);
    assertThat(r.message()).startsWith(name);
    assertThat(r.metrics()).containsEntry("containers", 1.0).containsEntry("containers_running", 1.0);
  }

  @Test
  void selectsAComposeServiceAndReportsItsWorstContainer() throws Exception {
    String project = "p" + System.nanoTime();
    List<String> labels = List.of("--label", "com.docker.compose.project=" + project,
        "--label", "com.docker.compose.service=web");
    containers.run("web1", labels, "sleep", "300");
    String broken = containers.run("web2", labels, "sh", "-c", "exit 2");
    containers.run("db", List.of("--label", "com.docker.compose.project=" + project,
        "--label", "com.docker.compose.service=db"), "sh", "-c", "exit 1");
    DockerProbe probe = probe(check(null, null, new ComposeService(project, "web"), null, false, null, null));
    ProbeResult r = awaitCondition(probe, "container_exited");
    assertThat(r.message()).contains(broken + " is exited, exit code 2").contains("the worst of 2 containers of compose " + project + "/web");
    assertThat(r.metrics()).containsEntry("containers", 2.0).containsEntry("containers_running", 1.0);
  }

  @Test
  void containerThatDoesNotExistIsMissing() throws Exception {
    String name = DockerEngine.uniqueName("absent");
    ProbeResult r = probe(byName(name)).run(TIMEOUT);
    assertThat(r.condition()).isEqualTo("container_missing");
    assertThat(r.message()).contains("no container " + name + " on " + DockerEngine.host());
    ProbeResult byLabel = probe(check(null, Map.of("medic.none", "x" + System.nanoTime()), null, null, null, null, null)).run(TIMEOUT);
    assertThat(byLabel.condition()).isEqualTo("container_missing");
  }

  @Test
  void pausedContainerIsDegraded() throws Exception {
    String name = containers.run("paused", List.of(), "sleep", "300");
    DockerEngine.docker("pause", name);
    ProbeResult r = probe(byName(name)).run(TIMEOUT);
    assertThat(r.status()).isEqualTo(Status.DEGRADED);
    assertThat(r.condition()).isEqualTo("container_paused");
  }

  @Test
  void unreachableEngineIsReportedAsSuch() throws Exception {
    DockerCheck spec = new DockerCheck("docker", null, null, "unix:///tmp/medic-no-such-engine.sock", null, "web",
        null, null, null, null, null, null, null);
    ProbeResult r = probe(spec).run(Duration.ofSeconds(2));
    assertThat(r.condition()).isEqualTo("docker_unreachable");
    assertThat(r.message()).contains("unix:///tmp/medic-no-such-engine.sock").contains("GET /containers/web/json");
  }

  @Test
  void criticalLogLineIsEvidenceOnceAndWarningsAreCounted() throws Exception {
    String name = containers.run("logger", List.of(), "sh", "-c",
        "while [ ! -f /tmp/go ]; do sleep 0.1; done; echo 'WARN slow query'; echo 'FATAL: database is corrupt' >&2;"
            + " echo 'all fine'; sleep 300");
    LogRules rules = new LogRules(List.of(LinePattern.parse("/fatal/i")), List.of(LinePattern.parse("^WARN")));
    DockerProbe probe = probe(check(name, null, null, null, false, null, rules));
    ProbeResult quiet = probe.run(TIMEOUT);
    assertThat(quiet.status()).isEqualTo(Status.UP);
    assertThat(quiet.metrics()).containsEntry("log_critical_lines", 0.0);
    DockerEngine.docker("exec", name, "touch", "/tmp/go");
    ProbeResult r = awaitCondition(probe, "log_critical");
    assertThat(r.status()).isEqualTo(Status.DOWN);
    assertThat(r.message()).contains("1 critical log line: FATAL: database is corrupt");
    assertThat(r.metrics()).containsEntry("log_critical_lines", 1.0).containsEntry("log_warning_lines", 1.0);
    Observation seen = Observation.of(Instant.now(), "t", "docker", r);

    ProbeResult next = probe.run(TIMEOUT);
    assertThat(next.status()).as("the line was read already: " + next.message()).isEqualTo(Status.UP);

    DockerProbe afterRestart = probe(check(name, null, null, null, false, null, rules));
    afterRestart.resume(seen);
    ProbeResult resumed = afterRestart.run(TIMEOUT);
    assertThat(resumed.status()).as("a medic restart does not read it again: " + resumed.message()).isEqualTo(Status.UP);
    assertThat(resumed.metrics()).containsEntry("log_critical_lines", 0.0);

    DockerProbe fresh = probe(check(name, null, null, null, false, null, rules));
    assertThat(fresh.run(TIMEOUT).metrics()).as("a new check starts with lines written from now on")
        .containsEntry("log_critical_lines", 0.0);
  }

  /** Two containers of one selection writing at once: every line counted once, none lost between them. */
  @Test
  void linesOfSeveralSelectedContainersAreEachReadExactlyOnce() throws Exception {
    String group = "logs-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> label = List.of("--label", "medic.test.group=" + group);
    String writer = "while [ ! -f /tmp/go ]; do sleep 0.1; done; i=0;"
        + " while [ $i -lt 300 ]; do echo \"FATAL %s-$i\"; i=$((i+1)); sleep 0.002; done; sleep 300";
    String a = containers.run("writer-a", label, "sh", "-c", writer.formatted("a"));
    String b = containers.run("writer-b", label, "sh", "-c", writer.formatted("b"));
    LogRules rules = new LogRules(List.of(LinePattern.parse("^FATAL")), null);
    DockerProbe probe = probe(check(null, Map.of("medic.test.group", group), null, null, false, null, rules));
    assertThat(probe.run(TIMEOUT).metrics()).containsEntry("log_critical_lines", 0.0);

    DockerEngine.docker("exec", a, "touch", "/tmp/go");
    DockerEngine.docker("exec", b, "touch", "/tmp/go");
    AtomicInteger seen = new AtomicInteger();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      seen.addAndGet(probe.run(TIMEOUT).metrics().get("log_critical_lines").intValue());
      assertThat(seen.get()).isGreaterThanOrEqualTo(600);
    });
    for (int i = 0; i < 3; i++) {
      seen.addAndGet(probe.run(TIMEOUT).metrics().get("log_critical_lines").intValue());
    }
    assertThat(seen.get()).as("300 lines from each container, each read once").isEqualTo(600);
  }

  @Test
  void evidenceIsCappedInLinesAndLength() throws Exception {
    String name = containers.run("flood", List.of(), "sh", "-c",
        "while [ ! -f /tmp/go ]; do sleep 0.1; done; for i in 1 2 3 4 5 6 7; do"
            + " echo \"ERROR $i $(awk 'BEGIN { while (n++ < 400) printf \"x\" }')\"; done; sleep 300");
    LogRules rules = new LogRules(List.of(LinePattern.parse("ERROR")), null);
    DockerProbe probe = probe(check(name, null, null, null, false, null, rules));
    probe.run(TIMEOUT);
    DockerEngine.docker("exec", name, "touch", "/tmp/go");
    // All seven lines written before the next run: on a busy machine a run between the container's
    // echoes would read them in two parts, and each part is evidence of its own.
    await().atMost(Duration.ofSeconds(20)).until(() -> DockerEngine.docker("logs", name).contains("ERROR 7 "));
    AtomicReference<ProbeResult> last = new AtomicReference<>();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      last.set(probe.run(TIMEOUT));
      assertThat(last.get().metrics()).containsEntry("log_critical_lines", 7.0);
    });
    String message = last.get().message();
    String cut = "ERROR 1 " + "x".repeat(ContainerLogs.EVIDENCE_CHARS - "ERROR 1 ".length()) + "...";
    assertThat(message).contains("7 critical log lines").contains(cut + " | ERROR 2 ")
        .contains("ERROR 5").doesNotContain("ERROR 6").doesNotContain("x".repeat(ContainerLogs.EVIDENCE_CHARS));
  }

  @Test
  void steadilyGrowingMemoryIsALeakUntilTheContainerRestarts() throws Exception {
    String name = containers.run("leaky", List.of("-m", "64m"), "sleep", "300");
    SettableClock clock = new SettableClock(Instant.now());
    // A 10-minute window: the series is judged once it covers 5 minutes (a warm-up is no leak).
    DockerProbe probe = new DockerProbe(new DockerCheck("docker", null, null, DockerEngine.host(), null, name, null,
        null, null, true, null, new LeakWatch(Duration.ofMinutes(10), Duration.ofHours(1)), null), clock);
    ProbeResult r = null;
    for (int minute = 0; minute < 7; minute++) {
      DockerEngine.docker("exec", name, "dd", "if=/dev/zero", "of=/dev/shm/f" + minute, "bs=1M", "count=2");
      r = probe.run(TIMEOUT);
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(r.metrics()).as(r.message()).containsEntry("memory_leak", 1.0);
    assertThat(r.metrics().get("memory_leak_eta_seconds")).isBetween(60.0, 3600.0);
    assertThat(r.message()).contains("memory growing steadily");
    assertThat(new DockerCheck("docker", null, null, DockerEngine.host(), null, name, null, null, null, null, null,
        null, null).rules()).extracting(Object::toString)
        .containsExactly("restarts_in_window > 5 as crash_loop", "memory_leak > 0 as memory_leak");

    DockerEngine.docker("restart", "-t", "0", name);
    ProbeResult afterRestart = probe.run(TIMEOUT);
    assertThat(afterRestart.metrics()).as("a restart starts the trend afresh").containsEntry("memory_leak", 0.0)
        .doesNotContainKey("memory_leak_eta_seconds");
  }

  @Test
  void configRefusesZeroOrSeveralSelectors() {
    assertThatThrownBy(() -> check(null, null, null, null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly one of container, labels or compose");
    assertThatThrownBy(() -> check("web", Map.of("a", "b"), null, null, null, null, null))
        .hasMessageContaining("got 2");
    assertThatThrownBy(() -> check("web", null, null, "stopped", null, null, null))
        .hasMessageContaining("expect must be running or exited_zero, got 'stopped'");
    assertThatThrownBy(() -> new DockerCheck("docker", null, null, "http//oops", null, "web", null, null, null, null,
        null, null, null)).hasMessageContaining("host must be").hasMessageContaining("http//oops");
  }
}
