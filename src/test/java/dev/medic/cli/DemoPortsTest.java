package dev.medic.cli;

import dev.medic.demo.DemoService;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.demo.PortOwner;
import dev.medic.process.ProcessTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's ports: checked before it starts, and never the fixed ones when asked for free ones. */
class DemoPortsTest {

  @TempDir Path dir;

  @Test
  void demoRefusesToStartOnATakenPortAndNamesWhatHoldsIt() throws Exception {
    try (ServerSocket holder = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = holder.getLocalPort(); // checkout's port with --service-ports PORT
      PrintStream err = System.err;
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      int code;
      try {
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        code = Main.execute("demo", "--duration", "3s", "--api", "off", "--service-ports", Integer.toString(port),
            "--store", "sqlite:" + dir.resolve("demo.db"));
      } finally {
        System.setErr(err);
      }

      assertThat(code).isEqualTo(1);
      assertThat(captured.toString(StandardCharsets.UTF_8))
          .contains("port " + port + " (checkout) is taken by pid " + ProcessHandle.current().pid() + " (")
          .contains("--service-ports");
      assertThat(dir.resolve("demo.db")).doesNotExist();
    }
  }

  @Test
  void servicePortsThatAreNoPortAreRefusedByName() {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int code;
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      code = Main.execute("demo", "--duration", "3s", "--api", "off", "--service-ports", "65534",
          "--store", "sqlite:" + dir.resolve("demo.db"));
    } finally {
      System.setErr(err);
    }

    assertThat(code).isEqualTo(2);
    assertThat(captured.toString(StandardCharsets.UTF_8))
        .contains("--service-ports must be a port from 1 to 65533 or 'free', got '65534'");
  }

  @Test
  void demoOnFreePortsRunsItsServicesOffTheFixedPorts() throws Exception {
    CompletableFuture<Integer> demo = CompletableFuture.supplyAsync(() -> Main.execute("demo", "--duration", "10s",
        "--api", "127.0.0.1:0", "--service-ports", "free", "--store", "sqlite:" + dir.resolve("demo.db")));
    Pattern portArgument = Pattern.compile("DemoService --port (\\d+) --mode crash");
    ProcessHandle checkout = await().atMost(Duration.ofSeconds(20)).until(() -> ProcessHandle.current().children()
        .filter(p -> ProcessTable.commandLine(p).map(c -> portArgument.matcher(c).find()).orElse(false))
        .findFirst(), Optional::isPresent).orElseThrow();
    Matcher m = portArgument.matcher(ProcessTable.commandLine(checkout).orElseThrow());
    assertThat(m.find()).isTrue();
    int port = Integer.parseInt(m.group(1));

    assertThat(port).isNotIn(18081, 18082, 18083);
    await().atMost(Duration.ofSeconds(20))
        .until(() -> PortOwner.of(port).orElse("").startsWith("pid " + checkout.pid() + " "));
    assertThat(demo.get()).isZero();
  }

  @Test
  void startUpCacheIsTrainedOnFreePortsAndAnEphemeralApi() throws Exception {
    // A stand-in java that records how medic_prepare_cache runs it, so the real script is exercised.
    Path home = Files.createDirectories(dir.resolve("jdk/bin"));
    Path args = dir.resolve("args");
    for (String tool : List.of("java", "javac")) {
      Path script = home.resolve(tool);
      Files.writeString(script, """
          #!/bin/sh
          if [ "$1" = -version ]; then echo 'openjdk version "25" 2025-09-16' >&2; exit 0; fi
          printf '%%s\\n' "$@" > '%s'
          """.formatted(args));
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Path jar = Files.writeString(dir.resolve("medic.jar"), "");
    Path lib = Path.of("bin/lib.sh").toAbsolutePath();

    Process p = new ProcessBuilder("bash", "-c", ". '" + lib + "'; JAVA_HOME='" + home.getParent() + "' medic_prepare_cache '" + jar + "'")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();

    List<String> argv = Files.readAllLines(args);
    assertThat(argv).containsSubsequence("demo", "--service-ports", "free");
    assertThat(argv).containsSubsequence("--api", "127.0.0.1:0");
  }
}
