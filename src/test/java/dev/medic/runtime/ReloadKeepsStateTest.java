package dev.medic.runtime;

import dev.medic.api.TargetView;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.spi.Incident;
import dev.medic.process.SupervisedProcess;
import dev.medic.support.AgentHarness;
import dev.medic.support.RealServices;
import dev.medic.support.RedisScratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What medic knows about a target outlives a reload that leaves it alone, and a restart of medic. */
class ReloadKeepsStateTest {

  @TempDir Path dir;
  private final RedisScratch redis = new RedisScratch();

  @BeforeAll
  static void needsRedis() {
    RealServices.requireRedis();
  }

  @AfterEach
  void cleanUp() {
    redis.close();
  }

  private String config(String queue, String extraTarget) {
    return """
        agent:
          interval: 300ms
          timeout: 2s
          api: "off"
        targets:
          - name: queue
            checks:
              - type: redis
                url: %s
                queues: ["%s"]
                stalled_after: 2s
        %s
        """.formatted(RedisScratch.URL, queue, extraTarget);
  }

  private static List<Incident> stalled(AgentHarness h) {
    return h.incidents().stream().filter(i -> i.condition().equals("stalled_queue")).toList();
  }

  @Test
  void stalledQueueStaysOneIncidentThroughAReloadAndARestartAndClearsOnlyWhenItMoves() throws Exception {
    String queue = redis.key("jobs");
    redis.jedis.rpush(queue, "a", "b", "c"); // no consumer: the depth never goes down
    String yaml = config(queue, "");
    long id;
    try (AgentHarness h = AgentHarness.start(dir, yaml)) {
      await().atMost(Duration.ofSeconds(15)).until(() -> stalled(h).size() == 1);
      id = stalled(h).getFirst().id();

      // A reload that only adds an unrelated target leaves the queue's check and detector as they were.
      Files.writeString(h.configFile, config(queue,
          "  - name: other\n    checks: [{type: command, command: [\"/bin/true\"]}]"));
      assertThat(h.agent.reload()).isEmpty();
      assertThat(h.agent.targets()).extracting(TargetView::name).containsExactly("queue", "other");
      await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
          .until(() -> stalled(h).size() == 1 && stalled(h).getFirst().isOpen());
    }

    try (AgentHarness h = AgentHarness.start(dir, yaml)) {
      // After a restart the stall clock continues from what the store recorded: still the same incident.
      await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
          .until(() -> stalled(h).size() == 1 && stalled(h).getFirst().isOpen());
      assertThat(stalled(h).getFirst().id()).isEqualTo(id);

      redis.jedis.lpop(queue); // progress: evidence that the stall is over
      await().atMost(Duration.ofSeconds(10)).until(() -> !stalled(h).getFirst().isOpen());
      assertThat(stalled(h)).singleElement().satisfies(i -> assertThat(i.id()).isEqualTo(id));
    }
  }

  @Test
  void reloadStopsTheProcessOfARemovedTargetAndRestartsAChangedOne() throws Exception {
    String two = """
        agent: { interval: 200ms }
        targets:
          - name: gone
            process: { command: ["/bin/sleep", "600"] }
            checks: [{ type: process }]
          - name: changed
            process: { command: ["/bin/sleep", "600"] }
            checks: [{ type: process }]
        """;
    try (AgentHarness h = AgentHarness.start(dir, two)) {
      SupervisedProcess gone = h.agent.supervisor().find("gone").orElseThrow();
      long changedPid = h.agent.supervisor().find("changed").orElseThrow().pid();
      await().atMost(Duration.ofSeconds(10)).until(() -> h.agent.metrics().scrape().contains("target=\"gone\""));

      Files.writeString(h.configFile, """
          agent: { interval: 200ms }
          targets:
            - name: changed
              process: { command: ["/bin/sleep", "601"] }
              checks: [{ type: process }]
          """);
      assertThat(h.agent.reload()).isEmpty();

      long gonePid = gone.pid();
      await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(gonePid).map(p -> !p.isAlive()).orElse(true));
      assertThat(h.agent.supervisor().find("gone")).isEmpty();
      assertThat(h.agent.supervisor().find("changed")).hasValueSatisfying(p -> assertThat(p.pid()).isNotEqualTo(changedPid));
      assertThat(ProcessHandle.of(changedPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      assertThat(h.agent.metrics().scrape()).doesNotContain("target=\"gone\"");
      // The replaced process's exit was medic's own doing: no incident for it.
      await().during(Duration.ofSeconds(1)).until(() -> h.incidents().isEmpty());
    }
  }

  @Test
  void incidentOfACheckRenamedWhileMedicWasDownClearsOnTheRenamedChecksHealthyRuns() throws Exception {
    java.util.concurrent.atomic.AtomicInteger status = new java.util.concurrent.atomic.AtomicInteger(500);
    try (dev.medic.support.TestHttpServer app = new dev.medic.support.TestHttpServer(status::get)) {
      String before = """
          agent: { interval: 200ms, failures: 1, mode: observe, api: "off" }
          targets:
            - name: web
              checks: [{ name: http, type: http, url: "%s" }]
          """.formatted(app.url("/health"));
      try (AgentHarness h = AgentHarness.start(dir, before)) {
        await().atMost(Duration.ofSeconds(10)).until(() -> h.incidents().size() == 1);
      }
      status.set(200);
      // The old check's readings are no evidence for the new one: they must not keep it failing.
      try (AgentHarness h = AgentHarness.start(dir, before.replace("name: http,", "name: api,"))) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !h.incidents().getFirst().isOpen());
        assertThat(h.agent.targets().getFirst().checks()).extracting(TargetView.CheckView::name).containsExactly("api");
      }
    }
  }
}
