package dev.medic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.incident.IncidentBook;
import dev.medic.spi.Observation;
import dev.medic.spi.Severity;
import dev.medic.spi.Status;
import dev.medic.store.SqliteStore;
import dev.medic.support.TestHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code medic report}: prints the report from the store; sends it unless {@code --dry-run}. */
class ReportCommandTest {

  @TempDir Path dir;
  private Path config;

  @BeforeEach
  void storeWithAnIncident() throws Exception {
    Path db = dir.resolve("medic.db");
    try (SqliteStore store = SqliteStore.open(db)) {
      Instant now = Instant.now();
      store.observations().record(new Observation(now.minusSeconds(60), "stage-web", "http", Status.DOWN,
          Duration.ofMillis(5), Map.of(), "http_error", "status 500"));
      store.observations().flush();
      new IncidentBook(store, Clock.systemUTC()).raise("stage-web", "http_error", Severity.CRITICAL, "status 500");
    }
    config = dir.resolve("medic.yaml");
  }

  private void writeConfig(String hookUrl) throws Exception {
    Files.writeString(config, """
        agent: {store: "sqlite:%s"}
        targets:
          - name: stage-web
            labels: {env: staging}
            checks: [{type: http, url: "http://127.0.0.1:9/health"}]
        escalation:
          channels: [{type: webhook, name: hook, url: "%s"}]
        reports:
          - name: staging
            schedule: "15 3,10 * * *"
            channels: [hook]
            labels: {env: staging}
        """.formatted(dir.resolve("medic.db"), hookUrl));
  }

  @Test
  void aDryRunPrintsTheReportFromTheStoreAndSendsNothing() throws Exception {
    try (TestHttpServer hook = new TestHttpServer(() -> 200)) {
      writeConfig(hook.url("/in"));

      CliTest.Run run = CliTest.medic("report", "--hours", "4", "--dry-run", "-c", config.toString());

      assertThat(run.code()).isEqualTo(0);
      assertThat(run.out()).startsWith("STAGING REPORT - ERRORS, INVESTIGATE\n\nReport time: ")
          .contains("Period analyzed: 4 hours\nTargets: env=staging\nVerdict: ERRORS_INVESTIGATE\n\n"
              + "stage-web is down now\n1 incident opened in the last 4h (0 healed)\n"
              + "stage-web uptime 0.00% in the last 4h (below 99.00%)\n\n"
              + "stage-web: down, 0.00% uptime, incident #1 open (http_error)\n\n"
              + "Incidents: 1 opened, 0 healed, 0 resolved, 0 escalated\n")
          .endsWith("Automated report by medic\n");
      assertThat(hook.requests()).isEmpty();
    }
  }

  @Test
  void theReportListsTheSilencesInForce() throws Exception {
    writeConfig("http://127.0.0.1:9/in");
    CliTest.Run silenced = CliTest.medic("silence", "add", "--target", "stage-web", "--for", "2h", "--comment",
        "disk swap", "--author", "alice", "-c", config.toString());

    CliTest.Run run = CliTest.medic("report", "--hours", "4", "--dry-run", "-c", config.toString());

    assertThat(silenced.code()).as(silenced.err()).isZero();
    assertThat(run.out()).containsPattern("Silences: silence 1 on target=\"stage-web\" until \\S+: disk swap \\(alice\\)");
  }

  @Test
  void withoutDryRunItAlsoSendsTheReportToItsChannels() throws Exception {
    try (TestHttpServer hook = new TestHttpServer(() -> 200)) {
      writeConfig(hook.url("/in"));

      CliTest.Run run = CliTest.medic("report", "--name", "staging", "-c", config.toString());

      assertThat(run.code()).isEqualTo(0);
      assertThat(run.out()).startsWith("STAGING REPORT - ERRORS, INVESTIGATE\n").contains("Period analyzed: 12 hours");
      assertThat(run.err()).isEqualTo("sent: channel hook accepted the report\n");
      assertThat(new ObjectMapper().readTree(hook.requests().getFirst().body()).path("report").path("verdict").asText())
          .isEqualTo("ERRORS_INVESTIGATE");
    }
  }

  @Test
  void aRefusingChannelExitsOneAndAnUnknownReportOrWindowTwo() throws Exception {
    try (TestHttpServer hook = new TestHttpServer(() -> 500)) {
      writeConfig(hook.url("/in"));

      CliTest.Run refused = CliTest.medic("report", "-c", config.toString());
      CliTest.Run unknown = CliTest.medic("report", "--name", "nightly", "--dry-run", "-c", config.toString());
      CliTest.Run tooLong = CliTest.medic("report", "--hours", "721", "--dry-run", "-c", config.toString());

      assertThat(refused.code()).isEqualTo(1);
      assertThat(refused.err()).isEqualTo("not sent: channel hook: HTTP 500: {\"status\":\"error\"}\n");
      assertThat(unknown.code()).isEqualTo(2);
      assertThat(unknown.err()).isEqualTo("medic report: no report named 'nightly' (configured: staging)\n");
      assertThat(tooLong.code()).isEqualTo(2);
      assertThat(tooLong.err()).isEqualTo("medic report: hours must be 1..720, got 721\n");
    }
  }
}
