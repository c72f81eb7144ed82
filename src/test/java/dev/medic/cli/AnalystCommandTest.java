package dev.medic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalystCommandTest {

  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private static synchronized Run medic(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      return new Run(Main.execute(args), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void scoresTheRuleAnalystOnTheShippedFixturesByDefault() {
    Run run = medic("analyst", "score");

    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("01-web-api-db-chain", "db db_connection_error")
        .containsPattern("(?m)^top-1 accuracy: \\d+/\\d+ \\(\\d+\\.\\d %\\)$")
        .containsPattern("(?m)^root target only: \\d+/\\d+ \\(\\d+\\.\\d %\\)$");
  }

  @Test
  void scoresTheFixturesOfAGivenDirectory() throws Exception {
    Files.writeString(dir.resolve("01-db.json"), """
        {"expected": {"root_target": "db", "root_condition": "db_connection_error"},
         "bundle": {"incident": {"id": 2, "target": "api", "condition": "http_error", "state": "open",
                                 "opened_at": "2026-11-30T10:00:10Z"},
                    "neighbourhood": {"depends_on": [{"target": "db", "status": "down", "distance": 1,
                      "open_incidents": [{"id": 1, "target": "db", "condition": "db_connection_error",
                                          "state": "open", "opened_at": "2026-11-30T10:00:00Z"}]}]}}}
        """);

    Run run = medic("analyst", "score", dir.toString());

    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("01-db")
        .endsWith("top-1 accuracy: 1/1 (100.0 %)\nroot target only: 1/1 (100.0 %)\n");
  }

  @Test
  void anAnalystTheConfigDoesNotNameIsAClearError() throws Exception {
    Path config = dir.resolve("medic.yaml");
    Files.writeString(config, """
        targets:
          - name: web
            checks: [{ type: tcp, port: 8080 }]
        """);

    Run run = medic("analyst", "score", "--analyst", "llm", "-c", config.toString());

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("--analyst: no analyst named 'llm' in escalation.analysts of " + config)
        .contains("or rules");
    assertThat(run.out()).doesNotContain("top-1 accuracy");
  }

  @Test
  void aDirectoryWithoutFixturesIsAClearError() {
    Run run = medic("analyst", "score", dir.toString());

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains(dir + ": no *.json fixtures in it");
  }

  @Test
  void helpNamesTheCommandAndItsOptions() {
    Run score = medic("analyst", "score", "--help");
    Run analyst = medic("analyst", "--help");

    assertThat(score.code()).isZero();
    assertThat(score.out()).contains("Usage: medic analyst score [-h] [--analyst=NAME] [-c=FILE] [DIR]");
    assertThat(analyst.code()).isZero();
    assertThat(analyst.out()).contains("Usage: medic analyst", "score");
  }
}
