package dev.medic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import dev.medic.process.ChildLedger;
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

  /** Runs {@code medic ARGS} in-process; returns exit code, stdout and stderr (other CLI tests use it too). */
  record Run(int code, String out, String err) {}

  static synchronized Run medic(String... args) {
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
      Incident open = store.incidents().insert(Incident.open("web", "http_error", Severity.CRITICAL, "status 500", Instant.now()));
      Incident closed = store.incidents().insert(Incident.open("db", "tcp_unreachable", Severity.WARNING, "refused", Instant.now()));
      store.incidents().update(closed.resolvedAt("came back", Instant.now()));
      store.audit().append(AuditEntry.of(Instant.now(), open.id(), "web", "opened", null, "", "http_error: status 500"));
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
  void readCommandsNeverCreateAStoreAndSayWhichOneTheyLookedFor() throws Exception {
    Path missing = dir.resolve("nothing-here.db");

    Run incidents = medic("incidents", "--open", "--json", "--store", "sqlite:" + missing);
    assertThat(incidents.code()).isEqualTo(1);
    assertThat(incidents.out()).isEmpty();
    assertThat(incidents.err()).contains("medic incidents: no store at " + missing, "from --store");
    assertThat(missing).doesNotExist();

    Path cfg = dir.resolve("medic.yaml");
    Path configured = dir.resolve("configured.db");
    Files.writeString(cfg, """
        agent: {store: "sqlite:%s"}
        targets:
          - name: web
            checks: [{type: tcp, port: 80}]
        """.formatted(configured));
    Run audit = medic("audit", "-c", cfg.toString());
    assertThat(audit.code()).isEqualTo(1);
    assertThat(audit.err()).contains("medic audit: no store at " + configured, "from agent.store in " + cfg);
    assertThat(configured).doesNotExist();
  }

  @Test
  void helpWorksOnEverySubcommand() {
    for (String command : new String[] {"run", "demo", "validate", "check", "incidents", "audit", "version"}) {
      Run help = medic(command, "--help");
      assertThat(help.code()).as(command + " --help: " + help.err()).isZero();
      assertThat(help.out()).as(command).contains("Usage: medic " + command);
    }
  }

  private static final String SUPERVISED = """
      agent: {store: "sqlite:%s"}
      targets:
        - name: web
          process: {command: [/bin/sleep, "300"]}
          checks:
            - type: process
      strategies:
        - name: restart_web
          conditions: [process_exited]
          action: {type: restart}
      """;

  @Test
  void checkSkipsASupervisedProcessNoMedicRunsAndDoesNotFailForIt() throws Exception {
    Path cfg = dir.resolve("medic.yaml");
    Files.writeString(cfg, SUPERVISED.formatted(dir.resolve("medic.db")));

    Run check = medic("check", "-c", cfg.toString());

    assertThat(check.code()).as(check.out() + check.err()).isZero();
    assertThat(check.out()).contains("web", "process", "SKIP", "supervised by `medic run`; no medic runs it now")
        .contains("1 checks, 0 failed");
  }

  @Test
  void checkReportsASupervisedProcessUpWhenTheStoresLedgerShowsItRunning() throws Exception {
    Path cfg = dir.resolve("medic.yaml");
    Path db = dir.resolve("medic.db");
    Files.writeString(cfg, SUPERVISED.formatted(db));
    Process child = new ProcessBuilder("/bin/sleep", "300").start();
    try {
      // What a running medic records about the child it supervises.
      ChildLedger.at(dir.resolve("medic.db.children")).started("web", child.toHandle());

      Run check = medic("check", "-c", cfg.toString());

      assertThat(check.code()).isZero();
      assertThat(check.out()).contains("UP", "pid " + child.pid() + ", supervised by a running medic");
    } finally {
      child.destroyForcibly().waitFor();
    }
  }

  @Test
  void checkHonoursTlsVerifyFalseAsRunDoes() throws Exception {
    try (SelfSignedHttpsServer https = new SelfSignedHttpsServer(dir)) {
      Path cfg = dir.resolve("medic.yaml");
      Files.writeString(cfg, """
          targets:
            - name: verified
              checks: [{type: http, url: "%1$s"}]
            - name: trusting
              checks: [{type: http, url: "%1$s", tls_verify: false}]
          """.formatted(https.url()));

      Run check = medic("check", "-c", cfg.toString());

      assertThat(check.out()).containsPattern("trusting +http +UP").containsPattern("verified +http +DOWN")
          .contains("2 checks, 1 failed");
    }
  }

  @Test
  void checkAndIncidentsHideUrlPasswords() throws Exception {
    Path cfg = dir.resolve("medic.yaml");
    Files.writeString(cfg, """
        targets:
          - name: web
            checks: [{type: http, url: "http://app:hunter22@127.0.0.1:1/health?token=abc123", timeout: 2s}]
        """);
    Run check = medic("check", "-c", cfg.toString());
    assertThat(check.out()).doesNotContain("hunter22").doesNotContain("abc123");

    Path db = dir.resolve("medic.db");
    try (SqliteStore store = SqliteStore.open(db)) {
      store.incidents().insert(Incident.open("web", "http_error", Severity.CRITICAL,
          "connection refused: http://app:hunter22@127.0.0.1:1/health?token=abc123", Instant.now()));
    }
    Run incidents = medic("incidents", "--json", "--store", "sqlite:" + db);
    assertThat(incidents.out()).contains("app:***@127.0.0.1").contains("token=***")
        .doesNotContain("hunter22").doesNotContain("abc123");
  }

  @Test
  void versionPrintsTheVersionAndJava() {
    Run v = medic("version");
    assertThat(v.code()).isZero();
    assertThat(v.out()).startsWith("medic ").contains("Java " + Runtime.version().feature());
  }

  @Test
  void notifyTestSendsOneTestMessageThroughTheNamedChannelAndSaysWhatTheReceiverAnswered() throws Exception {
    try (dev.medic.support.TestHttpServer ok = new dev.medic.support.TestHttpServer(() -> 200);
        dev.medic.support.TestHttpServer refusing = new dev.medic.support.TestHttpServer(() -> 403)) {
      Path cfg = dir.resolve("medic.yaml");
      Files.writeString(cfg, """
          targets:
            - name: web
              checks: [{type: tcp, port: 80}]
          escalation:
            channels:
              - {type: webhook, name: ops, url: "%s"}
              - {type: webhook, name: closed, url: "%s"}
          """.formatted(ok.url("/hook"), refusing.url("/hook")));

      Run sent = medic("notify", "test", "ops", "-c", cfg.toString());
      assertThat(sent.code()).as(sent.err()).isZero();
      assertThat(sent.out()).contains("channel ops (").contains("accepted the test message");
      assertThat(ok.requests()).singleElement().satisfies(r -> {
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.body()).contains("\"event\":\"escalation\"").contains("test_message")
            .contains("if you read this, the channel works");
      });

      Run refused = medic("notify", "test", "closed", "-c", cfg.toString());
      assertThat(refused.code()).isEqualTo(1);
      assertThat(refused.err()).contains("not sent: channel closed").contains("HTTP 403");

      Run unknown = medic("notify", "test", "pager", "-c", cfg.toString());
      assertThat(unknown.code()).isEqualTo(2);
      assertThat(unknown.err()).contains("no channel named 'pager'").contains("configured: ops, closed");
    }
  }
}
