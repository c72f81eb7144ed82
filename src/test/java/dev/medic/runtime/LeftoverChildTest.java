package dev.medic.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.process.ProcessTable;
import dev.medic.support.AgentHarness;
import dev.medic.support.MedicProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A medic killed with SIGKILL cannot stop its children; the next medic on the same store does. */
class LeftoverChildTest {

  @TempDir Path dir;

  private static Optional<ProcessHandle> sleeper(Process medic) {
    return medic.toHandle().children()
        .filter(p -> p.info().command().orElse("").endsWith("sleep"))
        .findFirst();
  }

  @Test
  void childLeftRunningByAKilledMedicIsStoppedOnTheNextStartAndReplaced() throws Exception {
    String yaml = """
        agent:
          interval: 200ms
          api: "off"
          store: sqlite:%s
        targets:
          - name: worker
            process: { command: ["/bin/sleep", "600"] }
            checks: [{ type: process }]
        """.formatted(dir.resolve("medic.db"));
    Path config = dir.resolve("medic.yaml");
    Files.writeString(config, yaml);

    Process medic = MedicProcess.run(config, dir.resolve("first-run.log"));
    ProcessHandle orphan;
    try {
      orphan = await().atMost(Duration.ofSeconds(20))
          .until(() -> sleeper(medic), Optional::isPresent).orElseThrow();
      // The ledger is written right after the child starts; wait until it names this child.
      await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(dir.resolve("medic.db.children"))
          && Files.readString(dir.resolve("medic.db.children")).contains("\"pid\":" + orphan.pid()));
    } finally {
      medic.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, children left as they are
    }
    assertThat(ProcessTable.running(orphan.pid())).as("the killed medic's child lives on").isTrue();

    long replacement;
    try (AgentHarness h = AgentHarness.start(dir, yaml)) {
      assertThat(ProcessTable.running(orphan.pid())).as("stopped before the new child starts").isFalse();
      replacement = h.agent.supervisor().find("worker").orElseThrow().pid();
      assertThat(replacement).isNotEqualTo(orphan.pid());
      assertThat(ProcessTable.running(replacement)).isTrue();
    }
    assertThat(ProcessTable.running(replacement)).as("a medic that stops normally stops its child").isFalse();
    assertThat(Files.readString(dir.resolve("medic.db.children"))).isEqualTo("[]");
  }

  @Test
  void aProcessThatOnlyReusesARecordedPidIsLeftAlone() throws Exception {
    // The ledger names this test's own child, but with a start instant it never had.
    Process stranger = new ProcessBuilder("/bin/sleep", "600").start();
    try {
      Files.writeString(dir.resolve("medic.db.children"),
          "[{\"target\":\"worker\",\"pid\":" + stranger.pid() + ",\"startedAtMillis\":1}]");
      try (AgentHarness h = AgentHarness.start(dir, """
          targets:
            - name: worker
              process: { command: ["/bin/sleep", "600"] }
              checks: [{ type: process }]
          """)) {
        assertThat(h.agent.supervisor().find("worker").orElseThrow().pid()).isNotEqualTo(stranger.pid());
      }
      assertThat(stranger.isAlive()).isTrue();
    } finally {
      stranger.destroyForcibly().waitFor();
    }
  }
}
