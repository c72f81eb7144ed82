package dev.medic.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class CommandRunnerTest {

  /** The sleep this test started, told from any other by its odd duration. */
  private static Optional<ProcessHandle> sleeper() {
    return ProcessHandle.current().children()
        .filter(p -> p.info().arguments().map(a -> List.of(a).contains("301.25")).orElse(false))
        .findFirst();
  }

  @Test
  void commandThatOutlivesItsTimeoutIsKilled() throws Exception {
    CommandRunner.Result r = CommandRunner.run(List.of("/bin/sleep", "301.25"), Duration.ofMillis(200));
    assertThat(r.timedOut()).isTrue();
    assertThat(r.exitCode()).isEqualTo(-1);
    await().atMost(Duration.ofSeconds(5)).until(() -> sleeper().isEmpty());
  }

  @Test
  void interruptedRunKillsTheCommandInsteadOfLeavingItBehind() throws Exception {
    AtomicBoolean interrupted = new AtomicBoolean();
    Thread runner = Thread.ofPlatform().start(() -> {
      try {
        CommandRunner.run(List.of("/bin/sleep", "301.25"), Duration.ofMinutes(5));
      } catch (InterruptedException e) {
        interrupted.set(true);
      }
    });
    ProcessHandle child = await().atMost(Duration.ofSeconds(5)).until(CommandRunnerTest::sleeper, Optional::isPresent)
        .orElseThrow();

    runner.interrupt(); // medic shutting down while a command action runs
    runner.join(Duration.ofSeconds(5));

    assertThat(interrupted).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> !child.isAlive());
  }
}
