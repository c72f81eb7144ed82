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

  /**
   * Any model is scored on the same fixtures by pointing a config at it: here an OpenAI-compatible
   * server that always names the database, so it hits the fixture whose root is the database and
   * misses the other, and is asked once per fixture.
   */
  @Test
  void scoresAnLlmAnalystThatTheConfigPointsAt() throws Exception {
    String fixture = """
        {"expected": {"root_target": "%s", "root_condition": "%s"},
         "bundle": {"incident": {"id": 2, "target": "api", "condition": "http_error", "state": "open",
                                 "opened_at": "2026-11-30T10:00:10Z"}}}
        """;
    Files.writeString(dir.resolve("01-db.json"), fixture.formatted("db", "db_connection_error"));
    Files.writeString(dir.resolve("02-cache.json"), fixture.formatted("cache", "redis_down"));
    String answer = "{\"root_cause\": \"the database refuses connections\", \"root_target\": \"db\","
        + " \"root_condition\": \"db_connection_error\", \"evidence\": [\"api depends on db\"],"
        + " \"confidence\": 0.7, \"verdict\": \"ERRORS_INVESTIGATE\", \"suggested_actions\": []}";
    String reply = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(java.util.Map.of(
        "id", "chatcmpl-1", "object", "chat.completion", "created", 1764496800, "model", "local-model",
        "choices", java.util.List.of(java.util.Map.of("index", 0, "finish_reason", "stop",
            "message", java.util.Map.of("role", "assistant", "content", answer))),
        "usage", java.util.Map.of("prompt_tokens", 900, "completion_tokens", 60, "total_tokens", 960)));
    java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
    com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/chat/completions", exchange -> {
      exchange.getRequestBody().readAllBytes();
      asked.incrementAndGet();
      byte[] body = reply.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try {
      Path config = dir.resolve("medic.yaml");
      Files.writeString(config, """
          targets:
            - name: web
              checks: [{ type: tcp, port: 8080 }]
          escalation:
            analysts:
              - name: local
                type: llm
                base_url: http://127.0.0.1:%d/v1
                model: local-model
                timeout: 10s
          """.formatted(server.getAddress().getPort()));

      Run run = medic("analyst", "score", dir.toString(), "--analyst", "local", "-c", config.toString());

      assertThat(run.code()).as(run.err()).isZero();
      assertThat(asked).hasValue(2);
      assertThat(run.out()).contains("01-db", "02-cache")
          .endsWith("top-1 accuracy: 1/2 (50.0 %)\nroot target only: 1/2 (50.0 %)\n");
    } finally {
      server.stop(0);
    }
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
