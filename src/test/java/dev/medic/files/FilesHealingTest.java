package dev.medic.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.spi.IncidentState;
import dev.medic.support.AgentHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: a check that fails while old rotated logs pile up, and delete_old_files as its
 * remedy. Deleting is destructive: it waits for approval unless the strategy says otherwise.
 */
class FilesHealingTest {

  @TempDir Path dir;

  private Path logs() throws Exception {
    Path logs = Files.createDirectories(dir.resolve("logs"));
    for (int i = 1; i <= 3; i++) {
      Path old = Files.writeString(logs.resolve("app.log." + i), "line\n".repeat(100));
      Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(10))));
    }
    Files.writeString(logs.resolve("app.log"), "current\n");
    return logs;
  }

  private static String yaml(Path logs, String approval) {
    return """
        agent:
          interval: 300ms
          timeout: 5s
          verify_timeout: 10s
          failures: 1
          api: "off"
        targets:
          - name: logs
            checks:
              - type: command
                # fails while any rotated log is left
                command: [sh, -c, "test -z \\"$(find %1$s -name 'app.log.*')\\""]
        strategies:
          - name: clean_logs
            conditions: [command_failed]
            action: { type: delete_old_files, under: ["%1$s"], match: "app.log.*", older_than: 7d }
            max_attempts: 1
            %2$s
        """.formatted(logs, approval);
  }

  @Test
  void oldRotatedLogsAreDeletedAndTheIncidentResolves() throws Exception {
    Path logs = logs();
    try (AgentHarness h = AgentHarness.start(dir, yaml(logs, "approval: none"))) {
      await().atMost(Duration.ofSeconds(20)).until(() -> h.incidents().stream()
          .anyMatch(i -> i.state() == IncidentState.RESOLVED) && h.audit().stream().anyMatch(a -> a.kind().equals("action")));

      try (var left = Files.list(logs)) {
        assertThat(left).containsExactly(logs.resolve("app.log"));
      }
      assertThat(h.audit()).filteredOn(a -> a.kind().equals("action")).singleElement()
          .satisfies(a -> assertThat(a.detail()).isEqualTo("delete_old_files 'app.log.*' older than 7d under " + logs
              + " -> deleted 3 files (1.5 KiB freed): " + logs.resolve("app.log.1") + ", " + logs.resolve("app.log.2")
              + ", " + logs.resolve("app.log.3")));
    }
  }

  @Test
  void withoutApprovalNoneTheDeletionWaitsForAPerson() throws Exception {
    Path logs = logs();
    try (AgentHarness h = AgentHarness.start(dir, yaml(logs, ""))) {
      await().atMost(Duration.ofSeconds(20)).until(() -> h.incidents().stream()
          .anyMatch(i -> i.state() == IncidentState.AWAITING_APPROVAL));

      try (var left = Files.list(logs)) {
        assertThat(left).hasSize(4);
      }
      assertThat(h.audit()).noneMatch(a -> a.kind().equals("action"));
    }
  }
}
