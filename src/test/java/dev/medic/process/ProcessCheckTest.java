package dev.medic.process;

import dev.medic.spi.Bindings;
import dev.medic.spi.ProbeContext;
import dev.medic.spi.ProbeResult;
import dev.medic.spi.Status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.medic.config.ProcessSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process check on processes medic did not start: found by pidfile or by command line. */
class ProcessCheckTest {

  @TempDir Path dir;

  private final ProbeContext ctx = new ProbeContext("t", Clock.systemUTC(), Bindings.none());
  private Process started;

  @AfterEach
  void stopStarted() {
    if (started != null) {
      started.descendants().forEach(ProcessHandle::destroyForcibly);
      started.destroyForcibly();
    }
  }

  private ProbeResult run(ProcessCheck check) throws InterruptedException {
    return check.create(ctx).run(Duration.ofSeconds(1));
  }

  @Test
  void processKilledWhileItsParentDoesNotReapItIsDown() throws Exception {
    Path pidfile = dir.resolve("app.pid");
    // After exec the parent is a sleep, which never waits for its child: a killed child stays a zombie.
    started = new ProcessBuilder("/bin/sh", "-c", "sleep 1000.25 & echo $! > '" + pidfile + "'; exec sleep 1001.25")
        .start();
    await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(pidfile) && !Files.readString(pidfile).isBlank());
    long pid = Long.parseLong(Files.readString(pidfile).strip());
    ProcessCheck check = new ProcessCheck(null, null, null, pidfile, null);
    assertThat(run(check).status()).isEqualTo(Status.UP);

    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    await().atMost(Duration.ofSeconds(5)).until(() -> state(pid) == 'Z');

    ProbeResult r = run(check);
    assertThat(r.status()).isEqualTo(Status.DOWN);
    assertThat(r.condition()).isEqualTo("process_exited");
    assertThat(r.message()).isEqualTo("pid " + pid + " is not running");
  }

  @Test
  void matchIsAgainstTheArgvAsPsShowsItNotTheResolvedExecutable() throws Exception {
    Path sleep = Path.of("/bin/sleep").toRealPath();
    Path link = Files.createSymbolicLink(dir.resolve("nightly-report"), sleep);
    started = new ProcessBuilder(link.toString(), "302.75").start();

    String ps = ps(started.pid());
    assertThat(ps).isEqualTo(link + " 302.75");
    assertThat(ProcessTable.commandLine(started.toHandle())).contains(ps);
    ProbeResult r = run(new ProcessCheck(null, null, null, null, Pattern.compile("^" + Pattern.quote(link.toString()) + " 302\\.75$")));
    assertThat(r.status()).isEqualTo(Status.UP);
    assertThat(r.metrics()).containsEntry("processes", 1.0);
  }

  @Test
  void pythonStartedAsUsrBinPython3MatchesTheWayPsShowsIt() throws Exception {
    Path python = Path.of("/usr/bin/python3");
    assumeThat(Files.isSymbolicLink(python)).as("/usr/bin/python3 is a link to a versioned python").isTrue();
    started = new ProcessBuilder(python.toString(), "-m", "http.server", "0", "--bind", "127.0.0.1")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
    await().atMost(Duration.ofSeconds(5)).until(() -> ps(started.pid()).contains("http.server"));

    ProbeResult r = run(new ProcessCheck(null, null, null, null, Pattern.compile("^/usr/bin/python3 -m http.server")));

    assertThat(r.status()).as(r.message()).isEqualTo(Status.UP);
  }

  @Test
  void matchDoesNotCountAZombie() throws Exception {
    // A zombie keeps its pid but no argv; the check must not count it by any other name.
    started = new ProcessBuilder("/bin/sh", "-c", "sleep 303.5 & exec sleep 1002.25").start();
    Pattern pattern = Pattern.compile("^sleep 303\\.5$");
    await().atMost(Duration.ofSeconds(5)).until(() -> run(new ProcessCheck(null, null, null, null, pattern)).status() == Status.UP);
    ProcessHandle child = started.children().findFirst().orElseThrow();
    child.destroyForcibly();
    await().atMost(Duration.ofSeconds(5)).until(() -> state(child.pid()) == 'Z');

    assertThat(run(new ProcessCheck(null, null, null, null, pattern)).condition()).isEqualTo("process_exited");
  }

  @Test
  void supervisedProcessKilledBySignalSaysWhichWithItsLastLine() throws Exception {
    try (Supervisor supervisor = new Supervisor(Clock.systemUTC(), exit -> {}, ChildLedger.inMemory())) {
      SupervisedProcess p = supervisor.supervise("t", new ProcessSpec(
          List.of("/bin/sh", "-c", "echo 'worker ready'; exec sleep 1009.5"), null, null, null, null));
      await().atMost(Duration.ofSeconds(5)).until(() -> p.lastLines().contains("worker ready"));
      ProbeContext supervised = new ProbeContext("t", Clock.systemUTC(), Bindings.builder().bind(Supervisor.class, supervisor).build());

      ProcessHandle.of(p.pid()).orElseThrow().destroyForcibly();
      await().atMost(Duration.ofSeconds(5)).until(() -> p.lastExit().isPresent());

      ProbeResult r = new ProcessCheck(null, null, null, null, null).create(supervised).run(Duration.ofSeconds(1));
      assertThat(r.condition()).isEqualTo("process_exited");
      assertThat(r.message()).isEqualTo("process killed by SIGKILL: worker ready");
    }
  }

  private static char state(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    return stat.charAt(stat.lastIndexOf(')') + 2);
  }

  private static String ps(long pid) throws IOException, InterruptedException {
    Process ps = new ProcessBuilder(List.of("ps", "-o", "args=", "-p", Long.toString(pid))).start();
    String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    ps.waitFor();
    return out;
  }
}
