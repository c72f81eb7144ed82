package dev.medic.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.support.MedicProcess;
import dev.medic.support.TestHttpServer;
import dev.medic.support.TestServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Passwords and tokens in a check URL (user-info and query), in command arguments, in an http
 * action URL, all from the environment: none of them reaches the API, the audit, the log, a
 * webhook or the CLI's JSON.
 */
class SecretsStayOutOfEveryOutputTest {

  @TempDir Path dir;

  private static final Map<String, String> ENV = Map.of(
      "APP_PASSWORD", "pw-s3cret_1",
      "APP_TOKEN", "tok-abc-123",
      "FIX_ARG", "arg-xyz-789",
      "HOOK_KEY", "key-hook-456");

  @Test
  void secretsFromTheEnvironmentAndInUrlsNeverLeaveMedic() throws Exception {
    try (TestHttpServer app = new TestHttpServer(() -> 500); TestHttpServer webhook = new TestHttpServer(() -> 200)) {
      int api = TestServices.freePort();
      String yaml = """
          agent: { interval: 200ms, timeout: 1s, verify_timeout: 1s, failures: 1, api: "127.0.0.1:%d", store: "sqlite:%s" }
          targets:
            - name: app
              checks:
                - type: http
                  url: "http://medic:${APP_PASSWORD}@127.0.0.1:%d/health?token=${APP_TOKEN}"
          strategies:
            - name: fix_with_arg
              conditions: [http_error]
              action: { type: command, command: ["/bin/echo", "--password", "${FIX_ARG}"] }
              max_attempts: 1
              cooldown: 0s
            - name: flush_with_token
              conditions: [http_error]
              action: { type: http, url: "http://127.0.0.1:%d/admin/flush?access_token=${APP_TOKEN}" }
              max_attempts: 1
              cooldown: 0s
          escalation:
            channels:
              - { type: webhook, name: ops, url: "%s?api_key=${HOOK_KEY}" }
          """.formatted(api, dir.resolve("medic.db"), app.port(), app.port(), webhook.url("/hook"));
      Path config = dir.resolve("medic.yaml");
      Files.writeString(config, yaml);
      Path log = dir.resolve("medic.log");
      Process medic = MedicProcess.run(config, log, ENV);
      List<String> outputs = new ArrayList<>();
      try {
        try {
          await().atMost(Duration.ofSeconds(30)).until(() -> !webhook.requests().isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
          throw new AssertionError("no page; medic's log:\n" + Files.readString(log), e);
        }
        HttpClient client = HttpClient.newHttpClient();
        for (String path : List.of("/api/incidents?state=all", "/api/incidents/1", "/api/audit", "/api/targets",
            "/api/approvals", "/health", "/metrics")) {
          HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api + path)).build(),
              HttpResponse.BodyHandlers.ofString());
          outputs.add(path + ": " + r.body());
        }
        // The request that reached the app carried the real credentials: medic used them, it just never shows them.
        assertThat(app.requests()).anySatisfy(r -> assertThat(r.path()).contains("tok-abc-123"));
      } finally {
        medic.destroy();
        medic.waitFor(20, TimeUnit.SECONDS);
      }
      // The receiver's own URL carries its key (that is where the page goes); the page itself must not.
      webhook.requests().forEach(r -> outputs.add("webhook body: " + r.body()));
      outputs.add("log: " + Files.readString(log));
      for (String[] args : List.of(new String[] {"audit", "--json", "--store", dir.resolve("medic.db").toString()},
          new String[] {"incidents", "--json", "--store", dir.resolve("medic.db").toString()})) {
        Path out = dir.resolve(args[0] + ".out");
        Process cli = MedicProcess.command(out, Map.of(), args).start();
        assertThat(cli.waitFor(30, TimeUnit.SECONDS)).isTrue();
        outputs.add(args[0] + " --json: " + Files.readString(out));
      }

      // The places the secrets would have been say that something was hidden there.
      assertThat(String.join("\n", outputs)).contains("fix_with_arg").contains("flush_with_token")
          .contains("/bin/echo --password ***").contains("access_token=***");
      for (String output : outputs) {
        for (String secret : ENV.values()) {
          assertThat(output).as(output.substring(0, Math.min(40, output.length()))).doesNotContain(secret);
        }
      }
    }
  }
}
