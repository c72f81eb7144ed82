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

  /** About 130 KB: past what is kept in memory, so the middle is dropped and both ends survive. */
  @Test
  void keepsBothEndsOfALongOutput() throws Exception {
    CommandRunner.Result r = CommandRunner.run(
        List.of("sh", "-c", "i=0; while [ $i -lt 12000 ]; do echo line $i; i=$((i+1)); done; echo 'the real error'; exit 4"),
        Duration.ofSeconds(20));

    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.succeeded()).isFalse();
    assertThat(r.output()).startsWith("line 0\nline 1\n").contains(" bytes left out ...]").endsWith("line 11999\nthe real error\n");
    assertThat(r.tail()).endsWith("line 11998; line 11999; the real error").hasSizeLessThanOrEqualTo(CommandRunner.TAIL_CHARS + 3);
    assertThat(r.summary(Duration.ofSeconds(20))).startsWith("exit 4: ").endsWith("the real error");
  }

  @Test
  void argumentsAreDataNotShellSyntax() throws Exception {
    CommandRunner.Result r = CommandRunner.run(List.of("echo", "$(id); rm -rf /tmp/nothing"), Duration.ofSeconds(10));

    assertThat(r.succeeded()).isTrue();
    assertThat(r.tail()).isEqualTo("$(id); rm -rf /tmp/nothing");
  }

  @Test
  void saysWhenTheProgramCannotStart() throws Exception {
    CommandRunner.Result r = CommandRunner.run(List.of("/nonexistent/renew"), Duration.ofSeconds(10));

    assertThat(r.started()).isFalse();
    assertThat(r.succeeded()).isFalse();
    assertThat(r.summary(Duration.ofSeconds(10))).startsWith("cannot start /nonexistent/renew: ");
  }
}
