package dev.medic.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.support.MedicProcess;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code medic run} re-reads its config on SIGHUP; a bad file keeps the running config. */
class ReloadTest {

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();

  private List<String> targets(int port) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/targets")).build(),
        HttpResponse.BodyHandlers.ofString());
    List<String> names = new ArrayList<>();
    for (JsonNode t : new ObjectMapper().readTree(r.body())) {
      names.add(t.get("name").asText());
    }
    return names;
  }

  private static String config(int apiPort, Path dir, String... targets) {
    StringBuilder sb = new StringBuilder("""
        agent:
          api: 127.0.0.1:%d
          store: sqlite:%s
          interval: 1s
        targets:
        """.formatted(apiPort, dir.resolve("medic.db")));
    for (String t : targets) {
      sb.append("""
            - name: %s
              checks:
                - type: command
                  command: ["/bin/true"]
          """.formatted(t));
    }
    return sb.toString();
  }

  @Test
  void sighupReloadsTheConfigAndABadFileKeepsTheRunningOne() throws Exception {
    int port = TestServices.freePort();
    Path cfg = dir.resolve("medic.yaml");
    Files.writeString(cfg, config(port, dir, "alpha"));
    Path log = dir.resolve("medic.log");
    Process medic = MedicProcess.run(cfg, log);
    try {
      await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> targets(port).equals(List.of("alpha")));

      Files.writeString(cfg, config(port, dir, "alpha", "beta"));
      new ProcessBuilder("kill", "-HUP", Long.toString(medic.pid())).start().waitFor();
      await().atMost(Duration.ofSeconds(10)).until(() -> targets(port).equals(List.of("alpha", "beta")));

      Files.writeString(cfg, config(port, dir, "alpha", "beta", "gamma") + "    bogus_key: 1\n");
      new ProcessBuilder("kill", "-HUP", Long.toString(medic.pid())).start().waitFor();
      await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(log).contains("reload rejected"));
      assertThat(Files.readString(log)).contains("unknown key 'bogus_key'");
      assertThat(targets(port)).containsExactly("alpha", "beta");
      assertThat(medic.isAlive()).isTrue();
    } finally {
      medic.destroy();
      medic.waitFor();
    }
  }
}
