package dev.medic.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.api.TargetView;
import dev.medic.spi.Incident;
import dev.medic.spi.IncidentState;
import dev.medic.spi.TimelineEvent;
import dev.medic.support.AgentHarness;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real agent with a file store following a real log file: critical lines become incidents. */
class LogIncidentTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  private String yaml(Path log) {
    return """
        agent:
          interval: 200ms
          timeout: 2s
        targets:
          - name: app
            checks:
              - type: log
                name: app-log
                path: %s
                critical: ["/FATAL:.*database/i", "/OOM killer/i", "/PANIC:.*corruption/i"]
                warning: [retry, /timeout/i]
                max_warnings_per_minute: 5
        """.formatted(log);
  }

  private static void append(Path log, String text) throws IOException {
    Files.writeString(log, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /**
   * Waits for two runs of the check stamped after now: the second began after this call, so what
   * is in the file now was read.
   */
  private static void awaitRuns(AgentHarness h) {
    Instant now = Instant.now();
    await().atMost(WAIT).until(() -> lastRun(h).isAfter(now));
    Instant first = lastRun(h);
    await().atMost(WAIT).until(() -> lastRun(h).isAfter(first));
  }

  private static Instant lastRun(AgentHarness h) {
    return h.agent.targets().stream().map(TargetView::checks).flatMap(List::stream)
        .filter(c -> c.name().equals("app-log") && c.at() != null)
        .map(TargetView.CheckView::at).findFirst().orElse(Instant.EPOCH);
  }

  /** The one incident opened after the ones seen, once it has opened and resolved again. */
  private static Incident nextIncident(AgentHarness h, int seen) {
    await().atMost(WAIT).until(() -> h.incidents().size() > seen
        && h.incidents().stream().allMatch(i -> i.state() == IncidentState.RESOLVED));
    List<Incident> all = h.incidents();
    assertThat(all).hasSize(seen + 1);
    return all.stream().max(java.util.Comparator.comparingLong(Incident::id)).orElseThrow();
  }

  private static String timeline(AgentHarness h, Incident i) {
    return h.agent.store().incidents().timeline(i.id()).stream()
        .map(TimelineEvent::detail).reduce("", (a, b) -> a + "\n" + b);
  }

  @Test
  void aCriticalLineOpensAnIncidentHoldingItAcrossRenameRotationAndCopyTruncate() throws Exception {
    Path log = dir.resolve("app.log");
    append(log, "2026-11-30 10:00:00 FATAL: database was down yesterday (old news)\n");
    try (AgentHarness h = AgentHarness.start(dir, yaml(log))) {
      awaitRuns(h);
      assertThat(h.incidents()).isEmpty();

      append(log, "2026-11-30 12:00:00 INFO ok\n2026-11-30 12:00:01 FATAL: could not connect to database orders\n");
      Incident first = nextIncident(h, 0);
      assertThat(first.condition()).isEqualTo("log_critical");
      assertThat(first.target()).isEqualTo("app");
      assertThat(first.message()).contains("2026-11-30 12:00:01 FATAL: could not connect to database orders")
          .doesNotContain("old news");
      assertThat(timeline(h, first)).contains("FATAL: could not connect to database orders");

      // Rename rotation: the writer's last line lands in the renamed file, the next in the new one.
      // The old file is read to its end first, so its line is the one the incident opens with; a run
      // may fall between the two writes, and then the new file's line is read while that incident is
      // still open: it is in that run's observation, not in a second incident.
      Files.move(log, dir.resolve("app.log.1"));
      append(dir.resolve("app.log.1"), "2026-11-30 12:01:00 kernel: OOM killer chose the old file's writer\n");
      append(log, "2026-11-30 12:01:01 PANIC: index corruption in the new file\n");
      Incident rotated = nextIncident(h, 1);
      assertThat(rotated.message()).contains("OOM killer chose the old file's writer");
      assertThat(timeline(h, rotated)).contains("OOM killer chose the old file's writer");

      // Copy-truncate: logrotate copies the file away and empties it in place.
      Files.copy(log, dir.resolve("app.log.2"));
      try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
        ch.truncate(0);
      }
      append(log, "2026-11-30 12:02:00 FATAL: database after copytruncate\n");
      Incident truncated = nextIncident(h, 2);
      assertThat(truncated.message()).contains("FATAL: database after copytruncate")
          .doesNotContain("index corruption");

      // Every critical line reached medic exactly once: none lost in a rotation, none read twice.
      h.agent.store().observations().flush();
      List<String> read = h.agent.store().observations().list("app", 100_000).stream()
          .filter(o -> "log_critical".equals(o.condition())).map(o -> o.message()).toList();
      for (String line : List.of("could not connect to database orders", "OOM killer chose the old file's writer",
          "PANIC: index corruption in the new file", "FATAL: database after copytruncate")) {
        assertThat(read.stream().filter(m -> m.contains(line))).as(line).hasSize(1);
      }
      assertThat(read).noneMatch(m -> m.contains("old news"));
    }
  }

  @Test
  void aRestartedAgentContinuesFromTheRecordedOffsetWithoutReopeningOldLines() throws Exception {
    Path log = dir.resolve("app.log");
    append(log, "");
    try (AgentHarness h = AgentHarness.start(dir, yaml(log))) {
      awaitRuns(h);
      append(log, "2026-11-30 12:00:01 FATAL: database orders lost its primary\n");
      Incident first = nextIncident(h, 0);
      assertThat(first.message()).contains("database orders lost its primary");
      awaitRuns(h);
    }
    // Written while medic was stopped: news for the next medic, which must not start at the end.
    append(log, "2026-11-30 12:05:00 INFO restarted\n");

    try (AgentHarness h = AgentHarness.start(dir, yaml(log))) {
      awaitRuns(h);
      awaitRuns(h);
      assertThat(h.incidents()).hasSize(1); // the old line opened nothing again

      append(log, "2026-11-30 12:06:00 FATAL: database orders lost its primary again\n");
      Incident second = nextIncident(h, 1);
      assertThat(second.message()).contains("lost its primary again")
          .doesNotContain("12:00:01");
    }
  }

  @Test
  void linesWrittenWhileTheAgentWasStoppedAreReadByTheNextOne() throws Exception {
    Path log = dir.resolve("app.log");
    append(log, "");
    try (AgentHarness h = AgentHarness.start(dir, yaml(log))) {
      awaitRuns(h);
      append(log, "2026-11-30 12:00:00 INFO fine\n");
      awaitRuns(h);
    }
    append(log, "2026-11-30 12:03:00 FATAL: database failed while medic was stopped\n");
    try (AgentHarness h = AgentHarness.start(dir, yaml(log))) {
      Incident missed = nextIncident(h, 0);
      assertThat(missed.message()).contains("FATAL: database failed while medic was stopped")
          .doesNotContain("INFO fine");
    }
  }

  /**
   * medic stopped for two hours (its recorded runs moved two hours back): the log is still read on
   * from where it was, so a line written meanwhile is news, and the lines read before are not.
   */
  @Test
  void continuesFromItsOffsetAfterAStopOfHours() throws Exception {
    Path log = dir.resolve("app.log");
    append(log, "");
    try (AgentHarness h = AgentHarness.start(dir, yaml(log))) {
      awaitRuns(h);
      append(log, "2026-11-30 12:00:00 PANIC: corruption seen before the stop\n");
      nextIncident(h, 0);
    }
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("medic.db"));
        java.sql.Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE observations SET at = at - " + Duration.ofHours(2).toMillis());
    }
    append(log, "2026-11-30 12:30:00 FATAL: database failed during the stop\n");
    try (AgentHarness h = AgentHarness.start(dir, yaml(log))) {
      Incident missed = nextIncident(h, 1);
      assertThat(missed.message()).contains("FATAL: database failed during the stop")
          .doesNotContain("PANIC: corruption seen before the stop");
    }
  }
}
