package dev.medic.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code medic mcp}'s options, before it serves anything. */
class McpCommandTest {

  @TempDir Path dir;

  private record Run(int code, String err) {}

  private static Run medic(String... args) {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      return new Run(Main.execute(args), captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(err);
    }
  }

  @Test
  void anApiThatIsNotAnHttpUrlIsRefusedNamingTheOption() {
    Run run = medic("mcp", "--api", "ftp://medic.example/");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("medic mcp: --api must be a URL like http://127.0.0.1:8787, got 'ftp://medic.example/'");
  }

  @Test
  void aConfigWhoseApiIsOffSaysToGiveTheApi() throws Exception {
    Path cfg = dir.resolve("medic.yaml");
    Files.writeString(cfg, """
        agent: {api: "off"}
        targets:
          - name: web
            checks: [{type: tcp, host: 127.0.0.1, port: 80}]
        """);
    Run run = medic("mcp", "-c", cfg.toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("agent.api is off", "--api URL");
  }
}
