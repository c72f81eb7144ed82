package dev.medic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.incident.Incident;
import dev.medic.incident.Severity;
import dev.medic.store.AuditEntry;
import dev.medic.store.SqliteStore;
import dev.medic.support.TestHttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

  @TempDir Path dir;

  /** Runs {@code medic ARGS} in-process; returns exit code, stdout and stderr. */
  private record Run(int code, String out, String err) {}

  private static synchronized Run medic(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = Main.execute(args);
      return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void validateAcceptsGoodFilesAndNamesFileLineAndFieldOfBadOnes() throws Exception {
    Path good = dir.resolve("good.yaml");
    Files.writeString(good, """
        targets:
          - name: web
            checks:
              - type: tcp
                port: 80
        """);
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, """
        targets:
          - name: web
            checks:
              - type: tcp
                port: 80
                intervall: 5s
        """);
    Run ok = medic("validate", good.toString());
    assertThat(ok.code()).isZero();
    assertThat(ok.out()).contains("ok: " + good + " (1 targets, 1 checks, 0 strategies)");

    Run failed = medic("validate", good.toString(), bad.toString());
    assertThat(failed.code()).isEqualTo(1);
    assertThat(failed.err()).contains(bad + ":6:").contains("targets[0].checks[0].intervall")
        .contains("unknown key 'intervall', did you mean 'interval'?");
  }

  @Test
  void checkRunsEveryCheckOncePrintsATableAndFailsIfAnyFailed() throws Exception {
    try (TestHttpServer up = new TestHttpServer(() -> 200)) {
      Path cfg = dir.resolve("medic.yaml");
      Files.writeString(cfg, """
          targets:
            - name: web
              checks:
                - type: http
                  url: %s
          """.formatted(up.url("/health")));
      Run healthy = medic("check", "-c", cfg.toString());
      assertThat(healthy.code()).isZero();
      assertThat(healthy.out()).contains("web", "http", "UP").contains("1 checks, 0 failed");

      Files.writeString(cfg, Files.readString(cfg) + """
            - name: db
              checks:
                - type: command
                  command: ["/bin/false"]
          """);
      Run failing = medic("check", "-c", cfg.toString());
      assertThat(failing.code()).isEqualTo(1);
      assertThat(failing.out()).contains("db", "DOWN", "command_failed").contains("2 checks, 1 failed");

      Files.writeString(cfg, """
          targets:
            - name: web
              checks:
                - type: http
                  url: %s
              detect:
                thresholds: ["status_code == 200 as suspicious_ok"]
          """.formatted(up.url("/health")));
      Run ruled = medic("check", "-c", cfg.toString());
      assertThat(ruled.code()).as("a rule breached now fails the check run").isEqualTo(1);
      assertThat(ruled.out()).contains("suspicious_ok");
    }
  }

  @Test
  void incidentsAndAuditReadTheStoreAsTablesOrJson() throws Exception {
    Path db = dir.resolve("medic.db");
    try (SqliteStore store = SqliteStore.open(db)) {
      Incident open = store.insertIncident(Incident.open("web", "http_error", Severity.CRITICAL, "status 500", Instant.now()));
      Incident closed = store.insertIncident(Incident.open("db", "tcp_unreachable", Severity.WARNING, "refused", Instant.now()));
      store.updateIncident(closed.resolvedAt("came back", Instant.now()));
      store.audit(AuditEntry.of(Instant.now(), open.id(), "web", "opened", null, "", "http_error: status 500"));
    }
    String location = "sqlite:" + db;
    Run all = medic("incidents", "--store", location);
    assertThat(all.code()).isZero();
    assertThat(all.out()).contains("web", "http_error", "critical", "open").contains("db", "resolved");

    Run openJson = medic("incidents", "--open", "--json", "--store", location);
    JsonNode incidents = new ObjectMapper().readTree(openJson.out());
    assertThat(incidents).hasSize(1);
    assertThat(incidents.get(0).get("target").asText()).isEqualTo("web");
    assertThat(incidents.get(0).get("state").asText()).isEqualTo("open");

    Run audit = medic("audit", "--json", "--store", location);
    JsonNode entries = new ObjectMapper().readTree(audit.out());
    assertThat(entries).hasSize(1);
    assertThat(entries.get(0).get("kind").asText()).isEqualTo("opened");
    assertThat(entries.get(0).get("detail").asText()).isEqualTo("http_error: status 500");
  }

  @Test
  void versionPrintsTheVersionAndJava() {
    Run v = medic("version");
    assertThat(v.code()).isZero();
    assertThat(v.out()).startsWith("medic ").contains("Java " + Runtime.version().feature());
  }
}
