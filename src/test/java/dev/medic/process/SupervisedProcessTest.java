package dev.medic.process;

import dev.medic.config.ProcessSpec;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SupervisedProcessTest {

  private static SupervisedProcess started(List<String> command, CompletableFuture<SupervisedProcess.Exit> exit)
      throws IOException {
    SupervisedProcess p = new SupervisedProcess("web", new ProcessSpec(command, null, null, null, null),
        Clock.systemUTC(), exit::complete, ChildLedger.inMemory());
    p.start();
    return p;
  }

  private static void signal(String signal, long pid) throws Exception {
    assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor()).isZero();
  }

  @Test
  void processKilledBySigkillReadsKilledBySigkillNotCode137() throws Exception {
    CompletableFuture<SupervisedProcess.Exit> exit = new CompletableFuture<>();
    SupervisedProcess p = started(List.of("/bin/sleep", "1003.5"), exit);

    signal("KILL", p.pid());

    SupervisedProcess.Exit e = exit.get(5, TimeUnit.SECONDS);
    assertThat(e.describe()).isEqualTo("killed by SIGKILL");
    assertThat(e.signal()).contains("SIGKILL");
    assertThat(p.lastExit()).contains(e);
  }

  @Test
  void processThatSegfaultsReadsKilledBySigsegv() throws Exception {
    CompletableFuture<SupervisedProcess.Exit> exit = new CompletableFuture<>();
    SupervisedProcess p = started(List.of("/bin/sleep", "1004.5"), exit);

    signal("SEGV", p.pid());

    assertThat(exit.get(5, TimeUnit.SECONDS).describe()).isEqualTo("killed by SIGSEGV");
  }

  @Test
  void processThatExitsOnItsOwnReadsExitedWithItsCode() throws Exception {
    CompletableFuture<SupervisedProcess.Exit> exit = new CompletableFuture<>();
    started(List.of("/bin/sh", "-c", "exit 3"), exit);

    SupervisedProcess.Exit e = exit.get(5, TimeUnit.SECONDS);
    assertThat(e.describe()).isEqualTo("exited with code 3");
    assertThat(e.signal()).isEmpty();
  }

  @Test
  void outputLinesZeroKeepsNoLinesAndStillDrainsTheOutput() throws Exception {
    // More than a pipe holds: were its output no longer read (or closed), it would block or die of SIGPIPE.
    CompletableFuture<SupervisedProcess.Exit> exit = new CompletableFuture<>();
    SupervisedProcess p = new SupervisedProcess("web",
        new ProcessSpec(List.of("/usr/bin/seq", "1", "100000"), null, null, 0, null),
        Clock.systemUTC(), exit::complete, ChildLedger.inMemory());
    p.start();

    SupervisedProcess.Exit e = exit.get(5, TimeUnit.SECONDS);
    assertThat(e.describe()).isEqualTo("exited with code 0");
    assertThat(e.lastLines()).isEmpty();
  }

  @Test
  void aHugeLineWithoutNewlineIsCutNotKeptWhole() throws Exception {
    CompletableFuture<SupervisedProcess.Exit> exit = new CompletableFuture<>();
    // 8 MB of one line, then the line that says why it died (without a newline at the end).
    started(List.of("/bin/sh", "-c", "head -c 8000000 /dev/zero | tr '\\0' x; printf '\\npanic: out of memory'; exit 2"), exit);

    List<String> lines = exit.get(10, TimeUnit.SECONDS).lastLines();
    assertThat(lines).hasSize(2);
    assertThat(lines.getFirst()).hasSize(SupervisedProcess.MAX_LINE_CHARS + BoundedLines.CUT.length())
        .startsWith("xxxx").endsWith(BoundedLines.CUT);
    assertThat(lines.getLast()).isEqualTo("panic: out of memory");
  }

  @Test
  void exitKeepsTheLastFiftyLinesTheProcessPrinted() throws Exception {
    CompletableFuture<SupervisedProcess.Exit> exit = new CompletableFuture<>();
    started(List.of("/bin/sh", "-c", "seq 1 80; echo 'fatal: disk full' >&2; exit 1"), exit);

    List<String> expected = IntStream.rangeClosed(32, 80).mapToObj(Integer::toString)
        .collect(Collectors.toList());
    expected.add("fatal: disk full");
    assertThat(exit.get(5, TimeUnit.SECONDS).lastLines()).containsExactlyElementsOf(expected);
  }

  @Test
  void exitCarriesTheLinesTheProcessPrintedJustBeforeItDied() throws Exception {
    // The exit and the end of the output race each other; one run rarely shows it, forty do.
    for (int run = 0; run < 40; run++) {
      CompletableFuture<SupervisedProcess.Exit> exit = new CompletableFuture<>();
      SupervisedProcess p = new SupervisedProcess("web",
          new ProcessSpec(List.of("/bin/sh", "-c", "echo starting; echo 'fatal: no config'; exit 3"), null, null, null, null),
          Clock.systemUTC(), exit::complete, ChildLedger.inMemory());
      p.start();
      SupervisedProcess.Exit e = exit.get(5, TimeUnit.SECONDS);
      assertThat(e.exitCode()).isEqualTo(3);
      assertThat(e.lastLines()).as("run %d", run).containsSubsequence("starting", "fatal: no config");
    }
  }
}
