package dev.medic.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.support.TestServices;
import dev.medic.support.TestTokens;
import java.io.IOException;
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
        """.formatted(apiPort, dir.resolve("medic.db")) + TestTokens.access("viewer").strip() + "\ntargets:\n");
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

  /** {@code medic run -c cfg} on this test's JDK and classpath, behind {@code prefix}; output to {@code log}. */
  private static Process medic(List<String> prefix, Path cfg, Path log) throws IOException {
    List<String> command = new ArrayList<>(prefix);
    command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        "dev.medic.cli.Main", "run", "-c", cfg.toString()));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** The command prefix bin/medic puts before java to reset SIGHUP, as bin/lib.sh computes it. */
  private static List<String> binMedicSignalReset() throws Exception {
    Process p = new ProcessBuilder("bash", "-c", ". bin/lib.sh && medic_signal_reset && printf '%s\\n' \"${MEDIC_SIGNAL_RESET[@]}\"")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    assertThat(p.waitFor()).as(out).isZero();
    return out.isEmpty() ? List.of() : List.of(out.split("\n"));
  }

  private static void hangup(Process medic) throws Exception {
    new ProcessBuilder("kill", "-HUP", Long.toString(medic.pid())).start().waitFor();
  }

  @Test
  void underNohupBinMedicsLaunchStillReloadsOnSighup() throws Exception {
    int port = TestServices.freePort();
    Path cfg = dir.resolve("medic.yaml");
    Files.writeString(cfg, config(port, dir, "alpha"));
    Path log = dir.resolve("medic.log");
    // nohup's "ignore SIGHUP", then the reset bin/medic applies (read from bin/lib.sh itself).
    List<String> prefix = new ArrayList<>(List.of("nohup"));
    prefix.addAll(binMedicSignalReset());
    assertThat(prefix).as("bin/lib.sh resets SIGHUP here (GNU env >= 8.31)").hasSizeGreaterThan(1);
    Process medic = medic(prefix, cfg, log);
    try {
      await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> targets(port).equals(List.of("alpha")));
      assertThat(Files.readString(log)).doesNotContain("SIGHUP RELOAD IS UNAVAILABLE");

      Files.writeString(cfg, config(port, dir, "alpha", "beta"));
      hangup(medic);
      await().atMost(Duration.ofSeconds(10)).until(() -> targets(port).equals(List.of("alpha", "beta")));
    } finally {
      medic.destroy();
      medic.waitFor();
    }
  }

  @Test
  void aJvmThatInheritedAnIgnoredSighupSaysSoLoudlyAndPointsToTheApi() throws Exception {
    int port = TestServices.freePort();
    Path cfg = dir.resolve("medic.yaml");
    Files.writeString(cfg, config(port, dir, "alpha"));
    Path log = dir.resolve("medic.log");
    Process medic = medic(List.of("nohup"), cfg, log);
    try {
      await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> targets(port).equals(List.of("alpha")));

      assertThat(Files.readString(log)).contains("SIGHUP RELOAD IS UNAVAILABLE").contains("POST /api/reload");
      Files.writeString(cfg, config(port, dir, "alpha", "beta"));
      HttpResponse<String> reload = http.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/api/reload")).POST(HttpRequest.BodyPublishers.noBody())
              .header("Authorization", TestTokens.bearer(TestTokens.ADMIN)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(reload.statusCode()).isEqualTo(200);
      assertThat(targets(port)).containsExactly("alpha", "beta");
    } finally {
      medic.destroy();
      medic.waitFor();
    }
  }

  @Test
  void aRejectedReloadNeverEchoesAValueFromTheEnvironment() throws Exception {
    int port = TestServices.freePort();
    Path cfg = dir.resolve("medic.yaml");
    Files.writeString(cfg, config(port, dir, "alpha"));
    Path log = dir.resolve("medic.log");
    List<String> command = new ArrayList<>(List.of("env", "--default-signal=HUP", "DB_PORT=hunter22-port"));
    Process medic = medic(command, cfg, log);
    try {
      await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> targets(port).equals(List.of("alpha")));

      Files.writeString(cfg, config(port, dir, "alpha") + """
            - name: db
              checks: [{type: tcp, port: "${DB_PORT}"}]
          """);
      HttpResponse<String> reload = http.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/api/reload")).POST(HttpRequest.BodyPublishers.noBody())
              .header("Authorization", TestTokens.bearer(TestTokens.ADMIN)).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(reload.body()).contains("targets[1].checks[0].port", "***").doesNotContain("hunter22");
      await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(log).contains("reload rejected"));
      assertThat(Files.readString(log)).doesNotContain("hunter22");
    } finally {
      medic.destroy();
      medic.waitFor();
    }
  }

  @Test
  void sighupReloadsTheConfigAndABadFileKeepsTheRunningOne() throws Exception {
    int port = TestServices.freePort();
    Path cfg = dir.resolve("medic.yaml");
    Files.writeString(cfg, config(port, dir, "alpha"));
    Path log = dir.resolve("medic.log");
    // As bin/medic starts it: with SIGHUP at its default, whatever this test JVM inherited (nohup).
    Process medic = medic(List.of("env", "--default-signal=HUP"), cfg, log);
    try {
      await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> targets(port).equals(List.of("alpha")));

      Files.writeString(cfg, config(port, dir, "alpha", "beta"));
      hangup(medic);
      await().atMost(Duration.ofSeconds(10)).until(() -> targets(port).equals(List.of("alpha", "beta")));

      Files.writeString(cfg, config(port, dir, "alpha", "beta", "gamma") + "    bogus_key: 1\n");
      hangup(medic);
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
