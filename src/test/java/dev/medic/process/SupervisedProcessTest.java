package dev.medic.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SupervisedProcessTest {

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
